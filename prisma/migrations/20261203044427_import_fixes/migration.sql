-- CreateEnum
CREATE TYPE "ImportFixStatus" AS ENUM ('queued', 'running', 'done', 'failed');

-- CreateTable
CREATE TABLE "ImportFix" (
    "id" SERIAL NOT NULL,
    "importJobId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "batchId" TEXT NOT NULL,
    "status" "ImportFixStatus" NOT NULL DEFAULT 'queued',
    "options" JSONB NOT NULL DEFAULT '{}',
    "rowsTotal" INTEGER NOT NULL DEFAULT 0,
    "rowsDone" INTEGER NOT NULL DEFAULT 0,
    "rowsChanged" INTEGER NOT NULL DEFAULT 0,
    "cellsChanged" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "undoOfId" INTEGER,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "undoneAt" TIMESTAMP(3),

    CONSTRAINT "ImportFix_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ImportFix_batchId_key" ON "ImportFix"("batchId");

-- CreateIndex
CREATE INDEX "ImportFix_importJobId_createdAt_idx" ON "ImportFix"("importJobId", "createdAt");

-- CreateIndex
CREATE INDEX "ImportFix_importJobId_status_idx" ON "ImportFix"("importJobId", "status");

-- AddForeignKey
ALTER TABLE "ImportFix" ADD CONSTRAINT "ImportFix_importJobId_fkey" FOREIGN KEY ("importJobId") REFERENCES "ImportJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportFix" ADD CONSTRAINT "ImportFix_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportFix" ADD CONSTRAINT "ImportFix_undoOfId_fkey" FOREIGN KEY ("undoOfId") REFERENCES "ImportFix"("id") ON DELETE SET NULL ON UPDATE CASCADE;
