-- CreateTable
CREATE TABLE "ImportSettingsSnapshot" (
    "importJobId" INTEGER NOT NULL,
    "takenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "config" JSONB NOT NULL,
    "requestTypes" JSONB NOT NULL,

    CONSTRAINT "ImportSettingsSnapshot_pkey" PRIMARY KEY ("importJobId")
);

-- AddForeignKey
ALTER TABLE "ImportSettingsSnapshot" ADD CONSTRAINT "ImportSettingsSnapshot_importJobId_fkey" FOREIGN KEY ("importJobId") REFERENCES "ImportJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;
