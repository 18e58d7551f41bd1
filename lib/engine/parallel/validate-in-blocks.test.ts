import { describe, expect, it } from "vitest";
import type { Problem } from "../problem.ts";
import { withText } from "../deferred-text.ts";
import { bytesSource } from "../read/source.ts";
import { problemText } from "../report/json-report.ts";
import { ProblemUnpacker } from "../report/packed-problems.ts";
import { baseFuzzFile, int, mutationNames, mutations } from "../testing/csv-mutations.ts";
import { fixtureNow, fixtureOrg, fullHeader, toCsv, validPotholeRow } from "../testing/fixture-org.ts";
import { validateImport, type ValidationReport } from "../validate.ts";
import { mulberry32 } from "../../utils/seeded-random.ts";
import { inProcessBlocks } from "./block-validator.ts";
import { validateImportInBlocks, type PackedInsert } from "./validate-in-blocks.ts";
import type { RowProblemsForm } from "./segment-validator.ts";

/**
 * The parallel validator must give what the serial one gives, byte for byte: the report, each
 * file's row problems as the JSON report writes them (in order), and the problems settled at
 * each file's end. Blocks are made small (small chunks, a small encoding sample) so that a file
 * of a few kilobytes is cut into dozens, and they finish out of order. Each run is checked with
 * the blocks' problems as text and packed (the report's writer thread makes the same text of them).
 */

const config = fixtureOrg();
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const SAMPLE = 64;

type Input = { name: string; bytes: Uint8Array };
/** `starts`: each file's onFileStart problems, after how many characters of its row problems (none: never called). */
type Outcome = { report: ValidationReport; texts: string[]; settled: string[]; progressBytes: number[]; starts: string[] };

const startOf = (texts: readonly string[], starts: string[]) => (index: number, _file: string, problems: readonly Problem[]) => {
  starts[index] = `after ${texts[index]!.length}: ${problems.map((p) => problemText(p, false)).join("")}`;
};

async function serial(inputs: readonly Input[], chunk: number): Promise<Outcome> {
  const texts = inputs.map(() => "");
  const settled = inputs.map(() => "");
  const progressBytes = inputs.map(() => 0);
  const starts = inputs.map(() => "none");
  const report = await validateImport({
    onFileStart: startOf(texts, starts),
    files: inputs.map(({ name, bytes }) => ({ name, source: bytesSource(bytes, chunk), sizeBytes: bytes.length })),
    config,
    now: fixtureNow,
    sampleBytes: SAMPLE,
    transientRowProblems: true,
    onProgress: (progress) => {
      progressBytes[progress.fileIndex] = progress.bytes;
    },
    onRowProblems: (file, problems) => {
      const index = inputs.findIndex((input) => input.name === file);
      for (const problem of problems) texts[index] += problemText(problem, false);
    },
    onFileDone: (fileReport, problems) => {
      settled[inputs.findIndex((input) => input.name === fileReport.file)] = problems.map((p) => problemText(p, false)).join("");
    },
  });
  return { report, texts, settled, progressBytes, starts };
}

/** Each chunk in a buffer of its own, as fileSource gives them (bytesSource's share one). */
async function* ownedChunks(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) yield new Uint8Array(chunk);
}

async function inBlocks(
  inputs: readonly Input[],
  chunk: number,
  random: () => number,
  rowProblems: RowProblemsForm = "text",
  blockBytes?: number,
): Promise<Outcome & { jobs: number; examples: string[] }> {
  const texts = inputs.map(() => "");
  const settled = inputs.map(() => "");
  const progressBytes = inputs.map(() => 0);
  const blocks = inProcessBlocks({ capacity: 1 + int(random, 5), delay: () => int(random, 3) });
  const ownChunks = random() < 0.5;
  // A block a chunk, or several.
  const minBlockBytes = blockBytes ?? (random() < 0.5 ? 0 : int(random, 4 * chunk));
  const starts = inputs.map(() => "none");
  const examples = inputs.map(() => "");
  const report = await validateImportInBlocks({
    onFileStart: startOf(texts, starts),
    rowProblems,
    files: inputs.map(({ name, bytes }) => ({ name, source: ownChunks ? ownedChunks(bytesSource(bytes, chunk)) : bytesSource(bytes, chunk), sizeBytes: bytes.length })),
    config,
    now: fixtureNow,
    sampleBytes: SAMPLE,
    blocks,
    ownChunks,
    minBlockBytes,
    sink: {
      texts: (index, utf8) => {
        texts[index] += decoder.decode(utf8);
      },
      packed: (index, batches, inserts) => {
        texts[index] += unpackedText(batches, inserts);
      },
      problems: (index, problems: readonly Problem[]) => {
        for (const problem of problems) texts[index] += problemText(problem, false);
      },
      examples: (index, problems) => {
        examples[index] += problems.map((problem) => problemText(problem, false)).join("");
      },
    },
    onProgress: (progress) => {
      progressBytes[progress.fileIndex] = progress.bytes;
    },
    onFileDone: (fileReport, problems) => {
      settled[inputs.findIndex((input) => input.name === fileReport.file)] = problems.map((p) => problemText(p, false)).join("");
    },
  });
  return { report, texts, settled, progressBytes, starts, jobs: blocks.jobs, examples };
}

/** A segment's packed problems as the report's writer writes them (json-report-requests.ts), its inserts among them. */
function unpackedText(batches: Parameters<ProblemUnpacker["reader"]>[0][], inserts: readonly PackedInsert[]): string {
  const unpacker = new ProblemUnpacker();
  const problems = batches.flatMap((batch) => unpacker.unpack(batch).map((problem) => (batch.context ? withText(problem, batch.context) : problem)));
  let text = "";
  let next = 0;
  for (let k = 0; k <= problems.length; k++) {
    for (; next < inserts.length && inserts[next]!.after === k; next++) text += inserts[next]!.problems.map((p) => problemText(p, false)).join("");
    if (k < problems.length) text += problemText(problems[k]!, false);
  }
  expect(next, "every insert within its segment").toBe(inserts.length);
  return text;
}

async function expectSame(inputs: readonly Input[], chunk: number, seed: number, blockBytes?: number): Promise<number> {
  const expected = await serial(inputs, chunk);
  let jobs = 0;
  for (const form of ["text", "packed"] as const) {
    const actual = await inBlocks(inputs, chunk, mulberry32(seed), form, blockBytes);
    const where = `seed ${seed}, chunk ${chunk}, ${form}`;
    expect(JSON.stringify(actual.report, null, 1), where).toBe(JSON.stringify(expected.report, null, 1));
    expect(actual.texts, where).toEqual(expected.texts);
    expect(actual.settled, where).toEqual(expected.settled);
    expect(actual.progressBytes, where).toEqual(expected.progressBytes);
    expect(actual.starts, where).toEqual(expected.starts);
    jobs = actual.jobs;
  }
  return jobs;
}

const header = [...fullHeader, "Q: What is the size of the pothole?", "Q: Pole number", "public_comment_1"];

/** A file whose rows exercise what crosses blocks: duplicates, late request types, answers for another type, errors. */
function variedFile(rows: number, eol = "\n"): string {
  return toCsv(
    header,
    Array.from({ length: rows }, (_, i) => ({
      ...validPotholeRow,
      summary: i % 7 === 3 ? "Pothole 3" : `Pothole ${i}`,
      description: i % 3 === 0 ? `Line one\nline "two" of ${i}` : i % 7 === 3 ? "Plain 3" : `Plain ${i}`,
      public_comment_1: i % 4 === 0 ? "Crew sent, <b>a</b>" : "",
      request_type: i < rows / 2 ? "Pothole" : i % 5 === 0 ? "Streetlight" : "Pothole",
      "Q: Pole number": i % 5 === 0 ? `P-${i}` : i % 11 === 0 ? "P-x" : "",
      "Q: What is the size of the pothole?": i % 5 === 0 ? "" : i % 13 === 0 ? "Huge" : "Medium",
      lat: i % 17 === 0 ? "95" : validPotholeRow.lat,
      created_at: i % 19 === 0 ? "2024-01-02T03:04:05" : validPotholeRow.created_at,
    })),
    eol,
  );
}

describe("validateImportInBlocks agrees with validateImport", () => {
  it("on a file cut into many blocks that finish out of order, with duplicates, errors and late request types", async () => {
    const bytes = encoder.encode(variedFile(300));
    const jobs = await expectSame([{ name: "a.csv", bytes }], 256, 1, 0);
    expect(jobs).toBeGreaterThan(50);
  });

  it("across files, with CRLF, a BOM, blank lines, an error report's column and duplicates of another file's rows", async () => {
    const a = encoder.encode(`\uFEFF${variedFile(120, "\r\n")}`);
    const withBlanks = encoder.encode(variedFile(80).replaceAll("\nPothole 1", "\n\n\r\nPothole 1"));
    const lines = variedFile(60).split("\n");
    const errorReport = encoder.encode([`${lines[0]},import_errors`, ...lines.slice(1).map((line, i) => (line === "" ? line : `${line},"x ${i}"`))].join("\n"));
    for (const chunk of [97, 1000, 1 << 20]) {
      await expectSame(
        [
          { name: "a.csv", bytes: a },
          { name: "b.csv", bytes: withBlanks },
          { name: "c.csv", bytes: errorReport },
        ],
        chunk,
        chunk,
      );
    }
  });

  it("where the encoding is decided late: UTF-8, Windows-1252, and a multi-byte legacy encoding read to the end here", async () => {
    const ascii = variedFile(200);
    const at = ascii.length / 2;
    const utf8 = encoder.encode(`${ascii.slice(0, at)}Café ${ascii.slice(at)}`);
    const latin = Uint8Array.from([...encoder.encode(ascii.slice(0, at)), 0x43, 0x61, 0x66, 0xe9, ...encoder.encode(ascii.slice(at))]);
    // Shift_JIS text after an ASCII start: chardet's word is trusted for mostly non-Latin bytes.
    const sjis = Uint8Array.from([...encoder.encode(ascii.slice(0, at)), ...Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? 0x82 : 0xa0 + (i % 40))), ...encoder.encode(ascii.slice(at))]);
    for (const [name, bytes] of [["utf8.csv", utf8], ["latin.csv", latin], ["sjis.csv", sjis]] as const) {
      for (const chunk of [128, 4096]) await expectSame([{ name, bytes }], chunk, chunk);
    }
  });

  it("on files that cannot be cut: UTF-16, lone CRs, an unterminated quote, binary, empty", async () => {
    const text = variedFile(40);
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(new Uint16Array([...text].map((c) => c.charCodeAt(0))).buffer)]);
    const cases: Input[] = [
      { name: "utf16.csv", bytes: utf16 },
      { name: "cr.csv", bytes: encoder.encode(text.replaceAll("\n", "\r")) },
      { name: "quote.csv", bytes: encoder.encode(`${text}Pothole,"never closed\n${text.split("\n").slice(1).join("\n")}`) },
      { name: "zip.csv", bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...encoder.encode(text)]) },
      { name: "empty.csv", bytes: new Uint8Array(0) },
      { name: "header.csv", bytes: encoder.encode(`${header.join(",")}\n`) },
    ];
    for (const input of cases) await expectSame([input], 200, 7);
  });

  it("without the rows' text (the text report's counts and examples): the same report and examples, only duplicate_row as problems", async () => {
    const inputs = [{ name: "a.csv", bytes: encoder.encode(variedFile(300)) }];
    const expected = await inBlocks(inputs, 256, mulberry32(3));
    const actual = await inBlocks(inputs, 256, mulberry32(3), "counts");
    expect(JSON.stringify(actual.report)).toBe(JSON.stringify(expected.report));
    expect(actual.examples).toEqual(expected.examples);
    expect(actual.examples[0]).toContain('"code": "missing_offset"');
    // What came as text is gone; the duplicate_row problems, decided here, still come.
    const duplicates = (text: string) => text.match(/"code": "duplicate_row"/g)?.length ?? 0;
    expect(duplicates(actual.texts[0]!)).toBe(duplicates(expected.texts[0]!));
    expect(duplicates(actual.texts[0]!)).toBeGreaterThan(0);
    expect(actual.texts[0]!.match(/"code": /g)?.length).toBe(duplicates(actual.texts[0]!));
    expect(expected.texts[0]!.length).toBeGreaterThan(actual.texts[0]!.length);
  });

  it("over 300 randomly mutated files, chunked at random", async () => {
    const base = encoder.encode(baseFuzzFile().repeat(1).concat(variedFile(60).split("\n").slice(1).join("\n")));
    for (let seed = 1; seed <= 300; seed++) {
      const random = mulberry32(seed);
      let bytes: Uint8Array = base;
      for (let m = 0, count = 1 + int(random, 3); m < count; m++) bytes = mutations[mutationNames[int(random, mutationNames.length)]!]!(bytes, random);
      await expectSame(
        [
          { name: "fuzz.csv", bytes },
          { name: "base.csv", bytes: base },
        ],
        1 + int(random, 2048),
        seed,
      );
    }
  }, 120_000);
});
