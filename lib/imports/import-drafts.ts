import "server-only";
import { getDb, type Db } from "../db/client.ts";
import { removeUpload, type StoredUpload } from "../uploads/upload-storage.ts";
import { createImportJob } from "./import-jobs.ts";
import { recordAuditEvent } from "../auth/audit-log.ts";

// An import starts as a draft: the CSM picks the organization, then files stream in one by one.

export function createDraftImportJob(input: { organizationId: number; createdById: number }, db: Db = getDb()) {
  return createImportJob(input, db);
}

/**
 * Records an uploaded file on the job. Re-uploading a name replaces the earlier file; a job has at
 * most one mapping file, so a new one replaces the old.
 */
export async function attachUploadedFile(jobId: number, kind: "data" | "mapping", name: string, upload: StoredUpload, actorId: number | null, db: Db = getDb()) {
  const replaced = await db.$transaction(async (tx) => {
    // The files this one replaces: a re-upload of the name, or the import's earlier mapping file.
    const earlier = await tx.importFile.findMany({ where: { importJobId: jobId, OR: [{ name }, ...(kind === "mapping" ? [{ kind: "mapping" as const }] : [])] }, select: { storageKey: true } });
    if (kind === "mapping") await tx.importFile.deleteMany({ where: { importJobId: jobId, kind: "mapping", NOT: { name } } });
    const position = await tx.importFile.count({ where: { importJobId: jobId, kind } });
    const file = await tx.importFile.upsert({
      where: { importJobId_name: { importJobId: jobId, name } },
      update: { kind, sha256: upload.sha256, storageKey: upload.storageKey, byteSize: BigInt(upload.byteSize), header: [], rowCount: 0 },
      create: { importJobId: jobId, kind, name, sha256: upload.sha256, storageKey: upload.storageKey, byteSize: BigInt(upload.byteSize), position },
      select: { id: true, name: true, kind: true, sha256: true },
    });
    if (kind === "mapping") await tx.importJob.update({ where: { id: jobId }, data: { mappingFileName: name } });
    const what = kind === "mapping" ? "the request-type mapping" : "";
    const summary = `Uploaded ${what ? `${what} ${name}` : name} (${upload.byteSize.toLocaleString("en-US")} bytes)${earlier.length ? ", replacing the earlier file" : ""}`;
    await recordAuditEvent({ action: "file.uploaded", actorId, importJobId: jobId, summary, detail: { fileId: file.id, name, kind, bytes: upload.byteSize, sha256: upload.sha256 } }, tx);
    return { file, earlier: earlier.map((entry) => entry.storageKey).filter((key) => key !== upload.storageKey) };
  });
  for (const key of replaced.earlier) await removeUpload(key);
  return replaced.file;
}
