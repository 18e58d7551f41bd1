/** A cell a fix changes (the same shape as bulk-fixes.ts' CellChange, which imports this file). */
type CellChange = { column: string; value: string };

/**
 * Find and replace over one column or all: exact text (case-sensitive, every occurrence in a cell)
 * or whole cells (a cell equal to the text). Pure, like the other fixes: the preview counts with
 * it and the fix applies it, and every changed row is re-validated afterwards.
 */
export type FindReplace = {
  find: string;
  replace: string;
  /** One column of the files, or null for every column. */
  column: string | null;
  /** Replace only cells equal to `find`; otherwise every occurrence inside a cell. */
  wholeCell: boolean;
};

export function findReplaceChanges(row: { header: readonly string[]; values: readonly string[] }, spec: FindReplace): CellChange[] {
  if (spec.find === "") return [];
  const changes: CellChange[] = [];
  const seen = new Set<string>();
  row.header.forEach((column, index) => {
    if ((spec.column !== null && column !== spec.column) || seen.has(column)) return;
    seen.add(column);
    const value = row.values[index] ?? "";
    const next = spec.wholeCell ? (value === spec.find ? spec.replace : value) : value.split(spec.find).join(spec.replace);
    if (next !== value) changes.push({ column, value: next });
  });
  return changes;
}

/** "Find and replace “Pot Hole” → “Pothole” in request_type". */
export function describeFindReplace(spec: FindReplace): string {
  return `Find and replace “${spec.find}” → “${spec.replace}”${spec.column ? ` in ${spec.column}` : ""}${spec.wholeCell ? " (whole cells)" : ""}`;
}
