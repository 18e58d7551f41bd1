import { codeSeverity, type Problem, type ProblemCode } from "../engine/problem.ts";
import type { ValidationReport } from "../engine/validate.ts";

// `--format text`: for people. The counts by code, and the first few problems of each code, so
// a file in which every row has an error still reads in one screen; the full list is the JSON.

/** Problems shown for each code. */
const examplesPerCode = 3;

/** The first problems of each code, gathered as problems stream by (bounded memory). */
export class ProblemExamples {
  private readonly byCode = new Map<ProblemCode, Problem[]>();

  add(problem: Problem): void {
    const list = this.byCode.get(problem.code);
    if (!list) this.byCode.set(problem.code, [problem]);
    else if (list.length < examplesPerCode) list.push(problem);
  }

  addAll(problems: Iterable<Problem>): void {
    for (const problem of problems) this.add(problem);
  }

  of(code: ProblemCode): readonly Problem[] {
    return this.byCode.get(code) ?? [];
  }
}

/**
 * The text report. `examples` has the first problems of each code (default: from the report's
 * own lists); `fullList` says where every problem is listed.
 */
export function formatTextReport(report: ValidationReport, examples?: ProblemExamples, fullList = "use --format json to list them all"): string {
  const out: string[] = [];
  const { summary } = report;
  for (const file of report.files) {
    out.push(`${file.file}: ${plural(file.rows, "row")}, ${file.validRows} valid`);
    const unknown = file.problems.filter((problem) => problem.code === "unknown_column").length;
    const missing = file.problems.filter((problem) => problem.code === "missing_column").length;
    if (missing > 0 && unknown >= 3) {
      out.push(
        `  This does not look like a canonical file (${plural(unknown, "unknown column")}, ${plural(missing, "required column")} missing): convert it first with a source profile (bulk-import convert).`,
      );
    }
  }
  if (report.mapping) out.push(`${report.mapping.file} (mapping): ${plural(report.mapping.rows, "row")}, ${plural(report.mapping.problems.length, "problem")}`);
  out.push("");
  out.push(
    `${report.ok ? "OK" : "NOT OK"}: ${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")} in ${plural(summary.files, "file")} (${plural(summary.rows, "row")}, ${summary.validRows} valid)`,
  );
  const codes = Object.entries(summary.byCode) as [ProblemCode, number][];
  if (codes.length === 0) return `${out.join("\n")}\n`;
  const shown = examples ?? reportExamples(report);
  const width = Math.max(...codes.map(([code]) => code.length));
  out.push("");
  for (const [code, count] of codes) out.push(`  ${code.padEnd(width)}  ${String(count).padStart(7)}  ${codeSeverity[code]}`);
  for (const [code, count] of codes) {
    const first = shown.of(code);
    if (!first.length) continue;
    out.push("");
    out.push(count > first.length ? `${code}: the first ${first.length} of ${count}` : `${code}:`);
    for (const problem of first) out.push(`  ${formatProblemLine(problem)}`);
  }
  const listed = codes.reduce((sum, [code, count]) => sum + Math.min(count, shown.of(code).length), 0);
  if (listed < summary.errors + summary.warnings) {
    out.push("");
    out.push(`… ${plural(summary.errors + summary.warnings - listed, "more problem")} (${fullList}).`);
  }
  return `${out.join("\n")}\n`;
}

function reportExamples(report: ValidationReport): ProblemExamples {
  const examples = new ProblemExamples();
  examples.addAll(report.mapping?.problems ?? []);
  for (const file of report.files) examples.addAll(file.problems);
  return examples;
}

export function formatProblemLine(problem: Problem): string {
  const where = `${problem.file}:${problem.row}${problem.column !== null ? `:${problem.column}` : ""}`;
  return `${where}  ${problem.severity}  ${problem.code}  ${problem.message.replace(/\r\n|[\r\n\u2028\u2029]/g, " ")}`;
}

export function plural(count: number, noun: string): string {
  return `${count.toLocaleString("en-US")} ${noun}${count === 1 ? "" : "s"}`;
}
