import "server-only";
import { getDb, type Db } from "../db/client.ts";
import { finishedStatuses } from "../jobs/import-status.ts";
import { getImportOutcome } from "./import-counts.ts";

// An import's progress, kept in Postgres (ingest advances validation by bytes, each chunk's
// transaction advances the import by rows), read by the pages, the status route and the CLI.
// Rows imported, skipped and failed are the counts module's (import-counts.ts).

export async function getImportProgress(importJobId: number, db: Db = getDb()) {
  const job = await db.importJob.findUnique({
    where: { id: importJobId },
    select: {
      id: true, organizationId: true, status: true, onlyValid: true, totalRows: true, validRows: true, errorCount: true, warningCount: true,
      rowsDone: true, issuesCreated: true, rowsSkipped: true, rowsFailed: true, usersCreated: true, chunksTotal: true, chunksDone: true,
      rowsPerSecond: true, etaSeconds: true, validatedBytes: true, totalBytes: true, queuedAt: true, startedAt: true, finishedAt: true,
      heartbeatAt: true, cancelRequestedAt: true, rolledBackAt: true, error: true,
    },
  });
  if (!job) return null;
  // What became of the rows comes from the one counts module (the job's counters only move the bar).
  const outcome = job.queuedAt ? await getImportOutcome(job.id, job, db) : null;
  return {
    ...job,
    outcome,
    validatedBytes: Number(job.validatedBytes),
    totalBytes: Number(job.totalBytes),
    percent: job.totalRows ? Math.min(100, Math.floor((job.rowsDone / job.totalRows) * 100)) : job.status === "completed" ? 100 : 0,
    finished: finishedStatuses.has(job.status),
  };
}

export type ImportProgress = NonNullable<Awaited<ReturnType<typeof getImportProgress>>>;
