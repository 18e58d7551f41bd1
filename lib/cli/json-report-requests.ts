import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { detach, type Problem } from "../engine/problem.ts";
import { DEFERRED_TEXT, withText, type TextContext } from "../engine/deferred-text.ts";
import { isStandardProblem } from "../engine/report/json-report.ts";
import type { FileReport, ValidationReport } from "../engine/validate.ts";
import type { JsonReportStream } from "./json-report-stream.ts";
import { clearArray } from "../utils/clear-array.ts";

/**
 * What JsonReportThread (json-report-thread.ts) asks of the JsonReportStream that writes the
 * report, in a worker thread or, for a small report, in its own: each request is a
 * JsonReportStream call, and `applyReportRequest` makes it, so both places write the same bytes.
 */
export type ReportRequest =
  | { kind: "fileStart"; index: number; file: string; problems: Problem[] }
  | { kind: "rows"; id: number; index: number; fields: PackedProblems }
  | { kind: "text"; id: number; index: number; utf8: Uint8Array }
  | { kind: "fileDone"; index: number; report: FileReport; settled: Problem[] }
  | { kind: "finish"; report: ValidationReport; end: boolean };

/** A report file the worker opens itself: `-o`'s path, or stdout's descriptor when it is a regular file. */
export type ReportTarget = { path: string; fd?: undefined; highWaterMark: number } | { fd: number; path?: undefined; highWaterMark: number };

export type ReportReply =
  | { kind: "written"; id: number }
  | { kind: "finished" }
  | { kind: "failed"; message: string; code?: string; syscall?: string };

/**
 * Problems packed for a worker. The structured clone costs a tag and a copy for every value it
 * sends, and most of a problem repeats (severity, code, file, column): a problem of the usual
 * shape goes as numbers in `ints` (the repeated strings as their number in the packer's `names`,
 * each name sent once, with the batch it first appears in) and its own strings (value, message,
 * hint) joined into one string, cut again by their lengths (a string each cost the clone ~180 ns,
 * a cons string a flattened copy first); any other problem goes as itself, in `others`.
 */
export type PackedProblems = {
  /**
   * Per problem, INTS_PER_PROBLEM numbers: severity, code, file, row, line, column, and the
   * lengths of its value, message and hint in `texts` (NULL for a null line, column or value, or
   * no hint); or OTHER and its place in `others`.
   */
  ints: Int32Array;
  count: number;
  /** Value, message and hint of each problem of the usual shape, one after the other. */
  texts: string;
  others: Problem[];
  /** Names first used in this batch, numbered on from the names sent before. */
  names: string[];
  /** What the texts of deferred problems (message length DEFERRED) are made with. */
  context: TextContext | null;
};

const INTS_PER_PROBLEM = 9;
const OTHER = -1;
const NULL = -1;
/** A message length that says the problem's text is deferred (lib/engine/deferred-text.ts): the unpacker makes it. */
const DEFERRED = -2;

/** Packs problems into batches, numbering the repeated strings once per run. */
export class ProblemPacker {
  private readonly numbers = new Map<string, number>();
  private ints = new Int32Array(1024 * INTS_PER_PROBLEM);
  private count = 0;
  /** Each add's texts joined (flat copies: the problems' own strings can die young). */
  private texts: string[] = [];
  private readonly added: string[] = [];
  private others: Problem[] = [];
  private names: string[] = [];
  /** Set when the problems may come with their text deferred (ProblemSink's `acceptDeferredTexts`). */
  textContext: TextContext | null = null;

  get size(): number {
    return this.count;
  }

  add(problems: readonly Problem[]): void {
    const added = this.added;
    for (let i = 0; i < problems.length; i++) {
      const p = problems[i]!;
      if (this.count * INTS_PER_PROBLEM === this.ints.length) {
        const grown = new Int32Array(this.ints.length * 2);
        grown.set(this.ints);
        this.ints = grown;
      }
      const at = this.count++ * INTS_PER_PROBLEM;
      const { row, line } = p;
      // Rows and lines as 32-bit numbers (a row past 2^31 goes as itself).
      if (!isStandardProblem(p) || (row | 0) !== row || row < 0 || (line !== null && ((line | 0) !== line || line < 0))) {
        this.ints[at] = OTHER;
        this.ints[at + 1] = this.others.length;
        this.others.push(ownedAsItIs(this.textContext ? withText(p, this.textContext) : p));
        continue;
      }
      this.ints[at] = this.number(p.severity);
      this.ints[at + 1] = this.number(p.code);
      this.ints[at + 2] = this.number(p.file);
      this.ints[at + 3] = row;
      this.ints[at + 4] = line === null ? NULL : line;
      this.ints[at + 5] = p.column === null ? NULL : this.number(p.column);
      const { value, message, hint } = p;
      this.ints[at + 6] = value === null ? NULL : value.length;
      if (message === DEFERRED_TEXT) {
        // Only the value goes: the writer makes the text (the bulk of a deferred problem's bytes).
        this.ints[at + 7] = DEFERRED;
        this.ints[at + 8] = NULL;
        added.push(value ?? "");
        continue;
      }
      this.ints[at + 7] = message.length;
      this.ints[at + 8] = hint === undefined ? NULL : hint.length;
      added.push(value ?? "", message, hint ?? "");
    }
    // A batch can wait through many collections when problems are sparse: what it keeps should
    // be their text, not the cons strings and chunk slices they were made of (~30 MB of
    // promoted garbage on the bench's 1%-error file).
    if (added.length > 0) {
      this.texts.push(added.join(""));
      clearArray(added);
    }
  }

  /** The batch so far, and a new one started. */
  take(): PackedProblems {
    const batch: PackedProblems = {
      ints: this.ints.slice(0, this.count * INTS_PER_PROBLEM),
      count: this.count,
      texts: this.texts.join(""),
      others: this.others,
      names: this.names,
      context: this.textContext,
    };
    this.count = 0;
    this.texts = [];
    this.others = [];
    this.names = [];
    return batch;
  }

  private number(name: string): number {
    let n = this.numbers.get(name);
    if (n === undefined) {
      n = this.numbers.size;
      this.numbers.set(name, n);
      this.names.push(name);
    }
    return n;
  }
}

/**
 * A copy of a problem of another shape, its keys in the same order, that owns its strings: a
 * row's problems are transient (slices of the chunk read), and a batch may wait until the end.
 */
function ownedAsItIs(problem: Problem): Problem {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(problem)) copy[key] = typeof value === "string" ? detach(value) : value;
  return copy as Problem;
}

/** The problems of packed batches, in order (the names sent so far kept between batches). */
export class ProblemUnpacker {
  private readonly names: string[] = [];

  unpack(batch: PackedProblems): Problem[] {
    for (const name of batch.names) this.names.push(name);
    const { ints, texts, others } = batch;
    const names = this.names;
    const problems = new Array<Problem>(batch.count);
    let from = 0;
    const text = (length: number): string | null => {
      if (length === NULL) return null;
      from += length;
      return texts.slice(from - length, from);
    };
    for (let i = 0; i < batch.count; i++) {
      const at = i * INTS_PER_PROBLEM;
      if (ints[at] === OTHER) {
        problems[i] = others[ints[at + 1]!]!;
        continue;
      }
      // The keys in the type's order, as makeProblem makes them: problemText's fast path.
      const line = ints[at + 4]!;
      const column = ints[at + 5]!;
      // A deferred problem came with its value only: its text is made by the stream that writes it.
      const deferred = ints[at + 7] === DEFERRED;
      const problem: Problem = {
        severity: names[ints[at]!] as Problem["severity"],
        code: names[ints[at + 1]!] as Problem["code"],
        file: names[ints[at + 2]!]!,
        row: ints[at + 3]!,
        line: line === NULL ? null : line,
        column: column === NULL ? null : names[column]!,
        value: text(ints[at + 6]!),
        message: deferred ? DEFERRED_TEXT : text(ints[at + 7]!)!,
      };
      const hint = deferred ? null : text(ints[at + 8]!);
      if (hint !== null) problem.hint = hint;
      problems[i] = problem;
    }
    return problems;
  }
}

/** The JsonReportStream call a request stands for. */
export function applyReportRequest(stream: JsonReportStream, unpacker: ProblemUnpacker, request: ReportRequest): void | Promise<void> {
  switch (request.kind) {
    case "fileStart":
      return stream.fileStart(request.index, request.file, request.problems);
    case "rows":
      if (request.fields.context) stream.acceptDeferredTexts(request.fields.context);
      return stream.add(request.index, unpacker.unpack(request.fields));
    case "text":
      return stream.addText(request.index, request.utf8);
    case "fileDone":
      return stream.fileDone(request.index, request.report, request.settled);
    case "finish":
      return stream.finish(request.report, request.end);
  }
}

/** The target opened as `validate` opens a report file (reportOutput in commands/validate.ts). */
export function openReportTarget(target: ReportTarget): Writable {
  return target.path !== undefined
    ? createWriteStream(target.path, { highWaterMark: target.highWaterMark })
    : createWriteStream("", { fd: target.fd, autoClose: false, highWaterMark: target.highWaterMark });
}
