import "server-only";
import type pg from "pg";
import type { Problem } from "../engine/problem.ts";
import type { ValidationReport } from "../engine/validate.ts";
import type { RevalidationContext } from "./row-edits.ts";
import type { RecheckOutcome } from "./recheck-outcome.ts";

// The whole-file half of a settings re-check (settings-recheck.ts), inside the re-check's
// transaction (fix-run.ts): once every row went through its file's validator again, each file's
// whole-file findings that depend on the settings are settled afresh, the files blocked by them
// are marked, and the import's counters and stored report are recounted.

/** The ImportFix kind of a re-check after a settings change. */
export const recheckKind = "recheck";

export type { RecheckOutcome };


/** Whole-file findings the header and the organization's settings decide; the rest (reader, conversion) stay. */
const settledFromSettings = new Set<string>(["missing_column", "unknown_column", "duplicate_column", "unknown_question", "ambiguous_question", "no_boundary"]);

const blocks = (problems: readonly Problem[]) => problems.some((problem) => problem.row === 0 && problem.severity === "error");

export async function settleRecheckedFiles(client: pg.ClientBase, jobId: number, context: RevalidationContext): Promise<Omit<RecheckOutcome, "rowsChanged" | "rowsCleared" | "rowsNewlyFailing">> {
  const job = await client.query<{ report: ValidationReport | null; errorCount: number }>(`SELECT report, "errorCount" FROM "ImportJob" WHERE id = $1`, [jobId]);
  const report = job.rows[0]?.report ?? null;
  const errorsBefore = job.rows[0]?.errorCount ?? 0;
  const files = await client.query<{ id: number; name: string; header: string[]; blocked: boolean }>(
    `SELECT id, name, header, blocked FROM "ImportFile" WHERE "importJobId" = $1 AND kind = 'data' ORDER BY position`,
    [jobId],
  );
  const filesUnblocked: string[] = [];
  const filesBlocked: string[] = [];
  for (const file of files.rows) {
    const validator = context.validatorFor(file.id);
    const entry = report?.files.find((each) => each.file === file.name);
    // A file without a header (empty, unreadable) was never validated row by row: nothing to settle.
    if (!validator || !entry || file.header.length === 0) continue;
    const settled = validator.finish();
    const kept = entry.problems.filter((problem) => problem.row === 0 && !settledFromSettings.has(problem.code));
    entry.problems = [...kept, ...validator.fileProblems, ...settled.fileProblems];
    const blocked = blocks(entry.problems);
    if (blocked === file.blocked) continue;
    (blocked ? filesBlocked : filesUnblocked).push(file.name);
    await client.query(`UPDATE "ImportFile" SET blocked = $2 WHERE id = $1`, [file.id, blocked]);
  }
  const counted = await client.query<{ errors: string; warnings: string; valid: string }>(
    `SELECT coalesce(sum(r."errorCount"), 0) AS errors, coalesce(sum(r."warningCount"), 0) AS warnings,
            count(*) FILTER (WHERE r."errorCount" = 0 AND NOT f.blocked) AS valid
       FROM "ImportRow" r JOIN "ImportFile" f ON f.id = r."importFileId" WHERE r."importJobId" = $1`,
    [jobId],
  );
  const whole = [...(report?.files.flatMap((file) => file.problems.filter((problem) => problem.row === 0)) ?? []), ...(report?.mapping?.problems ?? [])];
  const wholeCount = (severity: string) => whole.filter((problem) => problem.severity === severity).length;
  const errors = Number(counted.rows[0]?.errors ?? 0) + wholeCount("error");
  const warnings = Number(counted.rows[0]?.warnings ?? 0) + wholeCount("warning");
  const validRows = Number(counted.rows[0]?.valid ?? 0);
  if (report) report.summary = { ...report.summary, errors, warnings, validRows };
  if (report) report.ok = errors === 0;
  await client.query(
    `UPDATE "ImportJob" SET "errorCount" = $2, "warningCount" = $3, "validRows" = $4, report = $5::jsonb, "updatedAt" = now() WHERE id = $1`,
    [jobId, errors, warnings, validRows, report === null ? null : JSON.stringify(report)],
  );
  return { errorsBefore, errorsAfter: errors, filesUnblocked, filesBlocked };
}
