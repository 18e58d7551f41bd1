import "server-only";
import { getDb, type Db } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { ValidationReport } from "../engine/validate.ts";
import { describeImportStatus, editableStatuses } from "../jobs/import-status.ts";
import { removeUpload } from "../uploads/upload-storage.ts";
import type { JobResult } from "./import-jobs.ts";
import { listFileLevelProblems } from "./review.ts";

// A file with a whole-file error (missing_column, malformed_csv…) blocks its import: the way out
// is to upload it fixed, or to take it out of the import, which this does without validating the
// other files again (their rows, edits and fixes stay).

export type BlockedFile = { id: number; name: string; problems: { code: string; message: string }[] };

/** The import's data files that a whole-file error blocks, with why (from the stored report's whole-file problems). */
export async function listBlockedFiles(jobId: number, db: Db = getDb()): Promise<BlockedFile[]> {
  const files = await db.importFile.findMany({ where: { importJobId: jobId, kind: "data", blocked: true }, orderBy: { position: "asc" }, select: { id: true, name: true } });
  if (!files.length) return [];
  const wholeFile = await listFileLevelProblems(jobId, db);
  return files.map((file) => ({
    ...file,
    problems: wholeFile
      .filter((problem) => problem.file === file.name && problem.row === 0 && problem.severity === "error")
      .map((problem) => ({ code: problem.code, message: problem.message })),
  }));
}

/** Takes a data file out of an import that was never queued: its rows, their edits and counts, its upload. */
export async function removeImportFile(jobId: number, fileId: number, db: Db = getDb()): Promise<JobResult<{ name: string }>> {
  const result = await db.$transaction(async (tx) => {
    const [job] = await tx.$queryRaw<{ status: string; queuedAt: Date | null; report: unknown }[]>`SELECT status::text, "queuedAt", report FROM "ImportJob" WHERE id = ${jobId} FOR NO KEY UPDATE`;
    if (!job) return { ok: false as const, reason: `There is no import #${jobId}.` };
    if (job.queuedAt || !editableStatuses.has(job.status)) return { ok: false as const, reason: `Import #${jobId} is ${describeImportStatus(job.status)}; its files can no longer change.` };
    const file = await tx.importFile.findFirst({ where: { id: fileId, importJobId: jobId, kind: "data" }, select: { id: true, name: true, storageKey: true } });
    if (!file) return { ok: false as const, reason: "That file is not part of the import." };
    const others = await tx.importFile.count({ where: { importJobId: jobId, kind: "data", NOT: { id: fileId } } });
    if (others === 0) return { ok: false as const, reason: `${file.name} is the import's only file: discard the import instead.` };
    // Its rows, their edits and its problem counts go with it (on delete cascade).
    await tx.importFile.delete({ where: { id: file.id } });
    const report = job.report as ValidationReport | null;
    const files = report ? report.files.filter((entry) => entry.file !== file.name) : [];
    const counts = await recount(tx, jobId, report ? { ...report, files } : null);
    // The report's summary follows (its byCode is left as validated: the counts module reads the rows' counts).
    const kept = report
      ? { ...report, files, ok: counts.errorCount === 0, summary: { ...report.summary, files: files.length, rows: counts.totalRows, validRows: counts.validRows, errors: counts.errorCount, warnings: counts.warningCount } }
      : null;
    await tx.importJob.update({ where: { id: jobId }, data: { ...counts, ...(kept ? { report: kept as unknown as Prisma.InputJsonValue } : {}) } });
    return { ok: true as const, name: file.name, storageKey: file.storageKey };
  });
  if (!result.ok) return result;
  await removeUpload(result.storageKey);
  return { ok: true, name: result.name };
}

/** The job's counters from its rows and the whole-file problems left, as validation sets them (ingest.ts markValidated). */
async function recount(tx: Prisma.TransactionClient, jobId: number, report: Pick<ValidationReport, "files" | "mapping"> | null) {
  const [rows] = await tx.$queryRaw<{ rows: bigint; errors: bigint; warnings: bigint; valid: bigint }[]>`
    SELECT count(*) AS rows, coalesce(sum(r."errorCount"), 0) AS errors, coalesce(sum(r."warningCount"), 0) AS warnings,
           count(*) FILTER (WHERE r."errorCount" = 0 AND NOT f.blocked) AS valid
      FROM "ImportRow" r JOIN "ImportFile" f ON f.id = r."importFileId" WHERE r."importJobId" = ${jobId}`;
  const whole = [...(report?.files ?? []).flatMap((file) => file.problems.filter((problem) => problem.row === 0)), ...(report?.mapping?.problems ?? [])];
  const count = (severity: string) => whole.filter((problem) => problem.severity === severity).length;
  return {
    totalRows: Number(rows?.rows ?? 0),
    validRows: Number(rows?.valid ?? 0),
    errorCount: Number(rows?.errors ?? 0) + count("error"),
    warningCount: Number(rows?.warnings ?? 0) + count("warning"),
  };
}
