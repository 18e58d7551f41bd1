import "server-only";
import { getDb, type Db } from "../db/client.ts";
import { finishedStatuses } from "../jobs/import-status.ts";

// An import's progress, kept in Postgres (ingest advances validation by bytes, each chunk's
// transaction advances the import by rows), read by the pages, the status route and the CLI.

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
  return {
    ...job,
    validatedBytes: Number(job.validatedBytes),
    totalBytes: Number(job.totalBytes),
    percent: job.totalRows ? Math.min(100, Math.floor((job.rowsDone / job.totalRows) * 100)) : job.status === "completed" ? 100 : 0,
    finished: finishedStatuses.has(job.status),
  };
}

export type ImportProgress = NonNullable<Awaited<ReturnType<typeof getImportProgress>>>;

/** Why rows were skipped or failed, most frequent first. */
export async function listRowOutcomeReasons(importJobId: number, { take = 20 }: { take?: number } = {}, db: Db = getDb()) {
  const groups = await db.importRow.groupBy({
    by: ["status", "statusReason"],
    where: { importJobId, status: { in: ["skipped", "failed"] } },
    _count: { _all: true },
    orderBy: { _count: { id: "desc" } },
    take,
  });
  return groups.map((group) => ({ status: group.status, reason: group.statusReason ?? "", rows: group._count._all }));
}
