-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "acknowledgeMessage" TEXT;
