import { readProblemToProblem } from "./mapping.ts";
import type { Problem } from "./problem.ts";
import { fieldCountProblem } from "./read/read-csv.ts";

/** The reader's error rows (read/read-csv.ts): no column rule runs on them, their fields are kept raw. */
export const rawRowCodes: ReadonlySet<string> = new Set(["field_count", "malformed_csv", "invalid_encoding"]);

/**
 * What a row the reader flagged still is after an edit or a fix changed some of its cells, or
 * null once its cells can be judged by the rules. Judged too early, a short row whose missing
 * cells are optional would pass with them blank (the rest of it perhaps in the next row), a long
 * one with its values shifted, and a row with undecodable bytes with "\uFFFD" in its data. In the
 * reader's order of precedence:
 * - `invalid_encoding`, while a cell still holds the replacement character: as the reader said.
 * - `malformed_csv`, while the row still holds the cell the reader flagged (text after a closing
 *   quote, read as Excel reads it), and always for a field cut at the length limit (no value: the
 *   stray quote behind it swallowed the rows after it): as the reader said.
 * - Cells that do not line up with the header: `field_count`, with their count now.
 * - Otherwise null.
 */
export function rawRowProblem(file: string, header: readonly string[], values: readonly string[], row: number, line: number, previous: readonly Problem[]): Problem | null {
  const flagged = previous.find((problem) => rawRowCodes.has(problem.code));
  if (!flagged) return null;
  if (flagged.code === "invalid_encoding" && values.some((value) => value.includes("\uFFFD"))) return flagged;
  if (flagged.code === "malformed_csv" && (flagged.value === null || values.includes(flagged.value))) return flagged;
  if (values.length !== header.length) return readProblemToProblem(file, fieldCountProblem(row, line, values.length, header.length));
  return null;
}

/**
 * Blanks the cells a change skipped over: setting a cell past the end of a short row leaves no
 * hole (stored as NULL, read back as null by the rules) but the blank cells the grid shows.
 */
export function fillSkippedCells(values: string[]): void {
  for (let i = 0; i < values.length; i++) values[i] ??= "";
}
