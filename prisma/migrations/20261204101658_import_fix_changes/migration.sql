-- CreateTable
CREATE TABLE "ImportFixChange" (
    "fixId" INTEGER NOT NULL,
    "importRowId" BIGINT NOT NULL,
    "changes" JSONB NOT NULL,

    CONSTRAINT "ImportFixChange_pkey" PRIMARY KEY ("fixId","importRowId")
);

-- AddForeignKey
ALTER TABLE "ImportFixChange" ADD CONSTRAINT "ImportFixChange_fixId_fkey" FOREIGN KEY ("fixId") REFERENCES "ImportFix"("id") ON DELETE CASCADE ON UPDATE CASCADE;
