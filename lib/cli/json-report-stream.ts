import type { Writable } from "node:stream";
import { ownedProblem, type Problem } from "../engine/problem.ts";
import { problemText } from "../engine/report/json-report.ts";
import type { FileReport, ValidationReport } from "../engine/validate.ts";

/**
 * Where `validate` sends each file's problems as they are made (lib/cli/commands/validate.ts):
 * straight into the JSON report (JsonReportStream), to a spool on disk for the error report
 * (ProblemSpool), or only the first of each code for the text report (ExamplesSink).
 */
export interface ProblemSink {
  /** A file's header was read: its file-level problems known then (ValidateImportOptions' onFileStart). */
  fileStart(index: number, file: string, problems: readonly Problem[]): void | Promise<void>;
  /** A row's problems, in row order; transient (copy what is kept). */
  add(index: number, problems: readonly Problem[]): void | Promise<void>;
  /** Problems already written as `problemText(problem, false)` writes each (UTF-8; a block validated in a worker). */
  addText(index: number, utf8: Uint8Array): void | Promise<void>;
  /** The first problems of each code of a block whose problems came as text. */
  keepExamples(index: number, problems: readonly Problem[]): void;
  /** A file's end: its report, and its row problems settled at the end (in report order). */
  fileDone(index: number, report: FileReport, settled: Iterable<Problem>, position: (column: string | null) => number): void | Promise<void>;
  /** The first problems of each code, across files (the text report's examples). */
  examples(): Problem[];
}

/** Up to three problems of each code, in the order they came (copies that own their strings). */
export class FirstOfEachCode {
  readonly problems: Problem[] = [];
  private readonly seen = new Map<string, number>();

  add(problem: Problem): void {
    const count = this.seen.get(problem.code) ?? 0;
    if (count >= 3) return;
    this.seen.set(problem.code, count + 1);
    this.problems.push(ownedProblem(problem));
  }
}

/** The text report's sink: the counts are in the report; only the first problems of each code are kept. */
export class ExamplesSink implements ProblemSink {
  private readonly first = new FirstOfEachCode();

  fileStart(): void {}

  add(_index: number, problems: readonly Problem[]): void {
    for (const problem of problems) this.first.add(problem);
  }

  addText(): void {}

  keepExamples(index: number, problems: readonly Problem[]): void {
    this.add(index, problems);
  }

  fileDone(_index: number, _report: FileReport, settled: Iterable<Problem>): void {
    for (const problem of settled) this.first.add(problem);
  }

  examples(): Problem[] {
    return this.first.problems;
  }
}

/** Text is encoded into a buffer of this size, which goes to the output when full. */
const BUFFER_BYTES = 1024 * 1024;

/**
 * `buffer.write(text, at)` without its argument checks (~0.3 µs a problem): Buffer's own UTF-8
 * writer, which it calls. The caller has made room for the text.
 */
function utf8Write(buffer: Buffer, text: string, at: number): number {
  return (buffer as unknown as { utf8Write(text: string, offset: number): number }).utf8Write(text, at);
}

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
  private buffer: Buffer = Buffer.allocUnsafeSlow(BUFFER_BYTES);
  private used = 0;
  private files = 0;
  /** Per file being written: problems written so far, and how many came with its start. */
  private current: { index: number; problems: number; early: number } | null = null;
  private failed: Error | null = null;
  private closed = false;

  private stream: Writable | null = null;

  /** `open` gives the output when the first bytes are ready (so a run that fails at its start leaves no file). */
  constructor(private readonly open: () => Writable) {
    this.text("{\n  \"files\": [");
  }

  private get out(): Writable {
    if (this.stream === null) {
      const stream = this.open();
      stream.on("error", (error: NodeJS.ErrnoException) => {
        // A reader that went away (`… | head`) ends the output, not the run.
        if (error.code === "EPIPE") this.closed = true;
        else this.failed ??= error;
      });
      this.stream = stream;
    }
    return this.stream;
  }

  /** The output's first error (other than a closed pipe), if any. */
  get error(): Error | null {
    return this.failed;
  }

  fileStart(index: number, file: string, problems: readonly Problem[]): void | Promise<void> {
    this.openFile(index, file);
    this.current!.early = problems.length;
    return this.add(index, problems);
  }

  add(index: number, problems: readonly Problem[]): void | Promise<void> {
    const current = this.current!;
    for (let i = 0; i < problems.length; i++) this.text(problemText(problems[i]!, current.problems++ === 0));
    return this.maybeFlush();
  }

  addText(_index: number, utf8: Uint8Array): void | Promise<void> {
    if (utf8.byteLength === 0) return;
    const current = this.current!;
    // Written as problemText(problem, false): the first problem of the list has no comma.
    const bytes = current.problems === 0 ? utf8.subarray(1) : utf8;
    current.problems++;
    if (bytes.byteLength > BUFFER_BYTES / 4) {
      // Big enough to go out as it is, after what is buffered.
      this.emitBuffer();
      this.emit(bytes);
    } else {
      if (this.used + bytes.byteLength > BUFFER_BYTES) this.emitBuffer();
      this.buffer.set(bytes, this.used);
      this.used += bytes.byteLength;
    }
    return this.maybeFlush();
  }

  keepExamples(): void {}

  async fileDone(index: number, report: FileReport, settled: Iterable<Problem>): Promise<void> {
    if (this.current?.index !== index) this.openFile(index, report.file);
    const current = this.current!;
    // The file-level problems found after its header was read, then the settled row problems.
    await this.add(index, report.problems.slice(current.early));
    for (const problem of settled) await this.add(index, [problem]);
    const rest = JSON.stringify({ profile: report.profile, rows: report.rows, validRows: report.validRows }, null, 2);
    this.text(`${current.problems > 0 ? "\n      ]" : "]"},\n      ${rest.slice(4, -2).replaceAll("\n  ", "\n      ")}\n    }`);
    this.current = null;
    await this.maybeFlush();
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
    this.text(`${this.files > 0 ? "\n  ]" : "]"},\n  ${rest.slice(4, -2)}\n}\n`);
    this.emitBuffer();
    await this.drained();
    const out = this.out;
    if (end && !this.failed) {
      await new Promise<void>((resolve) => {
        out.once("close", resolve);
        out.end();
      });
    }
    if (this.failed) throw this.failed;
  }

  private openFile(index: number, file: string): void {
    this.text(`${this.files++ === 0 ? "" : ","}\n    {\n      "file": ${JSON.stringify(file)},\n      "problems": [`);
    this.current = { index, problems: 0, early: 0 };
  }

  private text(text: string): void {
    // A UTF-16 unit takes at most 3 bytes of UTF-8.
    if (this.used + text.length * 3 > BUFFER_BYTES) {
      this.emitBuffer();
      if (text.length * 3 > BUFFER_BYTES) {
        this.emit(Buffer.from(text));
        return;
      }
    }
    this.used += utf8Write(this.buffer, text, this.used);
  }

  /** Bytes handed to the output and not yet drained by it. */
  private waiting = false;

  private emitBuffer(): void {
    if (this.used === 0) return;
    const full = this.buffer.subarray(0, this.used);
    this.buffer = Buffer.allocUnsafeSlow(BUFFER_BYTES);
    this.used = 0;
    this.emit(full);
  }

  private emit(bytes: Uint8Array): void {
    if (this.closed || this.failed) return;
    if (!this.out.write(bytes)) this.waiting = true;
  }

  /** Synchronous (no promise a row) unless the output asked to wait. */
  private maybeFlush(): void | Promise<void> {
    if (this.failed) throw this.failed;
    if (this.used >= BUFFER_BYTES - 64 * 1024) this.emitBuffer();
    if (this.waiting) return this.drained();
  }

  private async drained(): Promise<void> {
    if (!this.waiting || this.closed || this.failed) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.out.off("drain", done);
        this.out.off("error", done);
        resolve();
      };
      this.out.on("drain", done);
      this.out.on("error", done);
    });
    this.waiting = false;
    if (this.failed) throw this.failed;
  }
}
