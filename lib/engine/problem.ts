/**
 * A validation finding (contract §3). Every rule, the reader and the mapping file speak this one
 * shape; the JSON report (contract §5) lists them as they are.
 *
 * Where each code is decided:
 * - read/read-csv.ts (and read/decode.ts): empty_file, malformed_csv, field_count,
 *   invalid_encoding, encoding_converted
 * - rules/header.ts: missing_column, unknown_column, duplicate_column
 * - rules/questions.ts: unknown_question, ambiguous_question, answer_for_other_type,
 *   invalid_answer, and `required` / `invalid_number` for answers
 * - rules/required.ts: required (columns)
 * - rules/coordinates.ts: required / invalid_number for lat,lng, out_of_range,
 *   coordinates_swapped, outside_boundary
 * - rules/address.ts: line_break_not_allowed
 * - rules/request-type.ts: unknown_request_type, disabled_request_type, no_boundary
 * - rules/timestamps.ts: invalid_timestamp, missing_offset, future_timestamp,
 *   closed_before_created
 * - rules/email.ts: invalid_email
 * - rules/yes-no.ts: invalid_yes_no, no_auto_assign_target
 * - rules/markup.ts: markup_in_comment
 * - rules/duplicate-row.ts: duplicate_row
 * - mapping.ts: mapping_invalid
 * - lib/profiles (converting another system's export, contract §3 second table):
 *   unmatched_column, unparsed_timestamp, nonexistent_local_time, ambiguous_local_time,
 *   placeholder_date, closed_without_time, status_unknown (convert-row.ts, source-timestamps.ts)
 *   and suspect_location (suspect-location.ts)
 */

export type Severity = "error" | "warning";

/** The codes only converting another system's export gives (contract §3, second table). */
export const conversionProblemCodes = [
  "unmatched_column",
  "unparsed_timestamp",
  "nonexistent_local_time",
  "ambiguous_local_time",
  "placeholder_date",
  "suspect_location",
  "closed_without_time",
  "status_unknown",
] as const;

/** Every problem code of contract §3, in the contract's order. */
export const problemCodes = [
  "empty_file",
  "missing_column",
  "unknown_column",
  "duplicate_column",
  "unknown_question",
  "ambiguous_question",
  "malformed_csv",
  "field_count",
  "invalid_encoding",
  "encoding_converted",
  "required",
  "invalid_number",
  "out_of_range",
  "outside_boundary",
  "coordinates_swapped",
  "line_break_not_allowed",
  "unknown_request_type",
  "disabled_request_type",
  "invalid_timestamp",
  "missing_offset",
  "closed_before_created",
  "future_timestamp",
  "invalid_email",
  "invalid_yes_no",
  "answer_for_other_type",
  "invalid_answer",
  "markup_in_comment",
  "duplicate_row",
  "mapping_invalid",
  "no_boundary",
  "no_auto_assign_target",
  ...conversionProblemCodes,
] as const;

export type ProblemCode = (typeof problemCodes)[number];

/** The fixed severity of each code: `error` blocks the row (or the whole file at row 0). */
export const codeSeverity: Record<ProblemCode, Severity> = {
  empty_file: "error",
  missing_column: "error",
  unknown_column: "error",
  duplicate_column: "error",
  unknown_question: "error",
  ambiguous_question: "error",
  malformed_csv: "error",
  field_count: "error",
  invalid_encoding: "error",
  encoding_converted: "warning",
  required: "error",
  invalid_number: "error",
  out_of_range: "error",
  outside_boundary: "error",
  coordinates_swapped: "error",
  line_break_not_allowed: "error",
  unknown_request_type: "error",
  disabled_request_type: "warning",
  invalid_timestamp: "error",
  missing_offset: "error",
  closed_before_created: "error",
  future_timestamp: "warning",
  invalid_email: "error",
  invalid_yes_no: "error",
  answer_for_other_type: "error",
  invalid_answer: "error",
  markup_in_comment: "warning",
  duplicate_row: "warning",
  mapping_invalid: "error",
  no_boundary: "warning",
  no_auto_assign_target: "warning",
  unmatched_column: "error",
  unparsed_timestamp: "error",
  nonexistent_local_time: "error",
  ambiguous_local_time: "error",
  placeholder_date: "warning",
  suspect_location: "warning",
  closed_without_time: "warning",
  status_unknown: "warning",
};

export type Problem = {
  severity: Severity;
  code: ProblemCode;
  /** The path of the file as given. */
  file: string;
  /** 1-based data record; 0 for a file-level problem. */
  row: number;
  /** Physical line where the record starts; 1 for header problems, null for whole-file problems. */
  line: number | null;
  /** Header text, `lat,lng` for a coordinate pair, null when no column applies. */
  column: string | null;
  /** The trimmed value at fault, null when no value applies. */
  value: string | null;
  /** A sentence a CSM understands; it already contains the hint when there is one. */
  message: string;
  /** The hint alone ("did you mean `lat`?"), also part of `message`. */
  hint?: string;
};

/** The parts of a problem a rule decides; the orchestrator adds `file`, `row` and `line`. */
export type RuleFinding = {
  code: ProblemCode;
  column: string | null;
  value: string | null;
  message: string;
  hint?: string;
};

/**
 * Builds a problem with its code's severity, appending the hint to the message. The problem owns
 * its strings (see `detach`): a report holds every problem until the end of the run. With `own`
 * false (a caller that writes each problem out at once and keeps none) they are not copied.
 */
export function makeProblem(
  finding: RuleFinding,
  where: { file: string; row: number; line: number | null },
  own = true,
): Problem {
  const keep = own ? detach : same;
  const problem: Problem = {
    severity: codeSeverity[finding.code],
    code: finding.code,
    file: where.file,
    row: where.row,
    line: where.line,
    column: keep(finding.column),
    value: keep(finding.value),
    message: keep(withHint(finding.message, finding.hint)),
  };
  if (finding.hint !== undefined) problem.hint = keep(finding.hint);
  return problem;
}

/**
 * A copy of `text` that shares no memory with the string it came from. A cell is a slice of the
 * decoded 1 MiB chunk (or a concatenation over slices), and V8 keeps a slice's parent alive: a
 * kept problem would keep its whole chunk, and with ~1% of rows in error that is every chunk of
 * the file (~1 KB of heap a row). `" " + text` is a concatenation, and slicing it flattens it
 * into a new string first, so the result points into that copy only. Measured at 1M rows: peak
 * RSS 967 → 475 MiB with this alone.
 */
export function detach<T extends string | null | undefined>(text: T): T {
  if (text === null || text === undefined || text.length === 0) return text;
  return (" " + text).slice(1) as T;
}

/** `detach`'s stand-in for problems that are written out at once and not kept. */
const same = <T>(text: T): T => text;

/** A copy of a problem that owns its strings (see `detach`), for keeping a transient one. */
export function ownedProblem(problem: Problem): Problem {
  const owned: Problem = {
    severity: problem.severity,
    code: problem.code,
    file: problem.file,
    row: problem.row,
    line: problem.line,
    column: detach(problem.column),
    value: detach(problem.value),
    message: detach(problem.message),
  };
  if (problem.hint !== undefined) owned.hint = detach(problem.hint);
  return owned;
}

/** "Unknown column `lati`." + "did you mean `lat`?" → "Unknown column `lati`: did you mean `lat`?" */
export function withHint(message: string, hint: string | undefined): string {
  if (!hint || message.includes(hint)) return message;
  // message.replace(/[.:]\s*$/, ""), without the regular expression when the message ends in a
  // printable ASCII character (nearly always: then only a final "." or ":" goes).
  const last = message.charCodeAt(message.length - 1);
  const base =
    last === 46 /* . */ || last === 58 /* : */
      ? message.slice(0, -1)
      : last > 32 && last < 127
        ? message
        : message.replace(/[.:]\s*$/, "");
  return `${base}: ${hint}`;
}

/** The longest value `quote` shows whole. */
export const QUOTE_MAX_CHARS = 60;

/** Quotes a value for a message the way every rule does: in backticks, shortened when long. */
export function quote(value: string, max = QUOTE_MAX_CHARS): string {
  const oneLine = value.replace(/\r\n|[\r\n\u2028\u2029]/g, "⏎");
  const shown = oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
  return `\`${shown}\``;
}
