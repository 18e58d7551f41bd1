import "server-only";
import { getDb, type Db } from "../db/client.ts";
import { csvLine } from "../engine/write/csv-writer.ts";
import { listImportCreatedUsers, newUsersCsv } from "./new-users.ts";
import type { ImportCounts } from "./import-counts.ts";

export async function newUsersCsvForJob(jobId: number, db: Db = getDb()): Promise<string> {
  return newUsersCsv(jobId, await listImportCreatedUsers(jobId, db));
}

export const resultsCsvHeader = ["outcome", "reason", "rows"] as const;

/**
 * An import's results as CSV, one line per count, from the counts module only (import-counts.ts),
 * so the file says what the cards and the results page say: rows, valid, errors, warnings, then
 * imported, skipped and failed (each reason on a line of its own), rolled back and not processed.
 */
export function importResultsCsv(counts: ImportCounts): string {
  const lines: [string, string, number][] = [
    ["rows", "", counts.rows],
    ["valid rows", "", counts.validRows],
    ["errors", "", counts.errors],
    ["warnings", "", counts.warnings],
  ];
  const outcome = counts.outcome;
  if (outcome) {
    lines.push(["imported", "", outcome.imported], ["skipped", "", outcome.skipped], ["failed", "", outcome.failed]);
    for (const reason of outcome.reasons) lines.push([reason.status, reason.reason, reason.rows]);
    lines.push(["rolled back", "", outcome.rolledBack], ["not processed", "", outcome.notProcessed], ["new users", "", outcome.usersCreated]);
  }
  return csvLine(resultsCsvHeader, { formulaSafe: true }) + lines.map(([what, reason, rows]) => csvLine([what, reason, String(rows)], { formulaSafe: true })).join("");
}
