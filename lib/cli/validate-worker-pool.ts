import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { SegmentResult } from "../engine/parallel/segment-validator.ts";
import type { BlockJob, BlockRunner, BlockSetup } from "../engine/parallel/validate-in-blocks.ts";
import { binScript } from "./bin-script.ts";
import type { WorkerReply, WorkerRequest } from "./validate-worker.ts";

/**
 * Worker threads for `validate` and `error-report` on big files (validateImportInBlocks; ADR
 * 0020). Each worker validates one block at a time; a block goes to the worker with the fewest
 * in hand, so a slow block does not hold up the others. Started before the file's start is read,
 * so that they load while it is.
 */

/** Below this much input, one thread is quicker than starting workers. */
export const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;

/**
 * Worker threads for a run of `bytes` of input: BULK_IMPORT_THREADS (a whole number; "auto" is
 * one a core, at most 4), none by default, and none below PARALLEL_MIN_BYTES. Off by default
 * because on the 2-core machine it was measured on it saved 10–15% of the time for 60% more
 * memory, past the 256 MB ceiling (ADR 0020).
 */
export function validateThreads(bytes: number, env: Readonly<Record<string, string | undefined>> = process.env, cores = availableParallelism()): number {
  const asked = (env.BULK_IMPORT_THREADS ?? "").trim();
  if (asked === "" || bytes < PARALLEL_MIN_BYTES) return 0;
  if (asked === "auto") return cores < 2 ? 0 : Math.min(cores, 4);
  const n = Number(asked);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 16) : 0;
}

type Pending = { resolve: (result: SegmentResult) => void; reject: (error: Error) => void; worker: WorkerSlot };
type WorkerSlot = { worker: Worker; inHand: number };

export class ValidateWorkerPool implements BlockRunner {
  readonly capacity: number;
  private readonly slots: WorkerSlot[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | null = null;

  constructor(threads: number) {
    const script = binScript("validate-worker.mjs");
    this.capacity = threads * 2;
    this.slots = Array.from({ length: threads }, () => {
      const slot: WorkerSlot = { worker: new Worker(script), inHand: 0 };
      slot.worker.on("message", (reply: WorkerReply) => this.settle(reply));
      slot.worker.on("error", (error) => this.fail(error));
      slot.worker.on("exit", (code) => {
        if (code !== 0) this.fail(new Error(`a validation worker stopped with exit code ${code}`));
      });
      return slot;
    });
  }

  start(setup: BlockSetup): void {
    const request: WorkerRequest = { kind: "setup", setup };
    for (const slot of this.slots) slot.worker.postMessage(request);
  }

  run(job: BlockJob): Promise<SegmentResult> {
    if (this.failure) return Promise.reject(this.failure);
    const slot = this.slots.reduce((best, each) => (each.inHand < best.inHand ? each : best));
    const id = this.nextId++;
    slot.inHand++;
    return new Promise<SegmentResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker: slot });
      const request: WorkerRequest = { kind: "block", id, job };
      // The block's bytes move to the worker (the reader gave it buffers of its own).
      const buffers = new Set(job.parts.map((part) => part.buffer as ArrayBuffer));
      slot.worker.postMessage(request, [...buffers]);
    });
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
    else pending.resolve(reply.result);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
