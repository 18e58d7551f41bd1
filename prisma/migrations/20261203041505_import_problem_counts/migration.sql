-- CreateTable
CREATE TABLE "ImportProblemCount" (
    "importJobId" INTEGER NOT NULL,
    "importFileId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "column" TEXT NOT NULL DEFAULT '',
    "severity" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "ImportProblemCount_pkey" PRIMARY KEY ("importFileId","code","column","severity")
);

-- CreateIndex
CREATE INDEX "ImportProblemCount_importJobId_idx" ON "ImportProblemCount"("importJobId");

-- AddForeignKey
ALTER TABLE "ImportProblemCount" ADD CONSTRAINT "ImportProblemCount_importJobId_fkey" FOREIGN KEY ("importJobId") REFERENCES "ImportJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportProblemCount" ADD CONSTRAINT "ImportProblemCount_importFileId_fkey" FOREIGN KEY ("importFileId") REFERENCES "ImportFile"("id") ON DELETE CASCADE ON UPDATE CASCADE;
