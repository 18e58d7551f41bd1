/**
 * The canonical import format (the requirements' "Bulk Issue Import Format" table, contract §2).
 * Header names are exact and case-sensitive and are never trimmed.
 */

export const fixedColumns = [
  "lat",
  "lng",
  "address",
  "request_type",
  "summary",
  "description",
  "reporter_email",
  "created_at",
  "acknowledge_message",
  "closed_at",
  "auto_assignment",
] as const;

export type FixedColumn = (typeof fixedColumns)[number];

/** The fixed columns a file may leave out, and a row may leave blank. */
const optionalColumns: ReadonlySet<FixedColumn> = new Set(["reporter_email", "acknowledge_message", "closed_at", "auto_assignment"]);

/** Columns that must be present and non-blank in every row: the others, in the same order. */
export const requiredColumns: readonly FixedColumn[] = fixedColumns.filter((name) => !optionalColumns.has(name));

/** The last column of an error-report CSV (contract §6), recognised and dropped on re-upload. */
export const importErrorsColumn = "import_errors";

const fixedColumnSet: ReadonlySet<string> = new Set(fixedColumns);

export function isFixedColumn(name: string): name is FixedColumn {
  return fixedColumnSet.has(name);
}

export function isRequiredColumn(name: string): boolean {
  return (requiredColumns as readonly string[]).includes(name);
}

/** The open-ended comment columns: N is a positive integer without leading zeros. */
export const commentColumnPattern = /^(public|internal)_comment_([1-9]\d*)$/;
/** Looks like a comment column but N is wrong (`public_comment_0`, `_01`, `_x`, `_`). */
export const malformedCommentColumnPattern = /^(public|internal)_comment(_.*)?$/;

export type CommentColumn = { kind: "public" | "internal"; n: number };

export function parseCommentColumn(name: string): CommentColumn | null {
  const match = commentColumnPattern.exec(name);
  if (!match) return null;
  return { kind: match[1] === "public" ? "public" : "internal", n: Number(match[2]) };
}

/** The question prefix, case-sensitive: `Q:` then optional spaces then the question text. */
export const questionPrefix = "Q:";

/** `Q:X` and `Q:   X` → `X`; anything not starting with `Q:` → null. Only spaces are skipped. */
export function questionTextOf(name: string): string | null {
  if (!name.startsWith(questionPrefix)) return null;
  return name.slice(questionPrefix.length).replace(/^ +/, "");
}

/** The canonical spelling of a question column: `Q: <text>` (one space after the colon). */
export function questionColumn(text: string): string {
  return `${questionPrefix} ${text}`;
}

/**
 * The name a header is known by when comparing columns across files (duplicate columns,
 * duplicate rows): question columns are normalised to `Q: <text>`, everything else is exact.
 */
export function canonicalColumnName(name: string): string {
  // Already `Q: <text>` (nearly every question column): the name itself, not a copy of it. A header
  // of 100,000 question columns made 100,000 copies in each of three places.
  if (name.startsWith(questionPrefix) && name.charCodeAt(questionPrefix.length) === 32 && name.charCodeAt(questionPrefix.length + 1) !== 32) return name;
  const text = questionTextOf(name);
  return text === null ? name : questionColumn(text);
}
