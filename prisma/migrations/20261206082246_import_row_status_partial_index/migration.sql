-- DropIndex
DROP INDEX "ImportRow_importJobId_status_idx";

-- CreateIndex
CREATE INDEX "ImportRow_importJobId_status_idx" ON "ImportRow"("importJobId", "status") WHERE (status <> 'pending');
