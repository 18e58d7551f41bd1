/**
 * Byte sources for readCsv. This is the only file of lib/engine/read that touches Node (fileSource,
 * for the CLI). It sits apart from the reader so that browser bundles, which import read-csv.ts
 * and decode.ts only, never pull in node:fs.
 */
import { open } from "node:fs/promises";

/** Chunk size for files: large enough that per-chunk overhead vanishes, small enough to stream. */
export const FILE_CHUNK_BYTES = 1024 * 1024;

/**
 * The file's bytes, streamed in chunks of `chunkSize` (default 1 MiB), each a new buffer. The
 * next chunk is read while the caller works on this one: with a stream that reads only when
 * its buffer drains, the validator sat idle for every read (~7% of a run).
 */
export async function* fileSource(path: string, chunkSize: number = FILE_CHUNK_BYTES): AsyncGenerator<Uint8Array> {
  const file = await open(path, "r");
  const read = () => file.read(Buffer.allocUnsafe(chunkSize), 0, chunkSize, null);
  let next = read();
  try {
    for (;;) {
      const { bytesRead, buffer } = await next;
      if (bytesRead === 0) return;
      next = read();
      yield bytesRead === chunkSize ? buffer : buffer.subarray(0, bytesRead);
    }
  } finally {
    // Stopped early (or failed): let the read in flight finish before closing the file.
    await next.catch(() => undefined);
    await file.close();
  }
}

/** A string (as UTF-8) or bytes, in chunks of `chunkSize` (default: one chunk), for tests and in-memory input. */
export async function* bytesSource(input: string | Uint8Array, chunkSize?: number): AsyncGenerator<Uint8Array> {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const size = chunkSize === undefined || chunkSize <= 0 ? Math.max(bytes.length, 1) : chunkSize;
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}
