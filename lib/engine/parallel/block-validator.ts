import { createRunContext, type FileValidator } from "../validate.ts";
import { SegmentValidator, type SegmentResult, type Utf8Writer } from "./segment-validator.ts";
import type { BlockJob, BlockRunner, BlockSetup } from "./validate-in-blocks.ts";

/**
 * What a worker thread runs (lib/cli/validate-worker.ts): blocks of a run's files, each read and
 * validated as the rest of the file's reader would (SegmentValidator). One validator per file is
 * kept from block to block; the request types and answers each block brings go back with its
 * result.
 */
export function createBlockValidator(setup: BlockSetup, utf8Write?: Utf8Writer): (job: BlockJob) => SegmentResult {
  const run = createRunContext(setup.config, {
    now: new Date(setup.nowMs),
    ...(setup.mapping ? { mapping: new Map(setup.mapping) } : {}),
  });
  const validators = new Map<number, FileValidator>();
  return (job) => {
    const validator = validators.get(job.fileIndex);
    const segment = new SegmentValidator(run, job.file, { kind: "resume", ...job.start }, {
      delimiter: setup.delimiter,
      sampleBytes: setup.sampleBytes,
      questions: "take",
      ...(validator ? { validator } : {}),
      ...(utf8Write ? { utf8Write } : {}),
    });
    if (!validator && segment.validator) validators.set(job.fileIndex, segment.validator);
    const result = segment.write(job.bytes);
    if (!job.last) return result;
    return mergeResults(result, segment.end());
  }
}

/** Two results of one segment, in order, as one. */
export function mergeResults(a: SegmentResult, b: SegmentResult): SegmentResult {
  if (b.rowCount === 0 && b.problemCount === 0 && b.fileProblems.length === 0 && (b.questions === null || (b.questions.requestTypes.length === 0 && b.questions.pending.length === 0))) {
    return { ...a, rows: b.rows, line: b.line };
  }
  const join = <T extends Int32Array | Uint8Array>(x: T, y: T): T => {
    const out = new (x.constructor as new (n: number) => T)(x.length + y.length);
    out.set(x);
    out.set(y, x.length);
    return out;
  };
  const byCode = new Map(a.byCode);
  for (const [code, count] of b.byCode) byCode.set(code, (byCode.get(code) ?? 0) + count);
  const textEnds = join(a.textEnds, b.textEnds);
  for (let i = a.rowCount; i < textEnds.length; i++) textEnds[i]! += a.text.byteLength;
  return {
    firstRow: a.rowCount > 0 ? a.firstRow : b.firstRow,
    rowCount: a.rowCount + b.rowCount,
    text: join(a.text, b.text),
    textEnds,
    lines: join(a.lines, b.lines),
    hashes: join(a.hashes, b.hashes),
    flags: join(a.flags, b.flags),
    problemCount: a.problemCount + b.problemCount,
    errors: a.errors + b.errors,
    warnings: a.warnings + b.warnings,
    byCode: [...byCode],
    examples: [...a.examples, ...b.examples],
    fileProblems: [...a.fileProblems, ...b.fileProblems],
    questions:
      a.questions && b.questions
        ? { requestTypes: [...a.questions.requestTypes, ...b.questions.requestTypes.filter((t) => !a.questions!.requestTypes.includes(t))], pending: [...a.questions.pending, ...b.questions.pending] }
        : (a.questions ?? b.questions),
    rows: b.rows,
    line: b.line,
  };
}

/**
 * Blocks run in this thread, one turn of the event loop each, finishing in the order `delay`
 * says (tests: results that come back out of order must still be taken in order).
 */
export function inProcessBlocks(options: { capacity?: number; delay?: (job: BlockJob) => number } = {}): BlockRunner & { jobs: number } {
  let validate: ((job: BlockJob) => SegmentResult) | null = null;
  const runner = {
    jobs: 0,
    capacity: options.capacity ?? 4,
    start(setup: BlockSetup) {
      validate = createBlockValidator(setup);
    },
    run(job: BlockJob): Promise<SegmentResult> {
      runner.jobs++;
      const validateBlock = validate;
      if (!validateBlock) return Promise.reject(new Error("inProcessBlocks: run before start"));
      // A copy, as a worker gets the bytes (the caller may not reuse them anyway).
      const copy = { ...job, bytes: job.bytes.slice() };
      return new Promise((resolve, reject) => {
        setTimeout(() => {
          try {
            resolve(validateBlock(copy));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        }, options.delay?.(job) ?? 0);
      });
    },
  };
  return runner;
}
