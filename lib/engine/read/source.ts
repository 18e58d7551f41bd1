/**
 * Byte sources for readCsv. This is the only file of lib/engine/read that touches Node (fileSource,
 * for the CLI). It sits apart from the reader so that browser bundles, which import read-csv.ts
 * and decode.ts only, never pull in node:fs.
 */
import { open } from "node:fs/promises";
import { SAMPLE_BYTES } from "./decode.ts";

/** Chunk size for files: large enough that per-chunk overhead vanishes, small enough to stream. */
export const FILE_CHUNK_BYTES = 1024 * 1024;

/**
 * The file's bytes, streamed in chunks of `chunkSize` (default 1 MiB), each a new buffer. The
 * next chunk is read while the caller works on this one: with a stream that reads only when
 * its buffer drains, the validator sat idle for every read (~7% of a run).
 *
 * With `reuseBuffers`, the chunks are read into ceil(SAMPLE_BYTES / chunkSize) + 3 buffers in
 * turn (4 for 1 MiB chunks), for readCsv and what reads through it: it is done with a chunk's
 * bytes once it asks for the next (its records are read; one that goes on into the next chunk
 * is read from its text, not its bytes), except while the decoder holds its sample to decide
 * the encoding, which spans up to ceil(SAMPLE_BYTES / chunkSize) + 1 chunks (source.test.ts
 * compares reports, and fails with rings of 2 to 4 buffers of small chunks). Not for a caller that keeps or moves chunks (the
 * block validator sends them to workers). A new buffer for every chunk was cheap to make but not
 * to free: on a file with many problems each outlived two scavenges, and its 1 MiB waited for a
 * full collection (~45 MB of dead chunks at the peak, issue 11).
 */
export async function* fileSource(path: string, chunkSize: number = FILE_CHUNK_BYTES, options: { reuseBuffers?: boolean; recycler?: ChunkRecycler } = {}): AsyncGenerator<Uint8Array> {
  const file = await open(path, "r");
  const ring = options.reuseBuffers ? Array.from({ length: Math.ceil(SAMPLE_BYTES / chunkSize) + 3 }, () => Buffer.allocUnsafe(chunkSize)) : null;
  const recycler = options.recycler;
  let reads = 0;
  const fresh = () => recycler?.take(chunkSize) ?? Buffer.allocUnsafe(chunkSize);
  const read = () => file.read(ring ? ring[reads++ % ring.length]! : fresh(), 0, chunkSize, null);
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

/**
 * Chunks' buffers given back once nobody needs their bytes (a block's, after its worker validated
 * it), for fileSource to read the next chunks into: a new 1 MiB buffer a chunk costs 256 page
 * faults on first touch (~11 us each on a VM) and waits for a collection to be freed.
 */
export class ChunkRecycler {
  private readonly spare: ArrayBuffer[] = [];

  constructor(private readonly keep = 8) {}

  /** A buffer done with; kept when there is room (a detached one, of length 0, is not). */
  give(buffer: ArrayBufferLike): void {
    if (buffer.byteLength > 0 && this.spare.length < this.keep && buffer instanceof ArrayBuffer) this.spare.push(buffer);
  }

  /** A buffer of `size` bytes given back earlier, if any. */
  take(size: number): Buffer | undefined {
    for (;;) {
      const buffer = this.spare.pop();
      if (buffer === undefined) return undefined;
      if (buffer.byteLength === size) return Buffer.from(buffer);
    }
  }

  /** Buffers waiting to be taken (tests). */
  get size(): number {
    return this.spare.length;
  }
}

/** A string (as UTF-8) or bytes, in chunks of `chunkSize` (default: one chunk), for tests and in-memory input. */
export async function* bytesSource(input: string | Uint8Array, chunkSize?: number): AsyncGenerator<Uint8Array> {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const size = chunkSize === undefined || chunkSize <= 0 ? Math.max(bytes.length, 1) : chunkSize;
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}
