import { createRunContext, type FileValidator } from "../validate.ts";
import { SegmentValidator, nextTextBytes, type SegmentResult, type Utf8Writer } from "./segment-validator.ts";
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
  // Room for a block's text as the previous block's needed, made once (not grown by doubling).
  let textBytes = 0;
  return (job) => {
    const validator = validators.get(job.fileIndex);
    const segment = new SegmentValidator(run, job.file, { kind: "resume", ...job.start }, {
      delimiter: setup.delimiter,
      sampleBytes: setup.sampleBytes,
      questions: "take",
      rowProblems: setup.rowProblems,
      textBytes,
      ...(job.textBuffer ? { textBuffer: job.textBuffer } : {}),
      ...(validator ? { validator } : {}),
      ...(utf8Write ? { utf8Write } : {}),
    });
    if (!validator && segment.validator) validators.set(job.fileIndex, segment.validator);
    for (const part of job.parts) segment.feed(part);
    if (job.last) segment.close();
    const result = segment.takeResult();
    textBytes = nextTextBytes(result.text.byteLength);
    return result;
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
      // Moved as to a worker: the parts' buffers are detached here, so a block that shares a
      // buffer with what the reader still needs breaks as it would with threads.
      const buffers = [...new Set(job.parts.map((part) => part.buffer as ArrayBuffer))];
      const copy = { ...job, parts: structuredClone(job.parts, { transfer: buffers }) };
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
