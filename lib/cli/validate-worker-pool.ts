import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { createBlockValidator } from "../engine/parallel/block-validator.ts";
import { sameShapeResult, type SegmentResult } from "../engine/parallel/segment-validator.ts";
import type { BlockJob, BlockRunner, BlockSetup } from "../engine/parallel/validate-in-blocks.ts";
import type { ChunkRecycler } from "../engine/read/source.ts";
import { binScript } from "./bin-script.ts";
import { bufferUtf8Writer } from "./buffer-utf8.ts";
import { detachScratchBuffer } from "./detach-scratch-buffer.ts";
import type { WorkerReply, WorkerRequest } from "./validate-worker.ts";

/**
 * Worker threads for `validate` and `error-report` on big files (validateImportInBlocks; ADR
 * 0020). Each worker validates one block at a time; a block goes to the worker with the fewest
 * in hand, so a slow block does not hold up the others. When every worker already has
 * BLOCKS_IN_HAND, the block is validated in this thread, so that the reading thread validates
 * too between its reads (N threads validate with N - 1 workers; two threads on two cores, not
 * three). Started before the file's start is read, so that they load while it is.
 *
 * Buffers go round instead of being made anew: a block's parts come back with its result, for the
 * file's reader to read into again (`chunks`), and a result's text buffer, once the sink has
 * copied it, goes out with a later block to be written into again: on a 1M-row file with a
 * problem on every row, 321-339 MiB against 356-364 MiB. (Most of the run's ~130k page faults
 * are V8's scavenges in both threads, per `perf record -e page-faults`, not these buffers.)
 */

/** Below this much input, one thread is quicker than starting workers. */
export const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;

/**
 * A worker's young generation, MB (V8's default grows to 3 x 16). With two threads on the 1M-row
 * plain file: peak RSS 229 against 257-280 MiB, time the same (4.15 against 4.32-4.46 s); on the
 * every-row-error file 299-303 against 320-323 MiB. 8 cut more but cost the latter ~0.6 s.
 */
const WORKER_YOUNG_GENERATION_MB = 16;

/** Blocks a worker holds (one validating, one waiting) before this thread validates one itself. */
const BLOCKS_IN_HAND = 2;

/**
 * Threads that validate a run of `bytes` of input as BULK_IMPORT_THREADS asks, this one included
 * (a whole number; "auto" is one a core, at most 4); one when it is not set, and below
 * PARALLEL_MIN_BYTES. Unset, `validate` decides from the input (validate-threads.ts).
 */
export function validateThreads(bytes: number, env: Readonly<Record<string, string | undefined>> = process.env, cores = availableParallelism()): number {
  const asked = (env.BULK_IMPORT_THREADS ?? "").trim();
  if (asked === "" || bytes < PARALLEL_MIN_BYTES) return 1;
  if (asked === "auto") return Math.max(1, Math.min(cores, 4));
  const n = Number(asked);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 16) : 1;
}

type Pending = { resolve: (result: SegmentResult) => void; reject: (error: Error) => void; worker: WorkerSlot };
type WorkerSlot = { worker: Worker; inHand: number };

export class ValidateWorkerPool implements BlockRunner {
  readonly capacity: number;
  private readonly slots: WorkerSlot[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | null = null;
  private setup: BlockSetup | null = null;
  private local: ((job: BlockJob) => SegmentResult) | null = null;
  /** Text buffers given back, for the next blocks. */
  private readonly spareTexts: ArrayBuffer[] = [];
  /** Blocks validated in this thread and sent to workers, and those written into a text buffer given back (for tests and measuring). */
  readonly blocks = { here: 0, sent: 0, reusedText: 0 };

  /** `workers` worker threads beside this one; `chunks` takes the blocks' buffers back. */
  constructor(workers: number, private readonly options: { chunks?: ChunkRecycler } = {}) {
    const script = binScript("validate-worker.mjs");
    // Blocks' buffers move to the workers and back: see detachScratchBuffer.
    detachScratchBuffer();
    // The workers' blocks, and as many validated here waiting behind them to be taken in order.
    this.capacity = workers * BLOCKS_IN_HAND * 2;
    this.slots = Array.from({ length: workers }, () => {
      const slot: WorkerSlot = { worker: new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } }), inHand: 0 };
      slot.worker.on("message", (reply: WorkerReply) => this.settle(reply));
      slot.worker.on("error", (error) => this.fail(error));
      slot.worker.on("exit", (code) => {
        if (code !== 0) this.fail(new Error(`a validation worker stopped with exit code ${code}`));
      });
      return slot;
    });
  }

  start(setup: BlockSetup): void {
    this.setup = setup;
    this.local = null;
    const request: WorkerRequest = { kind: "setup", setup };
    for (const slot of this.slots) slot.worker.postMessage(request);
  }

  run(job: BlockJob): Promise<SegmentResult> {
    if (this.failure) return Promise.reject(this.failure);
    const slot = this.slots.reduce((best, each) => (each.inHand < best.inHand ? each : best));
    if (slot.inHand >= BLOCKS_IN_HAND) return this.runHere(job);
    this.blocks.sent++;
    const id = this.nextId++;
    slot.inHand++;
    const textBuffer = this.spareTexts.pop();
    if (textBuffer) this.blocks.reusedText++;
    const sent = textBuffer ? { ...job, textBuffer: new Uint8Array(textBuffer) } : job;
    return new Promise<SegmentResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker: slot });
      const request: WorkerRequest = { kind: "block", id, job: sent };
      // The block's bytes move to the worker (the reader gave it buffers of its own).
      const buffers = new Set(job.parts.map((part) => part.buffer as ArrayBuffer));
      if (textBuffer) buffers.add(textBuffer);
      slot.worker.postMessage(request, [...buffers]);
    });
  }

  recycleText(buffer: ArrayBufferLike): void {
    if (buffer instanceof ArrayBuffer && buffer.byteLength > 0 && this.spareTexts.length < this.capacity) this.spareTexts.push(buffer);
  }

  /** A block validated in this thread, as a worker would (its buffers stay here). */
  private runHere(job: BlockJob): Promise<SegmentResult> {
    try {
      if (!this.setup) throw new Error("a block came before the setup");
      this.local ??= createBlockValidator(this.setup, bufferUtf8Writer);
      this.blocks.here++;
      const textBuffer = this.spareTexts.pop();
      if (textBuffer) this.blocks.reusedText++;
      const result = this.local(textBuffer ? { ...job, textBuffer: new Uint8Array(textBuffer) } : job);
      // Read and validated: its buffers are free (the reader copied what the next block needs).
      for (const part of job.parts) this.options.chunks?.give(part.buffer);
      return Promise.resolve(result);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private settle(reply: WorkerReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    pending.worker.inHand--;
    if ("error" in reply) pending.reject(new Error(`a validation worker failed: ${reply.error}`));
    else {
      for (const buffer of reply.spent) this.options.chunks?.give(buffer);
      pending.resolve(sameShapeResult(reply.result));
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
