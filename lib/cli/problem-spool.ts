import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { once } from "node:events";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Problem } from "../engine/problem.ts";

/**
 * Row problems on their way to the report, kept on disk (one JSON line each) while the files are
 * validated, so the CLI's memory does not grow with them (contract §5). Each file's problems come
 * back in the report's order: rows in order, each row's by column, the problems settled at the
 * file's end merged in where they belong.
 */
export class ProblemSpool {
  private constructor(private readonly dir: string) {}
  private readonly files: FileSpool[] = [];

  static async create(): Promise<ProblemSpool> {
    return new ProblemSpool(await mkdtemp(path.join(tmpdir(), "bulk-import-problems-")));
  }

  file(index: number): FileSpool {
    this.files[index] ??= new FileSpool(path.join(this.dir, `${index}.ndjson`));
    return this.files[index];
  }

  /** The first problems of each code, across files, kept as they came (for the text report). */
  examples(): Problem[] {
    return this.files.flatMap((file) => (file ? file.firstOfEachCode : []));
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

export class FileSpool {
  private stream: WriteStream | null = null;
  private buffer = "";
  private count = 0;
  private settled: readonly Problem[] = [];
  private position: (column: string | null) => number = () => -1;

  constructor(private readonly file: string) {}

  /** Up to three problems of each code, in the order they came. */
  readonly firstOfEachCode: Problem[] = [];
  private readonly seen = new Map<string, number>();

  async add(problems: readonly Problem[]): Promise<void> {
    for (const problem of problems) {
      this.buffer += `${JSON.stringify(problem)}\n`;
      this.keepExample(problem);
    }
    this.count += problems.length;
    if (this.buffer.length >= FLUSH_CHARS) await this.flush();
  }

  /** The file's settled row problems (sorted by row and column) and how to place a column. */
  settle(settled: readonly Problem[], position: (column: string | null) => number): void {
    this.settled = settled;
    for (const problem of settled) this.keepExample(problem);
    this.position = position;
  }

  private keepExample(problem: Problem): void {
    const count = this.seen.get(problem.code) ?? 0;
    if (count >= 3) return;
    this.seen.set(problem.code, count + 1);
    this.firstOfEachCode.push(problem);
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
    const settled = this.settled;
    let next = 0;
    const before = (a: Problem, b: Problem) => a.row < b.row || (a.row === b.row && this.position(a.column) < this.position(b.column));
    for await (const problem of this.streamed()) {
      while (next < settled.length && before(settled[next]!, problem)) yield settled[next++]!;
      yield problem;
    }
    while (next < settled.length) yield settled[next++]!;
  }

  private async *streamed(): AsyncGenerator<Problem> {
    if (!this.count) return;
    const lines = createInterface({ input: createReadStream(this.file, { encoding: "utf8" }), crlfDelay: Infinity });
    for await (const line of lines) if (line) yield JSON.parse(line) as Problem;
  }

  private async flush(): Promise<void> {
    if (!this.buffer) return;
    this.stream ??= createWriteStream(this.file, { flags: "a" });
    const text = this.buffer;
    this.buffer = "";
    if (!this.stream.write(text)) await once(this.stream, "drain");
  }
}
