import { parentPort } from "node:worker_threads";
import { createBlockValidator } from "../engine/parallel/block-validator.ts";
import type { SegmentResult } from "../engine/parallel/segment-validator.ts";
import type { BlockJob, BlockSetup } from "../engine/parallel/validate-in-blocks.ts";
import { bufferUtf8Writer } from "./buffer-utf8.ts";
import { detachScratchBuffer } from "./detach-scratch-buffer.ts";

/**
 * A worker thread of the parallel validator (validate-worker-pool.ts): it validates the blocks
 * it is sent, one at a time, and sends each result back with its arrays transferred, not copied,
 * and the block's buffers with it, for the reading thread to read into again.
 */

export type WorkerRequest = { kind: "setup"; setup: BlockSetup } | { kind: "block"; id: number; job: BlockJob };
/** `spent`: the block's own buffers (its parts), given back to be read into again. */
export type WorkerReply = { id: number; result: SegmentResult; spent: ArrayBuffer[] } | { id: number; error: string };

const port = parentPort;
if (port) {
  // Blocks' buffers come in and results go out by transfer: see detachScratchBuffer.
  detachScratchBuffer();
  let validateBlock: ((job: BlockJob) => SegmentResult) | null = null;
  port.on("message", (request: WorkerRequest) => {
    if (request.kind === "setup") {
      validateBlock = createBlockValidator(request.setup, bufferUtf8Writer);
      return;
    }
    try {
      if (!validateBlock) throw new Error("a block came before the setup");
      const result = validateBlock(request.job);
      const spent = [...new Set(request.job.parts.map((part) => part.buffer as ArrayBuffer))];
      const reply: WorkerReply = { id: request.id, result, spent };
      const batches = result.batches.map((batch) => batch.ints.buffer);
      port.postMessage(reply, [...new Set([result.text.buffer, result.textEnds.buffer, result.lines.buffer, result.hashes.buffer, result.flags.buffer, ...batches, ...spent] as ArrayBuffer[])]);
    } catch (error) {
      const reply: WorkerReply = { id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
      port.postMessage(reply);
    }
  });
}
