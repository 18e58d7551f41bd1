import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fixtureOrg, fullHeader, toCsv, validPotholeRow } from "../engine/testing/fixture-org.ts";
import { BUSY_PACKING_THREADS, BUSY_PROBLEMS_PER_ROW, SAMPLE_BYTES, chooseValidateThreads, mostValidateThreads, sampleProblemRate } from "./validate-threads.ts";
import { PARALLEL_MIN_BYTES } from "./validate-worker-pool.ts";

describe("the threads validate chooses", () => {
  const config = fixtureOrg();
  let dir = "";
  const files: Record<string, string> = {};
  const header = [...fullHeader, "Q: What is the size of the pothole?"];
  // 3,000 rows (~700 KB): more than the sample holds (SAMPLE_BYTES).
  const rows = (each: (i: number) => Record<string, string | undefined>) => Array.from({ length: 3000 }, (_, i) => ({ ...validPotholeRow, summary: `Pothole ${i}`, ...each(i) }));

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "validate-threads-"));
    const write = async (name: string, text: string) => {
      files[name] = path.join(dir, name);
      await writeFile(files[name]!, text);
    };
    await write("clean.csv", toCsv(header, rows(() => ({}))));
    // Every row without an offset: the commonest fault of a real export.
    await write("no-offsets.csv", toCsv(header, rows(() => ({ created_at: "2023-03-01T09:15:00", closed_at: "" }))));
    // One row in twenty with an error: mostly clean.
    await write("few-errors.csv", toCsv(header, rows((i) => (i % 20 === 0 ? { reporter_email: "not an address" } : {}))));
    // Old request types, all of them renamed by the mapping file.
    await write("old-types.csv", toCsv(header, rows(() => ({ request_type: "POTHOLE REPAIR" }))));
    // Clean for its first thousand rows, then without offsets: the middle sample finds it.
    await write("turns-busy.csv", toCsv(header, rows((i) => (i < 1000 ? {} : { created_at: "2023-03-01T09:15:00", closed_at: "" }))));
    await write("mapping.csv", "old_request_type,request_type\nPOTHOLE REPAIR,Pothole\n");
    await write("one-line.csv", `${header.join(",")},${"x".repeat(SAMPLE_BYTES)}`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ["a clean file", "clean.csv", undefined, 0, 0],
    ["a file with an error in one row of twenty", "few-errors.csv", undefined, 0.04, 0.06],
    ["a file without offsets", "no-offsets.csv", undefined, 1, 1],
    ["old request types without the mapping", "old-types.csv", undefined, 1, 3],
    ["old request types with the mapping", "old-types.csv", "mapping.csv", 0, 0],
    // Its clean start and its busy middle, counted together: about one problem in two rows.
    ["a file that turns busy after a clean start", "turns-busy.csv", undefined, 0.3, 0.7],
  ])("samples %s", async (_, file, mapping, low, high) => {
    const rate = await sampleProblemRate(files[file]!, { config, ...(mapping ? { mapping: files[mapping]! } : {}) });
    expect(rate).toBeGreaterThanOrEqual(low);
    expect(rate).toBeLessThanOrEqual(high);
  });

  it("takes a sample without a whole row as busy", async () => {
    expect(await sampleProblemRate(files["one-line.csv"]!, { config })).toBe(Infinity);
  });

  const big = PARALLEL_MIN_BYTES;
  it.each([
    ["a big clean input: one thread a core", "clean.csv", [big], "text", {}, 2, 2, false],
    ["at most four", "clean.csv", [big], "text", {}, 16, 4, false],
    ["a big clean input whose blocks pack their problems: one a core", "clean.csv", [big], "packed", {}, 2, 2, false],
    ["a big input with a problem on every row, blocks making text: one", "no-offsets.csv", [big], "text", {}, 2, 1, true],
    ["a big input that turns busy after a clean start, blocks making text: one", "turns-busy.csv", [big], "text", {}, 2, 1, true],
    ["a busy input, blocks packing for the writer: a core left to it", "no-offsets.csv", [big], "packed", {}, 2, 1, true],
    ["the same on three cores: two", "no-offsets.csv", [big], "packed", {}, 3, 2, true],
    ["the same on sixteen: at most two (memory)", "turns-busy.csv", [big], "packed", {}, 16, BUSY_PACKING_THREADS, true],
    ["a busy input counted only (the text report): one a core", "no-offsets.csv", [big], "counts", {}, 2, 2, true],
    ["a small input: one", "clean.csv", [big - 1], "text", {}, 2, 1, false],
    ["one core: one", "clean.csv", [big], "text", {}, 1, 1, false],
    ["one core: one, a busy file not sampled", "no-offsets.csv", [big], "text", {}, 1, 1, false],
    ["one core, blocks packing: one, not sampled", "no-offsets.csv", [big], "packed", {}, 1, 1, false],
    ["BULK_IMPORT_THREADS decides when set", "no-offsets.csv", [big], "text", { BULK_IMPORT_THREADS: "2" }, 2, 2, false],
    ["BULK_IMPORT_THREADS=1", "clean.csv", [big], "text", { BULK_IMPORT_THREADS: "1" }, 2, 1, false],
    ["BULK_IMPORT_THREADS=1, a busy file not sampled", "no-offsets.csv", [big], "packed", { BULK_IMPORT_THREADS: "1" }, 2, 1, false],
  ] as const)("%s", async (_, file, sizes, rowProblems, env, cores, expected, busy) => {
    expect(await chooseValidateThreads([files[file]!], [...sizes], { config, rowProblems }, env, cores)).toEqual({ threads: expected, busy });
  });

  it.each([
    ["a big input: one a core", [big], {}, 2, 2],
    ["several files together", [big / 2, big / 2], {}, 8, 4],
    ["a small input", [big - 1], {}, 2, 1],
    ["one core", [big], {}, 1, 1],
    ["BULK_IMPORT_THREADS", [big], { BULK_IMPORT_THREADS: "3" }, 2, 3],
  ] as const)("starts the workers a run gets unless its sample is busy (mostValidateThreads): %s", (_, sizes, env, cores, expected) => {
    expect(mostValidateThreads([...sizes], env, cores)).toBe(expected);
  });

  it("samples the biggest of several files", async () => {
    const both = [files["clean.csv"]!, files["no-offsets.csv"]!];
    expect(await chooseValidateThreads(both, [big, big + 1], { config, rowProblems: "text" }, {}, 2)).toEqual({ threads: 1, busy: true });
    expect(await chooseValidateThreads(both, [big + 1, big], { config, rowProblems: "text" }, {}, 2)).toEqual({ threads: 2, busy: false });
  });

  it("sets the line between busy and clean below one problem in two rows", () => {
    expect(BUSY_PROBLEMS_PER_ROW).toBeGreaterThan(0.06);
    expect(BUSY_PROBLEMS_PER_ROW).toBeLessThan(0.5);
  });
});
