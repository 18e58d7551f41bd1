import "server-only";
import { getDb, type Db } from "../db/client.ts";
import type { StoredUpload } from "../uploads/upload-storage.ts";
import { createImportJob } from "./import-jobs.ts";

// An import starts as a draft: the CSM picks the organization, then files stream in one by one.

export function createDraftImportJob(input: { organizationId: number; createdById: number }, db: Db = getDb()) {
  return createImportJob(input, db);
}

/**
 * Records an uploaded file on the job. Re-uploading a name replaces the earlier file; a job has at
 * most one mapping file, so a new one replaces the old.
 */
export async function attachUploadedFile(jobId: number, kind: "data" | "mapping", name: string, upload: StoredUpload, db: Db = getDb()) {
  return db.$transaction(async (tx) => {
    if (kind === "mapping") await tx.importFile.deleteMany({ where: { importJobId: jobId, kind: "mapping", NOT: { name } } });
    const position = await tx.importFile.count({ where: { importJobId: jobId, kind } });
    const file = await tx.importFile.upsert({
      where: { importJobId_name: { importJobId: jobId, name } },
      update: { kind, sha256: upload.sha256, storageKey: upload.storageKey, byteSize: BigInt(upload.byteSize), header: [], rowCount: 0 },
      create: { importJobId: jobId, kind, name, sha256: upload.sha256, storageKey: upload.storageKey, byteSize: BigInt(upload.byteSize), position },
      select: { id: true, name: true, kind: true, sha256: true },
    });
    if (kind === "mapping") await tx.importJob.update({ where: { id: jobId }, data: { mappingFileName: name } });
    return file;
  });
}
