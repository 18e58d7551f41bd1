import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { once } from "node:events";
import { tmpdir } from "node:os";
import path from "node:path";
import { ownedProblem, type Problem } from "../engine/problem.ts";
import { problemText } from "../engine/report/json-report.ts";
import type { FileReport } from "../engine/validate.ts";
import type { ProblemSink } from "./json-report-stream.ts";

/**
 * Row problems on their way to the report, kept on disk while the files are validated, so the
 * CLI's memory does not grow with them (contract §5). Each problem is kept as the JSON report
 * writes it (`problemText(problem, false)`: a comma, a line break and the problem indented), so
 * the report can copy a file's problems as they are when nothing was settled at its end. Each
 * file's problems come back in the report's order: rows in order, each row's by column, the
 * problems settled at the file's end merged in where they belong.
 */
export class ProblemSpool implements ProblemSink {
  private constructor(private readonly dir: string) {}
  private readonly files: FileSpool[] = [];

  static async create(): Promise<ProblemSpool> {
    return new ProblemSpool(await mkdtemp(path.join(tmpdir(), "bulk-import-problems-")));
  }

  file(index: number): FileSpool {
    this.files[index] ??= new FileSpool(path.join(this.dir, `${index}.ndjson`));
    return this.files[index];
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

const FLUSH_CHARS = 1024 * 1024;
/** Spooled text is written as UTF-8 into a buffer of this size, then to the file. */
const FLUSH_BYTES = 1024 * 1024;
/** The end of a spooled problem: its closing brace (its other lines are indented by 10). */
const PROBLEM_END = "\n        }";

/**
 * `buffer.write(text, at)` without its argument checks (measured ~0.3 µs a problem): Buffer's own
 * UTF-8 writer, which it calls. The caller has made room for the text.
 */
function utf8Write(buffer: Buffer, text: string, at: number): number {
  return (buffer as unknown as { utf8Write(text: string, offset: number): number }).utf8Write(text, at);
}

export class FileSpool {
  private stream: WriteStream | null = null;
  private buffer: Buffer = Buffer.allocUnsafeSlow(FLUSH_BYTES);
  private used = 0;
  private count = 0;
  private settled: Iterable<Problem> = [];
  private hasSettled = false;
  private position: (column: string | null) => number = () => -1;

  constructor(private readonly file: string) {}

  /** Up to three problems of each code, in the order they came. */
  readonly firstOfEachCode: Problem[] = [];
  private readonly seen = new Map<string, number>();

  /**
   * Spools a row's problems. Synchronous (no promise, so the engine does not wait a microtask a
   * row) unless the buffer is full: then the promise settles once the file took it. Each text is
   * encoded straight into the buffer, not joined into a long string first (which cost a flat
   * copy of each megabyte, in the large-object space, before it was encoded).
   */
  add(problems: readonly Problem[]): void | Promise<void> {
    for (let i = 0; i < problems.length; i++) {
      const problem = problems[i]!;
      const text = problemText(problem, false);
      // A UTF-16 unit takes at most 3 bytes of UTF-8.
      if (this.used + text.length * 3 > FLUSH_BYTES) {
        this.queue(this.used > 0 ? this.takeBuffer() : null);
        if (text.length * 3 > FLUSH_BYTES) this.queue(Buffer.from(text));
        else this.used = utf8Write(this.buffer, text, 0);
      } else {
        this.used += utf8Write(this.buffer, text, this.used);
      }
      this.keepExample(problem);
    }
    this.count += problems.length;
    if (this.used >= FLUSH_BYTES - 64 * 1024 || this.pending.length > 0) return this.flush();
  }

  /**
   * Spools problems already written as `add` writes them (`problemText(problem, false)`, UTF-8:
   * a block of the file validated in a worker). The bytes are the spool's to keep. Their
   * examples come through `keepExamples`.
   */
  addText(bytes: Uint8Array): void | Promise<void> {
    if (bytes.byteLength === 0) return;
    if (bytes.byteLength >= FLUSH_BYTES / 4) {
      // Big enough to write as it is, after what is already buffered.
      this.queue(this.used > 0 ? this.takeBuffer() : null);
      this.queue(bytes);
    } else {
      if (this.used + bytes.byteLength > FLUSH_BYTES) this.queue(this.takeBuffer());
      this.buffer.set(bytes, this.used);
      this.used += bytes.byteLength;
    }
    this.count++;
    if (this.used >= FLUSH_BYTES - 64 * 1024 || this.pending.length > 0) return this.flush();
  }

  /** The first problems of each code of a block validated elsewhere, in file order. */
  keepExamples(problems: readonly Problem[]): void {
    for (const problem of problems) this.keepExample(problem);
  }

  /** Bytes on their way to the file (whole buffers taken while adding). */
  private readonly pending: Uint8Array[] = [];

  private queue(bytes: Uint8Array | null): void {
    if (bytes) this.pending.push(bytes);
  }

  /** A buffer the file has taken (written and drained), to fill again instead of a new one. */
  private spare: Buffer | null = null;

  private takeBuffer(): Buffer {
    const full = this.buffer.subarray(0, this.used);
    this.buffer = this.spare ?? Buffer.allocUnsafeSlow(FLUSH_BYTES);
    this.spare = null;
    this.used = 0;
    return full;
  }

  /**
   * The file's settled row problems (sorted by row and column; read here once for examples and
   * again when the report is written, so they may be made as they are read) and how to place a column.
   */
  settle(settled: Iterable<Problem>, position: (column: string | null) => number): void {
    this.settled = settled;
    for (const problem of settled) {
      this.hasSettled = true;
      this.keepExample(problem);
    }
    this.position = position;
  }

  private keepExample(problem: Problem): void {
    const count = this.seen.get(problem.code) ?? 0;
    if (count >= 3) return;
    this.seen.set(problem.code, count + 1);
    // Kept to the end of the run: a copy that owns its strings (the engine's are transient).
    this.firstOfEachCode.push(ownedProblem(problem));
  }

  async close(): Promise<void> {
    await this.flush();
    if (!this.stream) return;
    const stream = this.stream;
    this.stream = null;
    stream.end();
    await once(stream, "close");
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
    yield* createReadStream(this.file, { highWaterMark: FLUSH_CHARS }) as AsyncIterable<Buffer>;
  }

  private async *streamed(): AsyncGenerator<Problem> {
    if (!this.count) return;
    let text = "";
    for await (const chunk of createReadStream(this.file, { encoding: "utf8", highWaterMark: FLUSH_CHARS }) as AsyncIterable<string>) {
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

  private async flush(): Promise<void> {
    if (this.used > 0) this.pending.push(this.takeBuffer());
    if (this.pending.length === 0) return;
    this.stream ??= createWriteStream(this.file, { flags: "a" });
    const chunks = this.pending.splice(0);
    let drained = true;
    for (const chunk of chunks) drained = this.stream.write(chunk) && drained;
    if (!drained) {
      await once(this.stream, "drain");
      // Everything written so far has left the stream: its last buffer can be filled again.
      const last = chunks[chunks.length - 1]!;
      if (last.buffer.byteLength === FLUSH_BYTES && last.byteOffset === 0) this.spare ??= Buffer.from(last.buffer);
    }
  }
}
