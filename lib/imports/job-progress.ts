import "server-only";
import { getDb, type Db } from "../db/client.ts";

/** The numbers a progress view polls: validation by bytes, import by rows. */
export async function getJobProgress(jobId: number, db: Db = getDb()) {
  const job = await db.importJob.findUnique({
    where: { id: jobId },
    select: {
      id: true, status: true, totalRows: true, validRows: true, errorCount: true, warningCount: true, rowsDone: true, issuesCreated: true,
      rowsSkipped: true, rowsFailed: true, rowsPerSecond: true, etaSeconds: true, validatedBytes: true, totalBytes: true, error: true,
      startedAt: true, finishedAt: true, heartbeatAt: true, usersCreated: true,
    },
  });
  if (!job) return null;
  return { ...job, validatedBytes: Number(job.validatedBytes), totalBytes: Number(job.totalBytes) };
}

export type JobProgress = NonNullable<Awaited<ReturnType<typeof getJobProgress>>>;
