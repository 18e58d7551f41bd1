import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Problem } from "../engine/problem.ts";
import { problemText } from "../engine/report/json-report.ts";
import type { FileReport } from "../engine/validate.ts";
import { FirstOfEachCode, type ProblemSink } from "./problem-sink.ts";
import { BufferedOutput } from "./buffered-output.ts";

/**
 * Row problems on their way to the report, kept on disk while the files are validated, so the
 * CLI's memory does not grow with them (contract §5). Each problem is kept as the JSON report
 * writes it (`problemText(problem, false)`: a comma, a line break and the problem indented), so
 * the report can copy a file's problems as they are when nothing was settled at its end. Each
 * file's problems come back in the report's order: rows in order, each row's by column, the
 * problems settled at the file's end merged in where they belong.
 */
export class ProblemSpool implements ProblemSink {
  readonly wantsText = true;
  private constructor(private readonly dir: string) {}
  private readonly files: FileSpool[] = [];

  static async create(): Promise<ProblemSpool> {
    return new ProblemSpool(await mkdtemp(path.join(tmpdir(), "bulk-import-problems-")));
  }

  file(index: number): FileSpool {
    this.files[index] ??= new FileSpool(path.join(this.dir, `${index}.ndjson`));
    return this.files[index];
  }

  /** The error report reads the problems back as they were spooled: they come with their text. */
  acceptDeferredTexts(): boolean {
    return false;
  }

  fileStart(): void {}

  add(index: number, problems: readonly Problem[]): void | Promise<void> {
    return this.file(index).add(problems);
  }

  addText(index: number, utf8: Uint8Array): void | Promise<void> {
    return this.file(index).addText(utf8);
  }

  keepExamples(index: number, problems: readonly Problem[]): void {
    this.file(index).keepExamples(problems);
  }

  fileDone(index: number, _report: FileReport, settled: Iterable<Problem>, position: (column: string | null) => number): void {
    this.file(index).settle(settled, position);
  }

  /** The first problems of each code, across files, kept as they came (for the text report). */
  examples(): Problem[] {
    return this.files.flatMap((file) => (file ? file.firstOfEachCode : []));
  }

  /**
   * The problems of file `index` as the JSON report writes them (UTF-8; see jsonReportChunks),
   * when they can be copied as they were spooled; null when problems settled at the file's end
   * must be merged in (then use problemsOf).
   */
  problemTextsOf(index: number): AsyncIterable<Uint8Array> | null {
    const file = this.files[index];
    return file ? file.texts() : (async function* () {})();
  }

  /** The problems of file `index` in report order (none when it had none). */
  problemsOf(index: number): AsyncIterable<Problem> {
    return this.files[index]?.problems() ?? (async function* () {})();
  }

  async dispose(): Promise<void> {
    await Promise.all(this.files.map((file) => file?.close()));
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Characters read back at a time. */
const READ_CHARS = 1024 * 1024;
/** The end of a spooled problem: its closing brace (its other lines are indented by 10). */
const PROBLEM_END = "\n        }";

export class FileSpool {
  private readonly out: BufferedOutput;
  private count = 0;
  private settled: Iterable<Problem> = [];
  private hasSettled = false;
  private position: (column: string | null) => number = () => -1;
  private readonly examples = new FirstOfEachCode();

  constructor(private readonly file: string) {
    this.out = new BufferedOutput(() => createWriteStream(file, { flags: "a" }));
  }

  /** Up to three problems of each code, in the order they came. */
  get firstOfEachCode(): Problem[] {
    return this.examples.problems;
  }

  /**
   * Spools a row's problems. Synchronous (no promise, so the engine does not wait a microtask a
   * row) unless a full buffer went to the file and it asked to wait.
   */
  add(problems: readonly Problem[]): void | Promise<void> {
    for (let i = 0; i < problems.length; i++) {
      const problem = problems[i]!;
      this.out.text(problemText(problem, false));
      this.examples.add(problem);
    }
    this.count += problems.length;
    return this.out.settle();
  }

  /**
   * Spools problems already written as `add` writes them (`problemText(problem, false)`, UTF-8:
   * a block of the file validated in a worker). The bytes are the spool's to keep. Their
   * examples come through `keepExamples`.
   */
  addText(bytes: Uint8Array): void | Promise<void> {
    if (bytes.byteLength === 0) return;
    this.out.bytes(bytes);
    this.count++;
    return this.out.settle();
  }

  /** The first problems of each code of a block validated elsewhere, in file order. */
  keepExamples(problems: readonly Problem[]): void {
    for (const problem of problems) this.examples.add(problem);
  }

  /**
   * The file's settled row problems (sorted by row and column; read here once for examples and
   * again when the report is written, so they may be made as they are read) and how to place a column.
   */
  settle(settled: Iterable<Problem>, position: (column: string | null) => number): void {
    this.settled = settled;
    for (const problem of settled) {
      this.hasSettled = true;
      this.examples.add(problem);
    }
    this.position = position;
  }

  async close(): Promise<void> {
    await this.out.end(true);
  }

  async *problems(): AsyncGenerator<Problem> {
    await this.close();
    const settled = this.settled[Symbol.iterator]();
    let next = settled.next();
    const before = (a: Problem, b: Problem) => a.row < b.row || (a.row === b.row && this.position(a.column) < this.position(b.column));
    for await (const problem of this.streamed()) {
      for (; !next.done && before(next.value, problem); next = settled.next()) yield next.value;
      yield problem;
    }
    for (; !next.done; next = settled.next()) yield next.value;
  }

  /** The spooled text as it is, when no settled problem has to be merged in; else null. */
  texts(): AsyncIterable<Uint8Array> | null {
    if (this.hasSettled) return null;
    return this.rawTexts();
  }

  private async *rawTexts(): AsyncGenerator<Uint8Array> {
    await this.close();
    if (!this.count) return;
    yield* createReadStream(this.file, { highWaterMark: READ_CHARS }) as AsyncIterable<Buffer>;
  }

  private async *streamed(): AsyncGenerator<Problem> {
    if (!this.count) return;
    let text = "";
    for await (const chunk of createReadStream(this.file, { encoding: "utf8", highWaterMark: READ_CHARS }) as AsyncIterable<string>) {
      text += chunk;
      let start = 0;
      for (let end = text.indexOf(PROBLEM_END); end >= 0; end = text.indexOf(PROBLEM_END, start)) {
        // Skip the comma before the problem; JSON.parse takes the indentation as white space.
        yield JSON.parse(text.slice(start + 1, end + PROBLEM_END.length)) as Problem;
        start = end + PROBLEM_END.length;
      }
      text = text.slice(start);
    }
  }
}
