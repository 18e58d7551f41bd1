-- AlterTable
ALTER TABLE "Issue" ADD COLUMN     "importedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "IssueEvent" ADD COLUMN     "importJobId" INTEGER;

-- AlterTable
ALTER TABLE "Comment" ADD COLUMN     "importJobId" INTEGER;

-- AlterTable
ALTER TABLE "ImportJob" ADD COLUMN     "chunksDone" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "chunksTotal" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rolledBackAt" TIMESTAMP(3),
ADD COLUMN     "usersCreated" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "ImportFile" ADD COLUMN     "blocked" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "ImportRow" ADD COLUMN     "statusReason" TEXT;

-- AlterTable
ALTER TABLE "ImportChunk" ADD COLUMN     "error" TEXT,
ADD COLUMN     "workerId" TEXT;
