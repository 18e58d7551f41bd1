import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { BufferedOutput } from "./buffered-output.ts";

/** Keeps what it is given; each write is done a tick later, so buffers wait to be written. */
class SlowOutput extends Writable {
  readonly chunks: Buffer[] = [];
  constructor() {
    super({ highWaterMark: 64 * 1024 });
  }
  override _write(chunk: Buffer, _encoding: string, done: (error?: Error) => void): void {
    this.chunks.push(Buffer.from(chunk));
    setImmediate(done);
  }
}

describe("BufferedOutput.bytes", () => {
  it.each([
    ["a few bytes", 10],
    ["a quarter of a buffer and one", 256 * 1024 + 1],
    ["exactly a buffer", 1024 * 1024],
    ["two and a half buffers", 2.5 * 1024 * 1024],
  ])("%s: written as they were when given, though the caller writes over them after", async (_name, size) => {
    const output = new SlowOutput();
    const out = new BufferedOutput(() => output);
    const expected: Buffer[] = [];
    const lent = new Uint8Array(size);
    for (let round = 0; round < 3; round++) {
      lent.fill(0x41 + round);
      lent[0] = 0x30 + round;
      expected.push(Buffer.from(lent), Buffer.from(`|${round}|`));
      out.bytes(lent);
      out.text(`|${round}|`);
      // Bytes are lent: the caller reuses them at once.
      lent.fill(0x23);
      await out.settle();
    }
    await out.end(true);
    expect(Buffer.concat(output.chunks).equals(Buffer.concat(expected))).toBe(true);
  });
});
