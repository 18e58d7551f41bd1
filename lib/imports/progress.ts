import "server-only";
import type { Db } from "../db/client.ts";

// An import's progress, kept in Postgres by the executor (each chunk's transaction advances it),
// read by the UI and the CLI.

export const finishedImportStatuses = ["completed", "failed", "cancelled", "rolled_back"] as const;

export async function getImportProgress(db: Db, importJobId: number) {
  const job = await db.importJob.findUnique({
    where: { id: importJobId },
    select: {
      id: true, organizationId: true, status: true, onlyValid: true, totalRows: true, validRows: true, rowsDone: true, issuesCreated: true,
      rowsSkipped: true, rowsFailed: true, usersCreated: true, chunksTotal: true, chunksDone: true, rowsPerSecond: true, etaSeconds: true,
      queuedAt: true, startedAt: true, finishedAt: true, heartbeatAt: true, cancelRequestedAt: true, rolledBackAt: true, error: true,
    },
  });
  if (!job) return null;
  return {
    ...job,
    percent: job.totalRows ? Math.min(100, Math.floor((job.rowsDone / job.totalRows) * 100)) : job.status === "completed" ? 100 : 0,
    finished: (finishedImportStatuses as readonly string[]).includes(job.status),
  };
}

export type ImportProgress = NonNullable<Awaited<ReturnType<typeof getImportProgress>>>;

/** Why rows were skipped or failed, most frequent first. */
export async function listRowOutcomeReasons(db: Db, importJobId: number, take = 20) {
  const groups = await db.importRow.groupBy({
    by: ["status", "statusReason"],
    where: { importJobId, status: { in: ["skipped", "failed"] } },
    _count: { _all: true },
    orderBy: { _count: { id: "desc" } },
    take,
  });
  return groups.map((group) => ({ status: group.status, reason: group.statusReason ?? "", rows: group._count._all }));
}
