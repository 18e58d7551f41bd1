import "server-only";
import { getDb, type Db } from "../db/client.ts";
import { describeImportStatus, discardableWhenUnqueued } from "../jobs/import-status.ts";
import { removeUpload } from "../uploads/upload-storage.ts";
import type { JobResult } from "./import-jobs.ts";
import { recordAuditEvent } from "../auth/audit-log.ts";

/**
 * Discards an import that was never queued (a draft, one being or already validated, or one whose
 * validation failed): its rows, counts and mapping go, its uploaded files are deleted from disk,
 * and the import stays in the list as cancelled, so the history still shows it.
 */
export async function discardImport(importJobId: number, actorId: number | null, db: Db = getDb()): Promise<JobResult<{ removedFiles: number }>> {
  const result = await db.$transaction(async (tx) => {
    const [job] = await tx.$queryRaw<{ status: string; queuedAt: Date | null }[]>`SELECT status::text, "queuedAt" FROM "ImportJob" WHERE id = ${importJobId} FOR NO KEY UPDATE`;
    if (!job) return { ok: false as const, reason: `There is no import #${importJobId}.` };
    const discardable = job.queuedAt === null && discardableWhenUnqueued.has(job.status);
    if (!discardable) return { ok: false as const, reason: `Import #${importJobId} is ${describeImportStatus(job.status)}${job.queuedAt ? " and was queued" : ""}: only an import that was never queued can be discarded.` };
    const files = await tx.importFile.findMany({ where: { importJobId }, select: { storageKey: true } });
    await tx.importRow.deleteMany({ where: { importJobId } });
    await tx.importProblemCount.deleteMany({ where: { importJobId } });
    await tx.importJobMapping.deleteMany({ where: { importJobId } });
    await tx.importChunk.deleteMany({ where: { importJobId } });
    await tx.importFile.updateMany({ where: { importJobId }, data: { storageKey: null } });
    const now = new Date();
    await tx.importJob.update({ where: { id: importJobId }, data: { status: "cancelled", cancelRequestedAt: now, finishedAt: now, totalRows: 0, validRows: 0, errorCount: 0, warningCount: 0, error: "Discarded before it was queued." } });
    await recordAuditEvent({ action: "import.discarded", actorId, importJobId, summary: `Discarded the import and its ${files.length} uploaded file${files.length === 1 ? "" : "s"}`, detail: { from: job.status } }, tx);
    return { ok: true as const, keys: files.map((file) => file.storageKey) };
  });
  if (!result.ok) return result;
  for (const key of result.keys) await removeUpload(key);
  return { ok: true, removedFiles: result.keys.filter(Boolean).length };
}
