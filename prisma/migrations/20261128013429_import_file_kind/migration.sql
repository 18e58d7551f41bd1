-- CreateEnum
CREATE TYPE "ImportFileKind" AS ENUM ('data', 'mapping');

-- AlterTable
ALTER TABLE "ImportJob" ADD COLUMN     "totalBytes" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "validatedBytes" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "ImportFile" ADD COLUMN     "kind" "ImportFileKind" NOT NULL DEFAULT 'data';
