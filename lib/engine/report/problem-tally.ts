import { problemCodes, type Problem, type ProblemCode } from "../problem.ts";

/**
 * A file's problem counts when its row problems stream out instead of staying in the report
 * (contract §5: memory must not grow with the number of problems): errors, warnings, counts by
 * code, and which rows have an error (a bit a row, not a set of numbers).
 */
export class ProblemTally {
  errors = 0;
  warnings = 0;
  private readonly byCode = new Map<ProblemCode, number>();
  /**
   * A run of problems of one code, counted here and added to `byCode` when the code changes: a
   * file with a fault on every row brings the same code a million times, two map operations each
   * (with the findings' column lookups, ~30 ms of CPU on the 1M-row every-row-error file).
   */
  private runCode: ProblemCode | null = null;
  private runCount = 0;
  private rowBits = new Uint8Array(1024);
  private rowsWithErrorsCount = 0;

  add(problem: Problem): void {
    if (problem.severity === "error") {
      this.errors++;
      if (problem.row > 0) this.markRow(problem.row);
    } else this.warnings++;
    if (problem.code === this.runCode) this.runCount++;
    else {
      this.endRun();
      this.runCode = problem.code;
      this.runCount = 1;
    }
  }

  /** Counts made elsewhere (a block of the file validated in a worker); its rows with errors go to `markErrorRow`. */
  addCounts(errors: number, warnings: number, byCode: Iterable<[ProblemCode, number]>): void {
    this.errors += errors;
    this.warnings += warnings;
    for (const [code, count] of byCode) this.byCode.set(code, (this.byCode.get(code) ?? 0) + count);
  }

  /** A row with an error, counted once however many it has. */
  markErrorRow(row: number): void {
    if (row > 0) this.markRow(row);
  }

  addAll(problems: readonly Problem[]): void {
    for (let i = 0; i < problems.length; i++) this.add(problems[i]!);
  }

  get rowsWithErrors(): number {
    return this.rowsWithErrorsCount;
  }

  codeCounts(): ReadonlyMap<ProblemCode, number> {
    this.endRun();
    return this.byCode;
  }

  private endRun(): void {
    if (this.runCode !== null) this.byCode.set(this.runCode, (this.byCode.get(this.runCode) ?? 0) + this.runCount);
    this.runCode = null;
    this.runCount = 0;
  }

  private markRow(row: number): void {
    const byte = row >> 3;
    if (byte >= this.rowBits.length) {
      let size = this.rowBits.length;
      while (size <= byte) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.rowBits);
      this.rowBits = grown;
    }
    const bit = 1 << (row & 7);
    if ((this.rowBits[byte]! & bit) === 0) {
      this.rowBits[byte]! |= bit;
      this.rowsWithErrorsCount++;
    }
  }
}

/** Counts by code in the contract's order of codes (the report's `byCode`). */
export function orderedByCode(counts: Iterable<[ProblemCode, number]>): Partial<Record<ProblemCode, number>> {
  const totals = new Map<ProblemCode, number>();
  for (const [code, count] of counts) totals.set(code, (totals.get(code) ?? 0) + count);
  const byCode: Partial<Record<ProblemCode, number>> = {};
  for (const code of problemCodes) {
    const count = totals.get(code);
    if (count) byCode[code] = count;
  }
  return byCode;
}
