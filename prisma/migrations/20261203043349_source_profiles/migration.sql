-- AlterTable
ALTER TABLE "ImportFile" ADD COLUMN     "sourceHeader" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "sourceProfile" JSONB;

-- CreateTable
CREATE TABLE "SourceProfile" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "definition" JSONB NOT NULL,
    "sourceHeader" TEXT[],
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SourceProfile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SourceProfile_organizationId_idx" ON "SourceProfile"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "SourceProfile_organizationId_name_version_key" ON "SourceProfile"("organizationId", "name", "version");

-- AddForeignKey
ALTER TABLE "SourceProfile" ADD CONSTRAINT "SourceProfile_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
