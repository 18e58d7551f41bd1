import { describe, expect, it } from "vitest";
import { validateImportInBlocks } from "../engine/parallel/validate-in-blocks.ts";
import type { Problem } from "../engine/problem.ts";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ChunkRecycler, bytesSource, fileSource } from "../engine/read/source.ts";
import { problemText } from "../engine/report/json-report.ts";
import { fixtureNow, fixtureOrg, fullHeader, toCsv, validPotholeRow } from "../engine/testing/fixture-org.ts";
import { validateImport } from "../engine/validate.ts";
import { PARALLEL_MIN_BYTES, ValidateWorkerPool, validateThreads } from "./validate-worker-pool.ts";

describe("validateThreads", () => {
  const big = PARALLEL_MIN_BYTES;
  it.each([
    ["unset: one thread", undefined, big, 8, 1],
    ["empty", "", big, 8, 1],
    ["a number", "2", big, 8, 2],
    ["one", "1", big, 8, 1],
    ["a number on a small input", "2", big - 1, 8, 1],
    ["auto: one a core", "auto", big, 2, 2],
    ["auto: at most 4", "auto", big, 16, 4],
    ["auto on one core", "auto", big, 1, 1],
    ["at most 16", "99", big, 8, 16],
    ["0", "0", big, 8, 1],
    ["not a number", "two", big, 8, 1],
    ["a fraction", "1.5", big, 8, 1],
  ] as const)("%s", (_, value, bytes, cores, expected) => {
    expect(validateThreads(bytes, value === undefined ? {} : { BULK_IMPORT_THREADS: value }, cores)).toBe(expected);
  });
});

describe("ValidateWorkerPool", () => {
  const config = fixtureOrg();
  const rows = Array.from({ length: 6000 }, (_, i) => ({
    ...validPotholeRow,
    summary: i % 500 === 7 ? "Pothole 7" : `Pothole ${i}`,
    description: i % 4 === 0 ? `Line one\nline "two" of ${i}` : i % 500 === 7 ? "Plain 7" : `Plain ${i}`,
    created_at: i % 3 === 0 ? "2024-01-02T03:04:05" : validPotholeRow.created_at,
  }));
  const bytes = new TextEncoder().encode(toCsv(fullHeader, rows));
  const chunk = 16 * 1024;

  /** What one thread gives: the report, and the row problems as the JSON report writes them. */
  async function oneThread() {
    let text = "";
    const report = await validateImport({
      files: [{ name: "a.csv", source: bytesSource(bytes, chunk), sizeBytes: bytes.length }],
      config,
      now: fixtureNow,
      transientRowProblems: true,
      onRowProblems: (_file, problems) => {
        for (const problem of problems) text += problemText(problem, false);
      },
    });
    return { report, text };
  }

  it("validates blocks in its worker and in this thread, giving what one thread gives", async () => {
    const { report: serialReport, text: expected } = await oneThread();
    const pool = new ValidateWorkerPool(1);
    const decoder = new TextDecoder();
    let actual = "";
    try {
      const report = await validateImportInBlocks({
        files: [{ name: "a.csv", source: bytesSource(bytes, chunk), sizeBytes: bytes.length }],
        config,
        now: fixtureNow,
        blocks: pool,
        minBlockBytes: 0,
        sink: {
          texts: (_index, utf8) => {
            actual += decoder.decode(utf8);
          },
          problems: (_index, problems: readonly Problem[]) => {
            for (const problem of problems) actual += problemText(problem, false);
          },
          examples: () => undefined,
        },
      });
      expect(JSON.stringify(report)).toBe(JSON.stringify(serialReport));
    } finally {
      await pool.close();
    }
    expect(actual).toBe(expected);
    expect(expected).toContain('"code": "duplicate_row"');
    expect(pool.blocks.sent, JSON.stringify(pool.blocks)).toBeGreaterThan(0);
    expect(pool.blocks.here, JSON.stringify(pool.blocks)).toBeGreaterThan(0);
  }, 60_000);

  it("reads into the blocks' buffers again and writes texts into earlier results' buffers, giving the same", async () => {
    class CountingRecycler extends ChunkRecycler {
      given = 0;
      taken = 0;
      override give(buffer: ArrayBufferLike): void {
        if (buffer.byteLength > 0) this.given++;
        super.give(buffer);
      }
      override take(size: number): Buffer | undefined {
        const buffer = super.take(size);
        if (buffer) this.taken++;
        return buffer;
      }
    }
    const dir = await mkdtemp(path.join(tmpdir(), "pool-recycle-"));
    const file = path.join(dir, "a.csv");
    await writeFile(file, bytes);
    const { text: expected } = await oneThread();
    const chunks = new CountingRecycler();
    const pool = new ValidateWorkerPool(1, { chunks });
    const decoder = new TextDecoder();
    let actual = "";
    try {
      await validateImportInBlocks({
        files: [{ name: "a.csv", source: fileSource(file, chunk, { recycler: chunks }), sizeBytes: bytes.length }],
        config,
        now: fixtureNow,
        blocks: pool,
        minBlockBytes: 0,
        ownChunks: true,
        sink: {
          texts: (_index, utf8) => {
            actual += decoder.decode(utf8);
            // Lent bytes: a sink that kept them would see this.
            utf8.fill(0x23);
          },
          problems: (_index, problems: readonly Problem[]) => {
            for (const problem of problems) actual += problemText(problem, false);
          },
          examples: () => undefined,
        },
      });
    } finally {
      await pool.close();
      await rm(dir, { recursive: true, force: true });
    }
    expect(actual).toBe(expected);
    expect(chunks.given, JSON.stringify(pool.blocks)).toBeGreaterThan(10);
    expect(chunks.taken).toBeGreaterThan(10);
    expect(pool.blocks.reusedText, JSON.stringify(pool.blocks)).toBeGreaterThan(10);
  }, 60_000);
});
