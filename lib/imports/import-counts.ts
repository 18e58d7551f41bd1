import "server-only";
import { getDb, type Db } from "../db/client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { countProblems, type ProblemCount } from "./problem-counts.ts";
import { listFileLevelProblems } from "./review.ts";
import type { Problem } from "../engine/problem.ts";

// An import's counts, in one place: the summary cards, the charts, the progress and results
// views, the results CSV and the CLI all read them from here, so no two can disagree.
//
// Rows: valid (no error, file not blocked) or with errors. Problems: the rows' (ImportProblemCount)
// plus the whole-file ones, so the charts add up to the cards. Once queued, every row is
// imported (its issue exists), skipped (not imported by choice: it had errors, its file is
// blocked, or the organization has the row already), failed (could not be written) or not yet
// processed; a roll back turns the imported rows into rolled-back ones.

/** What the executor recorded on a row it did not import. */
type RowOutcome = "skipped" | "failed";

export type ImportOutcome = {
  imported: number;
  skipped: number;
  failed: number;
  /** Issues the import created and a roll back removed. */
  rolledBack: number;
  /** Rows not reached yet (queued, running, cancelled midway). */
  notProcessed: number;
  /** Guest users the import created that still exist (a roll back removes the unused ones). */
  usersCreated: number;
  /** Why rows were skipped or failed, most frequent first. */
  reasons: { status: RowOutcome; reason: string; rows: number }[];
};

export type ImportCounts = {
  rows: number;
  validRows: number;
  errorRows: number;
  errors: number;
  warnings: number;
  /** By code, column and severity: row problems and whole-file ones (count 1 each, marked). */
  problems: (ProblemCount & { wholeFile?: true })[];
  /** Null until the import is queued. */
  outcome: ImportOutcome | null;
};

/** `wholeFileProblems`: the import's listFileLevelProblems when the caller reads them anyway (a page that lists them too). */
export async function getImportCounts(jobId: number, db: Db = getDb(), wholeFileProblems?: Promise<Problem[]>): Promise<ImportCounts | null> {
  const job = await db.importJob.findUnique({ where: { id: jobId }, select: { status: true, totalRows: true, validRows: true, queuedAt: true, issuesCreated: true } });
  if (!job) return null;
  const [rowProblems, wholeFile, outcome] = await Promise.all([countProblems(jobId, db), wholeFileProblems ?? listFileLevelProblems(jobId, db), job.queuedAt ? getImportOutcome(jobId, job, db) : null]);
  const problems = [...rowProblems, ...wholeFile.map((problem) => ({ code: problem.code, column: problem.column, severity: problem.severity, count: 1, wholeFile: true as const }))];
  const sum = (severity: string) => problems.reduce((total, problem) => total + (problem.severity === severity ? problem.count : 0), 0);
  return { rows: job.totalRows, validRows: job.validRows, errorRows: job.totalRows - job.validRows, errors: sum("error"), warnings: sum("warning"), problems, outcome };
}

/**
 * The rows an import skipped or failed, as the partial index on ("importJobId", status) is
 * defined (prisma/schema.prisma): a parameter, or Prisma's cast of one to the enum, would leave
 * Postgres unable to prove the index's predicate and scan every row of every import.
 */
const notPending = Prisma.sql`status <> 'pending'`;

/** The import's skipped and failed rows counted by status. */
export const rowOutcomeCountsSql = (jobId: number) => Prisma.sql`
  SELECT status::text, count(*)::int AS rows FROM "ImportRow" WHERE "importJobId" = ${jobId} AND ${notPending} GROUP BY status`;

/** The import's skipped and failed rows counted by status and reason, the most frequent `take` first. */
export const rowOutcomeReasonsSql = (jobId: number, take: number) => Prisma.sql`
  SELECT status::text, coalesce("statusReason", '') AS reason, count(*)::int AS rows
    FROM "ImportRow" WHERE "importJobId" = ${jobId} AND ${notPending}
   GROUP BY status, "statusReason" ORDER BY rows DESC, status, reason LIMIT ${take}`;

/** What became of a queued import's rows: its issues as they are now, its rows' recorded outcomes. */
export async function getImportOutcome(
  jobId: number,
  job: { status: string; totalRows: number; issuesCreated: number },
  db: Db = getDb(),
): Promise<ImportOutcome> {
  const [imported, byStatus, reasons, usersCreated] = await Promise.all([
    db.issue.count({ where: { importJobId: jobId } }),
    db.$queryRaw<{ status: RowOutcome; rows: number }[]>(rowOutcomeCountsSql(jobId)),
    listRowOutcomeReasons(jobId, {}, db),
    db.user.count({ where: { createdByImportId: jobId } }),
  ]);
  const total = (status: RowOutcome) => byStatus.find((group) => group.status === status)?.rows ?? 0;
  const skipped = total("skipped");
  const failed = total("failed");
  // The executor's counter is the record of what a roll back removed (the issues are gone).
  const rolledBack = job.status === "rolled_back" ? job.issuesCreated : 0;
  return {
    imported,
    skipped,
    failed,
    rolledBack,
    notProcessed: Math.max(0, job.totalRows - imported - skipped - failed - rolledBack),
    usersCreated,
    reasons,
  };
}

/** Why rows were skipped or failed, most frequent first. */
export async function listRowOutcomeReasons(importJobId: number, { take = 20 }: { take?: number } = {}, db: Db = getDb()): Promise<ImportOutcome["reasons"]> {
  return db.$queryRaw<ImportOutcome["reasons"]>(rowOutcomeReasonsSql(importJobId, take));
}

export type ProblemChartDatum = { name: string; errors: number; warnings: number };

/** The charts' bars: problems by code or by column, the most frequent `top` first. */
export function problemChartData(problems: ImportCounts["problems"], by: "code" | "column", top = 15): ProblemChartDatum[] {
  const byKey = new Map<string, ProblemChartDatum>();
  for (const problem of problems) {
    const key = by === "code" ? problem.code : (problem.column ?? "(whole row)");
    const datum = byKey.get(key) ?? { name: key, errors: 0, warnings: 0 };
    if (problem.severity === "error") datum.errors += problem.count;
    else datum.warnings += problem.count;
    byKey.set(key, datum);
  }
  return [...byKey.values()].sort((a, b) => b.errors + b.warnings - (a.errors + a.warnings)).slice(0, top);
}
