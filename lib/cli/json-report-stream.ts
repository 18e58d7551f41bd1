import type { Writable } from "node:stream";
import type { Problem } from "../engine/problem.ts";
import { isDeferred, withText, type TextContext } from "../engine/deferred-text.ts";
import { MissingOffsetJson } from "../engine/report/missing-offset-json.ts";
import { BufferedOutput } from "./buffered-output.ts";
import { problemText } from "../engine/report/json-report.ts";
import type { FileReport, ValidationReport } from "../engine/validate.ts";
import type { ProblemSink } from "./problem-sink.ts";
import type { PackedReader } from "../engine/report/packed-problems.ts";

/**
 * The JSON report of contract §5, written to `out` as it is made: a problem is encoded into the
 * output buffer when it is found and kept nowhere, so memory stays flat and nothing goes to disk
 * first, however many problems there are. JSON key order carries no meaning (§5), so what is
 * known only at the end comes last: each file is `{"file", "problems", "profile", "rows",
 * "validRows"}`, and the report `{"files", "mapping", "ok", "summary"}`.
 *
 * A file's problems, in order: its file-level problems known when its header was read, its rows'
 * problems in row order (each row's by column), then its file-level problems found later (an
 * encoding decided past the first sample; the question columns, `no_boundary`) and the row
 * problems settled at its end (`answer_for_other_type`), by row. The same order however the file
 * is read (in one thread or in blocks).
 *
 * The layout is `JSON.stringify(report, null, 2)`'s, each problem as problemText writes it.
 */
export class JsonReportStream implements ProblemSink {
  readonly wantsText = true;
  private readonly out: BufferedOutput;
  private files = 0;
  /** Per file being written: problems written so far, and how many came with its start. */
  private current: { index: number; problems: number; early: number } | null = null;
  private textContext: TextContext | null = null;
  private missingOffsets: MissingOffsetJson | null = null;

  /** `open` gives the output when the first bytes are ready (so a run that fails at its start leaves no file). */
  constructor(open: () => Writable) {
    this.out = new BufferedOutput(open);
    this.out.text('{\n  "files": [');
  }

  /** The output's first error (other than a closed pipe), if any. */
  get error(): Error | null {
    return this.out.error;
  }

  acceptDeferredTexts(context: TextContext): boolean {
    if (this.textContext?.timeZone !== context.timeZone) {
      this.textContext = context;
      this.missingOffsets = new MissingOffsetJson(context.timeZone);
    }
    return true;
  }

  fileStart(index: number, file: string, problems: readonly Problem[]): void | Promise<void> {
    this.openFile(index, file);
    this.current!.early = problems.length;
    return this.add(index, problems);
  }

  add(_index: number, problems: readonly Problem[]): void | Promise<void> {
    return this.write(problems, 0);
  }

  /**
   * Writes `problems` from `from` on. When the output asks to wait partway through, the rest wait
   * for it: one batch can be 100k file-level problems (a header of 100k unknown question columns,
   * 45 MB of JSON), which were all handed to the output at once.
   */
  private write(problems: readonly Problem[], from: number): void | Promise<void> {
    const current = this.current!;
    for (let i = from; i < problems.length; i++) {
      this.writeProblem(problems[i]!, current.problems++ === 0);
      const wait = this.out.settle();
      if (wait) return i + 1 < problems.length ? wait.then(() => this.write(problems, i + 1)) : wait;
    }
    return this.out.settle();
  }

  /**
   * A packed batch's problems (lib/engine/report/packed-problems.ts), as `add` writes them: a deferred missing
   * offset goes from its parts to its template, without a string sliced or a Problem made. With
   * `end`, up to the batch's `end`-th problem (the rest by another call, with the same reader).
   */
  addPacked(index: number, reader: PackedReader, end = Infinity): void | Promise<void> {
    const current = this.current!;
    const offsets = this.textContext !== null ? this.missingOffsets : null;
    while (reader.read < end && reader.next()) {
      const first = current.problems++ === 0;
      const written =
        offsets !== null &&
        reader.deferred &&
        reader.code === "missing_offset" &&
        offsets.writeAt(reader.file, reader.column, reader.row, reader.line, reader.texts, reader.valueAt, reader.valueLength, first, this.out);
      if (!written) this.writeProblem(reader.problem(), first);
      const wait = this.out.settle();
      if (wait) return wait.then(() => this.addPacked(index, reader, end));
    }
    return this.out.settle();
  }

  private writeProblem(problem: Problem, first: boolean): void {
    const context = this.textContext;
    if (context !== null && isDeferred(problem)) {
      // The commonest deferred problem, written from its template; anything else as usual.
      const written = problem.code === "missing_offset" ? this.writeMissingOffset(problem, first) : false;
      if (!written) this.out.text(problemText(withText(problem, context), first));
    } else {
      this.out.text(problemText(problem, first));
    }
  }

  addText(_index: number, utf8: Uint8Array): void | Promise<void> {
    if (utf8.byteLength === 0) return;
    const current = this.current!;
    // Written as problemText(problem, false): the first problem of the list has no comma.
    this.out.bytes(current.problems++ === 0 ? utf8.subarray(1) : utf8);
    return this.out.settle();
  }

  keepExamples(): void {}

  private writeMissingOffset(problem: Problem, first: boolean): boolean {
    return this.missingOffsets!.write(problem, first, this.out);
  }

  async fileDone(index: number, report: FileReport, settled: Iterable<Problem>): Promise<void> {
    if (this.current?.index !== index) this.openFile(index, report.file);
    const current = this.current!;
    // The file-level problems found after its header was read, then the settled row problems.
    await this.add(index, report.problems.slice(current.early));
    for (const problem of settled) await this.add(index, [problem]);
    const rest = JSON.stringify({ profile: report.profile, rows: report.rows, validRows: report.validRows }, null, 2);
    this.out.text(`${current.problems > 0 ? "\n      ]" : "]"},\n      ${rest.slice(4, -2).replaceAll("\n  ", "\n      ")}\n    }`);
    this.current = null;
    await this.out.settle();
  }

  examples(): Problem[] {
    return [];
  }

  /**
   * The end of the report (what is known only once every file is read), written out; with `end`,
   * the output is then ended and closed (a file; not stdout).
   */
  async finish(report: ValidationReport, end: boolean): Promise<void> {
    const rest = JSON.stringify({ ...(report.mapping ? { mapping: report.mapping } : {}), ok: report.ok, summary: report.summary }, null, 2);
    this.out.text(`${this.files > 0 ? "\n  ]" : "]"},\n  ${rest.slice(4, -2)}\n}\n`);
    await this.out.end(end);
  }

  private openFile(index: number, file: string): void {
    this.out.text(`${this.files++ === 0 ? "" : ","}\n    {\n      "file": ${JSON.stringify(file)},\n      "problems": [`);
    this.current = { index, problems: 0, early: 0 };
  }
}
