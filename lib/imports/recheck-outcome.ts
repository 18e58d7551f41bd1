// What a settings re-check (settings-recheck.ts) found, and how the review says it. Pure: the
// history and the review's notice read it.

/** What a re-check found, kept in the fix's options for the review and the history to say. */
export type RecheckOutcome = {
  /** Rows whose problems changed. */
  rowsChanged: number;
  /** Rows that had errors and have none now. */
  rowsCleared: number;
  /** Rows that had no error and have some now. */
  rowsNewlyFailing: number;
  errorsBefore: number;
  errorsAfter: number;
  /** Files a whole-file error no longer blocks, and files it now blocks. */
  filesUnblocked: readonly string[];
  filesBlocked: readonly string[];
};

/** What a re-check found, in words: "412 rows no longer have errors; 3 rows have new errors". */
export function describeRecheck(outcome: RecheckOutcome): string {
  const rows = (n: number) => `${n.toLocaleString("en-US")} row${n === 1 ? "" : "s"}`;
  const parts: string[] = [];
  if (outcome.rowsCleared) parts.push(`${rows(outcome.rowsCleared)} no longer ${outcome.rowsCleared === 1 ? "has" : "have"} errors`);
  if (outcome.rowsNewlyFailing) parts.push(`${rows(outcome.rowsNewlyFailing)} ${outcome.rowsNewlyFailing === 1 ? "has" : "have"} new errors`);
  for (const file of outcome.filesUnblocked) parts.push(`${file} is no longer blocked`);
  for (const file of outcome.filesBlocked) parts.push(`${file} is now blocked by a whole-file error`);
  // Rows whose problems changed without gaining or losing all their errors.
  const otherwise = outcome.rowsChanged - outcome.rowsCleared - outcome.rowsNewlyFailing;
  if (otherwise > 0) parts.push(`${otherwise.toLocaleString("en-US")} ${parts.length ? "more " : ""}row${otherwise === 1 ? " has" : "s have"} different problems`);
  if (parts.length === 0) parts.push(outcome.errorsAfter === outcome.errorsBefore ? "no row changed" : "the whole-file problems changed");
  const errors = outcome.errorsAfter === outcome.errorsBefore ? "" : ` (errors: ${outcome.errorsBefore.toLocaleString("en-US")} → ${outcome.errorsAfter.toLocaleString("en-US")})`;
  return `${parts.join("; ")}${errors}.`;
}
