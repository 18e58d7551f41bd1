/**
 * Byte sources for readCsv. This is the only file of lib/import/read that touches Node (fileSource,
 * for the CLI). It sits apart from the reader so that browser bundles, which import read-csv.ts
 * and decode.ts only, never pull in node:fs.
 */
import { createReadStream } from "node:fs";

/** Chunk size for files: large enough that per-chunk overhead vanishes, small enough to stream. */
export const FILE_CHUNK_BYTES = 1024 * 1024;

/** The file's bytes, streamed in chunks of `chunkSize` (default 1 MiB). */
export function fileSource(path: string, chunkSize: number = FILE_CHUNK_BYTES): AsyncIterable<Uint8Array> {
  return createReadStream(path, { highWaterMark: chunkSize });
}

/** A string (as UTF-8) or bytes, in chunks of `chunkSize` (default: one chunk), for tests and in-memory input. */
export async function* bytesSource(input: string | Uint8Array, chunkSize?: number): AsyncGenerator<Uint8Array> {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const size = chunkSize === undefined || chunkSize <= 0 ? Math.max(bytes.length, 1) : chunkSize;
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}
