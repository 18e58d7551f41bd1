-- An imported row is now told by its issue; its own status says only why it was not imported.
-- (The migration applier runs the whole file in one transaction.)
UPDATE "ImportRow" SET status = 'pending' WHERE status = 'imported';

-- AlterEnum
CREATE TYPE "ImportRowStatus_new" AS ENUM ('pending', 'skipped', 'failed');
ALTER TABLE "ImportRow" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "ImportRow" ALTER COLUMN "status" TYPE "ImportRowStatus_new" USING ("status"::text::"ImportRowStatus_new");
ALTER TYPE "ImportRowStatus" RENAME TO "ImportRowStatus_old";
ALTER TYPE "ImportRowStatus_new" RENAME TO "ImportRowStatus";
DROP TYPE "ImportRowStatus_old";
ALTER TABLE "ImportRow" ALTER COLUMN "status" SET DEFAULT 'pending';

-- DropIndex
DROP INDEX "Issue_importJobId_idx";

-- AlterTable
ALTER TABLE "ImportRow" DROP COLUMN "issueId";

-- CreateIndex
CREATE INDEX "Issue_importJobId_importFileId_sourceRow_idx" ON "Issue"("importJobId", "importFileId", "sourceRow");
