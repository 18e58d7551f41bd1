-- AlterTable
ALTER TABLE "ImportJob" ADD COLUMN     "submittedAt" TIMESTAMP(3),
ADD COLUMN     "submittedById" INTEGER;

-- CreateIndex
CREATE INDEX "ImportJob_createdById_idx" ON "ImportJob"("createdById");

-- AddForeignKey
ALTER TABLE "ImportJob" ADD CONSTRAINT "ImportJob_submittedById_fkey" FOREIGN KEY ("submittedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
