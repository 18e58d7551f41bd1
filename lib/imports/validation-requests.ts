import "server-only";
import { getDb, type Db } from "../db/client.ts";
import { sendValidationJob } from "../jobs/validation-queue.ts";
import { validatableStatuses, describeImportStatus } from "../jobs/import-status.ts";
import { recordAuditEvent } from "../auth/audit-log.ts";

// Validation of uploaded files runs in the import worker (it may take minutes for big files);
// the request only marks the job and queues the work. Progress is read from the job row.

export async function requestValidation(jobId: number, userId: number, db: Db = getDb()): Promise<{ ok: true } | { ok: false; reason: string }> {
  const job = await db.importJob.findUnique({ where: { id: jobId }, include: { files: { where: { kind: "data" }, select: { byteSize: true } } } });
  if (!job) return { ok: false, reason: "No such import." };
  if (job.files.length === 0) return { ok: false, reason: "Upload at least one CSV file first." };
  if (!validatableStatuses.has(job.status)) return { ok: false, reason: `Import #${jobId} is ${describeImportStatus(job.status)}; it cannot be validated again now.` };
  const totalBytes = job.files.reduce((sum, file) => sum + file.byteSize, 0n);
  await db.$transaction(async (tx) => {
    await tx.importJob.update({ where: { id: jobId }, data: { status: "validating", totalBytes, validatedBytes: 0n, error: null, createdById: job.createdById ?? userId } });
    await recordAuditEvent({ action: "validation.requested", actorId: userId, importJobId: jobId, summary: `Started checking ${job.files.length} file${job.files.length === 1 ? "" : "s"}` }, tx);
  });
  await sendValidationJob(jobId);
  return { ok: true };
}
