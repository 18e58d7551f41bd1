import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureNow, fixtureOrg, fullHeader, toCsv, validPotholeRow } from "../testing/fixture-org.ts";
import { validateImport } from "../validate.ts";
import { mulberry32 } from "../../utils/seeded-random.ts";
import { ChunkRecycler, bytesSource, fileSource } from "./source.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "file-source-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Rows that read the cells' bytes (duplicate_row hashes them), with exact and near duplicates far
 * apart, quoted line breaks, and missing offsets; from `nonAsciiAfter` rows on, non-ASCII text,
 * so that the encoding is decided on a sample taken deep in the file.
 */
function rows(count: number, nonAsciiAfter: number, seed: number): Record<string, string>[] {
  const random = mulberry32(seed);
  const made: Record<string, string>[] = [];
  for (let n = 0; n < count; n++) {
    if (n > 10 && random() < 0.05) {
      const earlier = made[Math.floor(random() * made.length)]!;
      made.push(random() < 0.5 ? { ...earlier } : { ...earlier, summary: ` ${earlier.summary} ` });
      continue;
    }
    const text = n >= nonAsciiAfter && random() < 0.3 ? `Café ${n} – ›${n}‹` : `Pothole ${n}`;
    made.push({
      ...validPotholeRow,
      summary: text,
      description: random() < 0.1 ? `line one\nline two ${n}` : `desc ${n}`,
      created_at: random() < 0.2 ? "2023-03-01T09:15:00" : validPotholeRow.created_at!,
    });
  }
  return made;
}

describe("fileSource with reuseBuffers", () => {
  it.each([
    ["UTF-8 from row 2,000", 6000, 2000, "utf8", 997],
    ["UTF-8 from row 2,000, chunks smaller than the sample", 6000, 2000, "utf8", 4096],
    ["Windows-1252 from row 3,000", 6000, 3000, "latin1", 65_536],
    ["ASCII throughout", 6000, Infinity, "utf8", 10_000],
    ["UTF-8 from the start, one big chunk", 3000, 0, "utf8", 1 << 20],
    ["UTF-8 from about the first chunk's end, the CLI's chunks", 16_000, 4100, "utf8", 1 << 20],
  ] as const)("%s: the report of the same bytes read whole", async (_name, count, nonAsciiAfter, encoding, chunkSize) => {
    const csv = toCsv([...fullHeader], rows(count, nonAsciiAfter, count + chunkSize));
    const file = path.join(dir, `${count}-${chunkSize}-${encoding}.csv`);
    const bytes = Buffer.from(csv, encoding);
    await writeFile(file, bytes);
    const run = (source: AsyncIterable<Uint8Array>) => validateImport({ files: [{ name: "f.csv", source }], config: fixtureOrg(), now: fixtureNow });
    const expected = await run(bytesSource(bytes));
    const reused = await run(fileSource(file, chunkSize, { reuseBuffers: true }));
    expect(expected.summary.byCode.duplicate_row).toBeGreaterThan(100);
    expect(JSON.stringify(reused)).toBe(JSON.stringify(expected));
  });
});

describe("ChunkRecycler", () => {
  it("gives back buffers of the size asked, at most `keep`, never a detached one", () => {
    const recycler = new ChunkRecycler(2);
    const detached = new ArrayBuffer(8);
    structuredClone(detached, { transfer: [detached] });
    recycler.give(detached);
    expect(recycler.size).toBe(0);
    const small = new ArrayBuffer(4);
    const [a, b, c] = [new ArrayBuffer(8), new ArrayBuffer(8), new ArrayBuffer(8)];
    recycler.give(small);
    recycler.give(a);
    recycler.give(b); // full: kept are small and a
    recycler.give(c);
    expect(recycler.size).toBe(2);
    const taken = recycler.take(8)!;
    expect(taken.buffer).toBe(a);
    expect(taken.byteLength).toBe(8);
    // `small` is not of the size asked: dropped on the way.
    expect(recycler.take(8)).toBeUndefined();
    expect(recycler.size).toBe(0);
  });
});
