/**
 * Which cells of a changed row a bulk fix may write by subscript (`SET "values"[i] = v`, ADR 0013
 * session 28) rather than with all of the row's values: one or two, each inside the stored
 * array, in a stored array without NULL. Postgres pads a subscript past the end with NULLs where
 * the engine blanks the skipped cells, and a NULL left by an older edit would stay where the
 * engine read "" (fillSkippedCells). Returns the two 0-based indexes (the same one twice when
 * one cell changed, cell 0 when none did: a settings re-check), or null for the whole values.
 */
export function subscriptCells(stored: readonly (string | null)[], changed: readonly number[]): [number, number] | null {
  if (changed.length > 2) return null;
  const [first = 0, second = first] = changed;
  if (first >= stored.length || second >= stored.length) return null;
  return stored.includes(null) ? null : [first, second];
}
