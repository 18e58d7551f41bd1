import type { Problem } from "../problem.ts";
import type { ValidationReport } from "../validate.ts";

/**
 * The JSON report of contract §5 as text chunks (UTF-8 bytes where `problemTextsOf` gives bytes), exactly as `JSON.stringify(report, null, 2)`
 * would write it, with each file's problems taken from `problemsOf(fileIndex)` (the file's
 * report holds only its whole-file problems; the rest were spooled while validating), so a
 * report with millions of problems is never one string.
 */
export async function* jsonReportChunks(
  report: ValidationReport,
  problemsOf: (fileIndex: number) => AsyncIterable<Problem> | Iterable<Problem>,
  chunkChars = 64 * 1024,
  problemTextsOf?: (fileIndex: number) => AsyncIterable<string | Uint8Array> | null,
): AsyncGenerator<string | Uint8Array> {
  const nonce = Math.random().toString(36).slice(2);
  const marker = (index: number) => `@@problems-${nonce}-${index}@@`;
  const skeleton = JSON.stringify({ ...report, files: report.files.map((file, index) => ({ ...file, problems: [marker(index)] })) }, null, 2);
  let buffer = "";
  let rest = skeleton;
  for (let index = 0; index < report.files.length; index++) {
    const slot = `\n        "${marker(index)}"\n      ]`;
    const at = rest.indexOf(slot);
    buffer += rest.slice(0, at);
    rest = rest.slice(at + slot.length);
    let count = 0;
    for (const problem of report.files[index]!.problems) buffer += problemText(problem, count++ === 0);
    const texts = problemTextsOf?.(index) ?? null;
    if (texts) {
      // Already written (problemText(problem, false) each, as text or UTF-8): copied as they
      // are, but for the first problem's comma when the file has no whole-file problem.
      for await (const chunk of texts) {
        if (chunk.length === 0) continue;
        const rest = count === 0 ? (typeof chunk === "string" ? chunk.slice(1) : chunk.subarray(1)) : chunk;
        if (buffer) yield buffer;
        yield rest;
        buffer = "";
        count++;
      }
    } else {
      for await (const problem of problemsOf(index)) {
        buffer += problemText(problem, count++ === 0);
        if (buffer.length >= chunkChars) {
          yield buffer;
          buffer = "";
        }
      }
    }
    buffer += count ? "\n      ]" : "]";
  }
  yield `${buffer}${rest}\n`;
}

/**
 * A problem as the report writes it inside its file's list, with the separator before it:
 * `JSON.stringify(problem, null, 2)` indented by 8 spaces. Problems made by makeProblem (or read
 * back from JSON) have the keys in the order of the type; those are written field by field, which
 * is several times faster than stringifying with indentation and then indenting; any other shape
 * goes through JSON.stringify.
 */
export function problemText(problem: Problem, first: boolean): string {
  const fast = standardProblemJson(problem);
  if (fast !== null) return `${first ? "\n" : ",\n"}${fast}`;
  return `${first ? "\n" : ",\n"}        ${JSON.stringify(problem, null, 2).replaceAll("\n", "\n        ")}`;
}

const problemKeys = ["severity", "code", "file", "row", "line", "column", "value", "message", "hint"];

/**
 * Whether `problem` has the usual shape: the keys of the type in its order (makeProblem's, or read
 * back from JSON), each of its type. Such a problem is written field by field; and its fields
 * say all of it (an absent hint and an undefined one are written alike).
 */
export function isStandardProblem(problem: Problem): boolean {
  let n = 0;
  for (const key in problem) {
    if (key !== problemKeys[n]) return false;
    n++;
  }
  const { severity, code, file, row, line, column, value, message, hint } = problem;
  if (n < 8 || typeof severity !== "string" || typeof code !== "string" || typeof file !== "string" || typeof message !== "string") return false;
  if (!Number.isFinite(row) || (line !== null && !Number.isFinite(line))) return false;
  if ((column !== null && typeof column !== "string") || (value !== null && typeof value !== "string")) return false;
  return n === 8 || hint === undefined || typeof hint === "string";
}

/** `problem` as problemText writes it, without the separator; null when it is not of the usual shape. */
function standardProblemJson(problem: Problem): string | null {
  if (!isStandardProblem(problem)) return null;
  const { severity, code, file, row, line, column, value, message, hint } = problem;
  const item = "\n          ";
  let text =
    `        {${item}"severity": ${cachedJsonString(severity)},${item}"code": ${cachedJsonString(code)},${item}"file": ${cachedJsonString(file)},` +
    `${item}"row": ${String(row)},${item}"line": ${line === null ? "null" : String(line)},` +
    `${item}"column": ${column === null ? "null" : cachedJsonString(column)},${item}"value": ${value === null ? "null" : jsonString(value)},` +
    `${item}"message": `;
  const messageSafe = !NEEDS_ESCAPE.test(message);
  text += messageSafe ? `"${message}"` : JSON.stringify(message);
  // A hint is most often the message's end (withHint): then it is as safe as the message.
  if (hint !== undefined) text += `,${item}"hint": ${messageSafe && message.endsWith(hint) ? `"${hint}"` : jsonString(hint)}`;
  return `${text}\n        }`;
}

/**
 * A character JSON.stringify may escape: a control character, `"`, `\\` or any surrogate (to be
 * safe: a lone one is escaped). Written as the characters it lets through: V8 tests that class
 * in about 60 % of the time of its complement (`["\\\u0000-\u001f\ud800-\udfff]`).
 */
const NEEDS_ESCAPE = /[^\u0020\u0021\u0023-\u005b\u005d-\ud7ff\ue000-\uffff]/;

/** JSON.stringify(text), without its copy when nothing needs escaping (nearly always). */
function jsonString(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** The JSON of the few strings every problem repeats (severity, code, file, column). */
const jsonStrings = new Map<string, string>();

function cachedJsonString(text: string): string {
  let json = jsonStrings.get(text);
  if (json === undefined) {
    json = JSON.stringify(text);
    if (jsonStrings.size < 10_000) jsonStrings.set(text, json);
  }
  return json;
}
