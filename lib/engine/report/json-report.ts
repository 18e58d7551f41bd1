import type { Problem } from "../problem.ts";
import type { ValidationReport } from "../validate.ts";

/**
 * The JSON report of contract §5 as text chunks, exactly as `JSON.stringify(report, null, 2)`
 * would write it, with each file's problems taken from `problemsOf(fileIndex)` (the file's
 * report holds only its whole-file problems; the rest were spooled while validating), so a
 * report with millions of problems is never one string.
 */
export async function* jsonReportChunks(
  report: ValidationReport,
  problemsOf: (fileIndex: number) => AsyncIterable<Problem> | Iterable<Problem>,
  chunkChars = 64 * 1024,
): AsyncGenerator<string> {
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
    for await (const problem of problemsOf(index)) {
      buffer += problemText(problem, count++ === 0);
      if (buffer.length >= chunkChars) {
        yield buffer;
        buffer = "";
      }
    }
    buffer += count ? "\n      ]" : "]";
  }
  yield `${buffer}${rest}\n`;
}

function problemText(problem: Problem, first: boolean): string {
  return `${first ? "\n" : ",\n"}        ${JSON.stringify(problem, null, 2).replaceAll("\n", "\n        ")}`;
}
