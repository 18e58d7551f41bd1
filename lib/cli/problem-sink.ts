import { ownedProblem, type Problem } from "../engine/problem.ts";
import { withText, type TextContext } from "../engine/deferred-text.ts";
import type { FileReport } from "../engine/validate.ts";
import type { PackedInsert } from "../engine/parallel/validate-in-blocks.ts";
import type { PackedProblems } from "../engine/report/packed-problems.ts";

/**
 * Where `validate` sends each file's problems as they are made (lib/cli/commands/validate.ts):
 * straight into the JSON report (JsonReportStream, or JsonReportThread for a big one written by a
 * second thread), to a spool on disk for the error report
 * (ProblemSpool), or only the first of each code for the text report (ExamplesSink).
 */
export interface ProblemSink {
  /** Whether it keeps each row's problems (false: only the first of each code; `addText` ignores text). */
  readonly wantsText: boolean;
  /**
   * Whether it takes row problems whose text is deferred (lib/engine/deferred-text.ts), making
   * their text with `context` where it writes or keeps them. Asked once, before any problem.
   */
  acceptDeferredTexts(context: TextContext): boolean;
  /** A file's header was read: its file-level problems known then (ValidateImportOptions' onFileStart). */
  fileStart(index: number, file: string, problems: readonly Problem[]): void | Promise<void>;
  /** A row's problems, in row order; transient (copy what is kept). */
  add(index: number, problems: readonly Problem[]): void | Promise<void>;
  /**
   * A segment's problems packed by the thread that validated it, with `inserts` among them
   * (ProblemTextSink's `packed`). A sink that has it takes blocks' problems so (JsonReportThread).
   */
  addPackedSegment?(index: number, batches: PackedProblems[], inserts: PackedInsert[]): void | Promise<void>;
  /** Problems already written as `problemText(problem, false)` writes each (UTF-8; a block validated in a worker). Lent: copied before it returns. */
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
  /** Set when the problems may come with their text deferred. */
  textContext: TextContext | null = null;

  add(problem: Problem): void {
    const count = this.seen.get(problem.code) ?? 0;
    if (count >= 3) return;
    this.seen.set(problem.code, count + 1);
    this.problems.push(ownedProblem(this.textContext ? withText(problem, this.textContext) : problem));
  }
}

/** The text report's sink: the counts are in the report; only the first problems of each code are kept. */
export class ExamplesSink implements ProblemSink {
  readonly wantsText = false;
  private readonly first = new FirstOfEachCode();

  acceptDeferredTexts(context: TextContext): boolean {
    this.first.textContext = context;
    return true;
  }

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
