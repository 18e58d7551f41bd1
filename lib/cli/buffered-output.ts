import type { Writable } from "node:stream";

/** Text is encoded into a buffer of this size, which goes to the output when (nearly) full. */
const BUFFER_BYTES = 1024 * 1024;
/** Written buffers kept to fill again. */
const SPARE_BUFFERS = 4;

/**
 * `buffer.write(text, at)` without its argument checks (~0.3 µs a problem): Buffer's own UTF-8
 * writer, which it calls. The caller has made room for the text.
 */
function utf8Write(buffer: Buffer, text: string, at: number): number {
  return (buffer as unknown as { utf8Write(text: string, offset: number): number }).utf8Write(text, at);
}

/**
 * Text and bytes gathered into 1 MiB buffers and written to an output opened on first use, with
 * its back-pressure: the JSON report (json-report-stream.ts) and the problem spool
 * (problem-spool.ts) write through it. Each text is encoded straight into the buffer, not joined
 * into a long string first (a 1 MiB string is made in V8's large-object space, and flattening it
 * cost more than encoding it). A reader that went away (EPIPE, `… | head`) ends the output, not
 * the run; any other error of the output is thrown by the next `settle`, `flush` or `end`.
 */
export class BufferedOutput {
  private buffer: Buffer = Buffer.allocUnsafeSlow(BUFFER_BYTES);
  private used = 0;
  /**
   * Buffers the output has written, to fill again: a new 1 MiB buffer for each write cost page
   * faults on first touch and waited for GC to be freed (~100 MB of dead buffers on a big report).
   */
  private readonly spare: Buffer[] = [];
  private stream: Writable | null = null;
  /** The output asked to wait (`write` returned false) and has not drained since. */
  private waiting = false;
  private closed = false;
  private failed: Error | null = null;

  /** `open` gives the output when the first bytes are ready: a run that writes nothing opens nothing. */
  constructor(private readonly open: () => Writable) {}

  /** The output's first error (other than a closed pipe), if any. */
  get error(): Error | null {
    return this.failed;
  }

  text(text: string): void {
    // A UTF-16 unit takes at most 3 bytes of UTF-8.
    if (this.used + text.length * 3 > BUFFER_BYTES) {
      this.emitBuffer();
      if (text.length * 3 > BUFFER_BYTES) {
        this.emit(Buffer.from(text));
        return;
      }
    }
    this.used += utf8Write(this.buffer, text, this.used);
  }

  /**
   * Room for `maxBytes` (at most a quarter of a buffer) in the buffer at `position`, for a caller
   * that writes bytes there itself and then says where it stopped (`advance`).
   */
  reserve(maxBytes: number): Buffer {
    if (this.used + maxBytes > BUFFER_BYTES) this.emitBuffer();
    return this.buffer;
  }

  /** Where the next byte goes in the buffer `reserve` gave. */
  get position(): number {
    return this.used;
  }

  /** The bytes written after `reserve` end at `to`. */
  advance(to: number): void {
    this.used = to;
  }

  /**
   * Bytes copied into the buffers (the caller may write over them once this returns): a block's
   * text, handed on as it was, was a new buffer a block for the reading thread and the worker.
   */
  bytes(bytes: Uint8Array): void {
    let at = 0;
    while (at < bytes.byteLength) {
      if (this.used === BUFFER_BYTES) this.emitBuffer();
      const n = Math.min(BUFFER_BYTES - this.used, bytes.byteLength - at);
      this.buffer.set(at === 0 && n === bytes.byteLength ? bytes : bytes.subarray(at, at + n), this.used);
      this.used += n;
      at += n;
    }
  }

  /** Hands a nearly full buffer to the output. Synchronous (no promise a row) unless the output asked to wait. */
  settle(): void | Promise<void> {
    if (this.failed) throw this.failed;
    if (this.used >= BUFFER_BYTES - 64 * 1024) this.emitBuffer();
    if (this.waiting) return this.drained();
  }

  /** Everything written so far handed to the output, and drained by it. */
  async flush(): Promise<void> {
    this.emitBuffer();
    await this.drained();
    if (this.failed) throw this.failed;
  }

  /** `flush`, then the output ended and closed when `close` (a file; not stdout). Idempotent. */
  async end(close: boolean): Promise<void> {
    await this.flush();
    const stream = this.stream;
    if (!close || !stream || this.closed || stream.writableEnded) return;
    // A stream that leaves its descriptor open (stdout as a file) finishes but never closes.
    const done = (stream as { autoClose?: boolean }).autoClose === false ? "finish" : "close";
    await new Promise<void>((resolve) => {
      stream.once(done, resolve);
      stream.end();
    });
    if (this.failed) throw this.failed;
  }

  private emitBuffer(): void {
    if (this.used === 0) return;
    const full = this.buffer;
    const used = this.used;
    this.buffer = this.spare.pop() ?? Buffer.allocUnsafeSlow(BUFFER_BYTES);
    this.used = 0;
    // Back to the spares once written (the callback comes after the output is done with it).
    this.emit(full.subarray(0, used), () => {
      if (this.spare.length < SPARE_BUFFERS) this.spare.push(full);
    });
  }

  private emit(bytes: Uint8Array, written?: () => void): void {
    if (this.closed || this.failed) return;
    if (!this.output().write(bytes, written && ((error) => error || written()))) this.waiting = true;
  }

  private output(): Writable {
    if (this.stream === null) {
      const stream = this.open();
      stream.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "EPIPE") this.closed = true;
        else this.failed ??= error;
      });
      this.stream = stream;
    }
    return this.stream;
  }

  private async drained(): Promise<void> {
    const stream = this.stream;
    if (!this.waiting || !stream || this.closed || this.failed) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        stream.off("drain", done);
        stream.off("error", done);
        resolve();
      };
      stream.on("drain", done);
      stream.on("error", done);
    });
    this.waiting = false;
    if (this.failed) throw this.failed;
  }
}
