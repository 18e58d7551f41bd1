import {
  canonicalColumnName,
  fixedColumns,
  importErrorsColumn,
  isFixedColumn,
  malformedCommentColumnPattern,
  parseCommentColumn,
  questionColumn,
  questionTextOf,
  requiredColumns,
  type CommentColumn,
  type FixedColumn,
} from "../format.ts";
import { quote, type RuleFinding } from "../problem.ts";
import { closestMatch } from "./did-you-mean.ts";

/**
 * Header rules: `unknown_column`, `duplicate_column`, `missing_column` (contract §2 "Headers").
 * Header names are exact and case-sensitive and never trimmed. All findings are file-level
 * (row 0, line 1). Question columns are only parsed here; whether their text is a question of
 * the file's request types is decided by questions.ts once the file has been read.
 */

export type HeaderColumn =
  | { index: number; name: string; kind: "fixed"; column: FixedColumn }
  | { index: number; name: string; kind: "comment"; comment: CommentColumn }
  | { index: number; name: string; kind: "question"; text: string }
  | { index: number; name: string; kind: "import_errors" }
  | { index: number; name: string; kind: "unknown" };

export type QuestionColumnRef = { index: number; name: string; text: string };

export type HeaderAnalysis = {
  columns: HeaderColumn[];
  /** First index of each fixed column present. */
  fixed: Partial<Record<FixedColumn, number>>;
  /** Comment columns (first occurrence of each name), in header order. */
  comments: { index: number; name: string }[];
  /** Question columns (first occurrence of each text), in header order. */
  questions: QuestionColumnRef[];
  /**
   * The header has `import_errors` (contract §6). As the last column of a re-uploaded error
   * report it never reaches here (stripErrorReport drops it and restores the cells); anywhere
   * else it is ignored, not an unknown column.
   */
  isErrorReport: boolean;
  findings: RuleFinding[];
};

/** Well-known names from other systems' exports, to hint at the canonical column. */
const aliases: Record<string, string> = {
  latitude: "lat",
  longitude: "lng",
  long: "lng",
  lon: "lng",
  email: "reporter_email",
  reporter: "reporter_email",
  created: "created_at",
  created_date: "created_at",
  closed: "closed_at",
  closed_date: "closed_at",
  type: "request_type",
  title: "summary",
};

export function analyzeHeader(header: readonly string[], options: { questionTexts?: Iterable<string> } = {}): HeaderAnalysis {
  const columns: HeaderColumn[] = [];
  const fixed: Partial<Record<FixedColumn, number>> = {};
  const comments: { index: number; name: string }[] = [];
  const questions: QuestionColumnRef[] = [];
  const findings: RuleFinding[] = [];
  const firstIndexByName = new Map<string, number>();
  let isErrorReport = false;

  header.forEach((name, index) => {
    const column = classify(name, index);
    columns.push(column);
    if (column.kind === "unknown") {
      findings.push(unknownColumn(name, options.questionTexts));
      return;
    }
    const key = canonicalColumnName(name);
    const first = firstIndexByName.get(key);
    if (first !== undefined) {
      findings.push(duplicateColumn(name, header[first] ?? name, first, index));
      return;
    }
    firstIndexByName.set(key, index);
    if (column.kind === "fixed") fixed[column.column] = index;
    else if (column.kind === "comment") comments.push({ index, name });
    else if (column.kind === "question") questions.push({ index, name, text: column.text });
    else isErrorReport = true;
  });

  for (const required of requiredColumns) {
    if (fixed[required] === undefined) findings.push(missingColumn(required));
  }
  return { columns, fixed, comments, questions, isErrorReport, findings };
}

function classify(name: string, index: number): HeaderColumn {
  if (isFixedColumn(name)) return { index, name, kind: "fixed", column: name };
  const comment = parseCommentColumn(name);
  if (comment) return { index, name, kind: "comment", comment };
  const text = questionTextOf(name);
  if (text !== null) return { index, name, kind: "question", text };
  if (name === importErrorsColumn) return { index, name, kind: "import_errors" };
  return { index, name, kind: "unknown" };
}

export function unknownColumn(name: string, questionTexts: Iterable<string> = []): RuleFinding {
  if (name.trim() === "") {
    return {
      code: "unknown_column",
      column: name,
      value: null,
      message: "A column has no name in the header: name it after a column of the format, or delete it.",
    };
  }
  const hint = unknownColumnHint(name, questionTexts);
  return {
    code: "unknown_column",
    column: name,
    value: null,
    message: hint
      ? `Unknown column ${quote(name)}`
      : `Unknown column ${quote(name)}: it is none of the format's columns. Rename it, move its data into an internal_comment_N column, or delete it.`,
    ...(hint ? { hint } : {}),
  };
}

function unknownColumnHint(name: string, questionTexts: Iterable<string>): string | undefined {
  const trimmed = name.trim();
  const commentLike = malformedCommentColumnPattern.exec(trimmed);
  if (commentLike) {
    return `the number after ${commentLike[1]}_comment_ must be a positive whole number without leading zeros, e.g. \`${commentLike[1]}_comment_1\``;
  }
  const folded = trimmed.toLowerCase().replace(/[\s-]+/g, "_");
  const alias = aliases[folded];
  if (alias) return `did you mean \`${alias}\`?`;
  const texts = [...questionTexts];
  // A question text without its prefix, or with a lower-case `q:`.
  const bare = /^q\s*:/i.test(trimmed) ? trimmed.replace(/^q\s*:\s*/i, "") : trimmed;
  const question = texts.find((text) => text === bare) ?? closestMatch(bare, texts);
  if (question && (bare !== trimmed || question === bare)) return `did you mean \`${questionColumn(question)}\`?`;
  const candidates = [...fixedColumns, "public_comment_1", "internal_comment_1"];
  const match = closestMatch(trimmed, candidates);
  if (match) return `did you mean \`${match}\`?`;
  return undefined;
}

function duplicateColumn(name: string, firstName: string, firstIndex: number, index: number): RuleFinding {
  const same = firstName === name ? quote(name) : `${quote(firstName)} and ${quote(name)}`;
  return {
    code: "duplicate_column",
    column: name,
    value: null,
    message: `The column ${same} appears twice in the header (columns ${firstIndex + 1} and ${index + 1}): keep one.`,
  };
}

function missingColumn(name: FixedColumn): RuleFinding {
  return {
    code: "missing_column",
    column: name,
    value: null,
    message: `The required column ${quote(name)} is missing from the header: add it, with a value in every row.`,
  };
}
