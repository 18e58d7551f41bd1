import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { type CsvEvent, type CsvRecord, type ReadCsvOptions, CsvTokenizer, readCsv } from "./read-csv.ts";
import { bytesSource, fileSource } from "./source.ts";
import { mulberry32 } from "../../utils/seeded-random.ts";

/** What a read produced, in a shape that is easy to write by hand. */
interface Read {
  header: string[] | null;
  /** [row, line, fields] or [row, line, fields, problem code]. */
  records: ([number, number, string[]] | [number, number, string[], string])[];
  /** [code, row, line, value] of standalone problem events. */
  problems: [string, number, number | null, string | null][];
  rows: number;
}

async function collect(events: AsyncIterable<CsvEvent>): Promise<Read & { messages: string[]; order: string[] }> {
  const out: Read & { messages: string[]; order: string[] } = { header: null, records: [], problems: [], rows: -1, messages: [], order: [] };
  for await (const e of events) {
    out.order.push(e.kind);
    if (e.kind === "header") out.header = e.fields;
    else if (e.kind === "records") {
      for (const r of e.records) {
        if (r.problem) {
          out.records.push([r.row, r.line, r.fields, r.problem.code]);
          out.messages.push(r.problem.message);
        } else out.records.push([r.row, r.line, r.fields]);
      }
    } else if (e.kind === "problem") {
      out.problems.push([e.problem.code, e.problem.row, e.problem.line, e.problem.value]);
      out.messages.push(e.problem.message);
    } else out.rows = e.rows;
  }
  return out;
}

/** A record without where its fields lie in the bytes (which depends on how the input was cut). */
const unplaced = ({ row, line, fields, problem }: CsvRecord): CsvRecord => ({ row, line, fields, problem });

const toBytes = (input: string | Uint8Array): Uint8Array => (typeof input === "string" ? new TextEncoder().encode(input) : input);
/** Bytes from a string whose characters are all ≤ U+00FF (one byte each). */
const latin = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

async function read(input: string | Uint8Array, chunkSize?: number, options?: ReadCsvOptions) {
  return collect(readCsv(bytesSource(toBytes(input), chunkSize), options));
}

/**
 * Reads with several chunkings and asserts that all agree, then returns the whole-input read.
 * The decoder hands the tokenizer its whole first sample (64 KB) at once, so the chunked reads
 * also run with an 8-byte sample: then the tokenizer itself sees every chunk boundary.
 */
async function readAllWays(input: string | Uint8Array, options?: ReadCsvOptions) {
  const whole = await read(input, undefined, options);
  const { order: _w, ...w } = whole;
  for (const size of [1, 2, 3, 7]) {
    for (const sampleBytes of options?.sampleBytes === undefined ? [undefined, 8] : [options.sampleBytes]) {
      const { order: _o, ...chunked } = await read(input, size, { ...options, sampleBytes });
      expect(chunked, `chunk size ${size}, sample ${sampleBytes ?? "default"}`).toEqual(w);
    }
  }
  return whole;
}

describe("readCsv: records and lines", () => {
  it.each<[string, string, Omit<Read, "problems"> & { problems?: Read["problems"] }]>([
    ["LF", "a,b\n1,2\n3,4\n", { header: ["a", "b"], records: [[1, 2, ["1", "2"]], [2, 3, ["3", "4"]]], rows: 2 }],
    ["no final line break", "a,b\n1,2", { header: ["a", "b"], records: [[1, 2, ["1", "2"]]], rows: 1 }],
    ["BOM + CRLF", "\uFEFFa,b\r\n1,2\r\n3,4\r\n", { header: ["a", "b"], records: [[1, 2, ["1", "2"]], [2, 3, ["3", "4"]]], rows: 2 }],
    ["lone CR", "a,b\r1,2\r3,4", { header: ["a", "b"], records: [[1, 2, ["1", "2"]], [2, 3, ["3", "4"]]], rows: 2 }],
    [
      "mixed line ends",
      "a,b\r\n1,2\n3,4\r5,6\r\n",
      { header: ["a", "b"], records: [[1, 2, ["1", "2"]], [2, 3, ["3", "4"]], [3, 4, ["5", "6"]]], rows: 3 },
    ],
    [
      "quoted line breaks span lines",
      'a,b\n1,"x\ny"\n2,"p\r\nq\rr"\n3,z\n',
      { header: ["a", "b"], records: [[1, 2, ["1", "x\ny"]], [2, 4, ["2", "p\r\nq\rr"]], [3, 7, ["3", "z"]]], rows: 3 },
    ],
    [
      "quoted field of only line breaks",
      'a,b\n"\n\n",1\n2,3\n',
      { header: ["a", "b"], records: [[1, 2, ["\n\n", "1"]], [2, 5, ["2", "3"]]], rows: 2 },
    ],
    [
      "blank lines in the middle are not rows but count as lines",
      "a,b\n\n1,2\n\r\n\n3,4\n",
      { header: ["a", "b"], records: [[1, 3, ["1", "2"]], [2, 6, ["3", "4"]]], rows: 2 },
    ],
    ["blank trailing lines", "a,b\n1,2\n\n\n\r\n", { header: ["a", "b"], records: [[1, 2, ["1", "2"]]], rows: 1 }],
    ["blank lines before the header", "\n\r\na,b\n1,2\n", { header: ["a", "b"], records: [[1, 4, ["1", "2"]]], rows: 1 }],
    ["header only", "a,b\n", { header: ["a", "b"], records: [], rows: 0 }],
    ["header only, no line break", "a,b", { header: ["a", "b"], records: [], rows: 0 }],
    ["header only, CRLF and blank lines", "a,b\r\n\r\n\r\n", { header: ["a", "b"], records: [], rows: 0 }],
    ["escaped quotes", 'a,b\n"he said ""hi""",2\n', { header: ["a", "b"], records: [[1, 2, ['he said "hi"', "2"]]], rows: 1 }],
    ["quoted delimiter", 'a,b\n"x,y",2\n', { header: ["a", "b"], records: [[1, 2, ["x,y", "2"]]], rows: 1 }],
    [
      "a quote inside an unquoted field is data",
      'a,b\nab"c,d"\n5" pipe,"x"\n',
      { header: ["a", "b"], records: [[1, 2, ['ab"c', 'd"']], [2, 3, ['5" pipe', "x"]]], rows: 2 },
    ],
    ["a leading space makes the quote data", 'a,b\n "x",y\n', { header: ["a", "b"], records: [[1, 2, [' "x"', "y"]]], rows: 1 }],
    ["spaces after a closing quote are tolerated", 'a,b\n"ab"  ,d\n', { header: ["a", "b"], records: [[1, 2, ["ab  ", "d"]]], rows: 1 }],
    ["empty and quoted-empty fields", 'a,b,c\n,"",\n', { header: ["a", "b", "c"], records: [[1, 2, ["", "", ""]]], rows: 1 }],
    ["trailing delimiter at end of file", "a,b\n1,", { header: ["a", "b"], records: [[1, 2, ["1", ""]]], rows: 1 }],
    ["quoted field ends the file", 'a,b\n1,"x"', { header: ["a", "b"], records: [[1, 2, ["1", "x"]]], rows: 1 }],
    ["escaped quote ends the file", 'a,b\n1,"x"""', { header: ["a", "b"], records: [[1, 2, ["1", 'x"']]], rows: 1 }],
    [
      "single column: an empty line is skipped, a quoted empty value is a row",
      'a\n1\n\n""\n2\n',
      { header: ["a"], records: [[1, 2, ["1"]], [2, 4, [""]], [3, 5, ["2"]]], rows: 3 },
    ],
    ["non-ASCII text", "a,b\ncafé,’😀’\n", { header: ["a", "b"], records: [[1, 2, ["café", "’😀’"]]], rows: 1 }],
  ])("%s", async (_name, input, expected) => {
    const got = await readAllWays(input);
    expect({ header: got.header, records: got.records, problems: got.problems, rows: got.rows }).toEqual({ problems: [], ...expected });
  });

  it("emits the header first, record batches next and end last", async () => {
    const got = await read("a,b\n1,2\n3,4\n");
    expect(got.order[0]).toBe("header");
    expect(got.order.at(-1)).toBe("end");
    expect(got.order.filter((k) => k === "end")).toHaveLength(1);
  });

  it.each([
    ["tab", "\t", 'a\tb\n1\t"x\ty"\n', ["1", "x\ty"]],
    ["pipe", "|", 'a|b\n1|"x|y"\n', ["1", "x|y"]],
  ])("reads %s-delimited text", async (_n, delimiter, input, fields) => {
    const got = await readAllWays(input, { delimiter });
    expect(got.header).toEqual(["a", "b"]);
    expect(got.records).toEqual([[1, 2, fields]]);
  });

  it("rejects a delimiter that cannot work", async () => {
    await expect(read("a,b\n", undefined, { delimiter: '"' })).rejects.toThrow(/delimiter/);
    await expect(read("a,b\n", undefined, { delimiter: ";;" })).rejects.toThrow(/delimiter/);
  });
});

describe("readCsv: problems", () => {
  it.each<[string, string, Partial<Read>]>([
    ["empty file", "", { header: null, records: [], problems: [["empty_file", 0, null, null]], rows: 0 }],
    ["only a BOM", "\uFEFF", { header: null, problems: [["empty_file", 0, null, null]] }],
    ["only blank lines", "\n\r\n\r\n", { header: null, problems: [["empty_file", 0, null, null]] }],
    [
      "field counts",
      "a,b,c\n1,2\n1,2,3,4\n1,2,3\n",
      {
        records: [
          [1, 2, ["1", "2"], "field_count"],
          [2, 3, ["1", "2", "3", "4"], "field_count"],
          [3, 4, ["1", "2", "3"]],
        ],
        problems: [],
        rows: 3,
      },
    ],
    ["a whitespace-only line is a record, not a blank line", "a,b\n   \n", { records: [[1, 2, ["   "], "field_count"]], rows: 1 }],
    [
      "text after a closing quote",
      'a,b\n"ab"c,d\n1,2\n',
      { records: [[1, 2, ["abc", "d"], "malformed_csv"], [2, 3, ["1", "2"]]], problems: [], rows: 2 },
    ],
    ["text then quote after a closing quote", 'a,b\n1,"x"y"z\n', { records: [[1, 2, ["1", 'xy"z'], "malformed_csv"]], rows: 1 }],
    [
      "unterminated quote: one problem at the row where it starts, nothing after",
      'a,b\n1,2\n"abc,d\n3,4\n\n5,6\n',
      { header: ["a", "b"], records: [[1, 2, ["1", "2"]]], problems: [["malformed_csv", 2, 3, "abc,d\n3,4\n\n5,6\n"]], rows: 2 },
    ],
    [
      "unterminated quote in a later field, after a multi-line record",
      'a,b\n"x\ny",1\n2,"open\n3,4\n',
      { records: [[1, 2, ["x\ny", "1"]]], problems: [["malformed_csv", 2, 4, "open\n3,4\n"]], rows: 2 },
    ],
    ["unterminated quote in the header", '"a,b\n1,2\n', { header: null, records: [], problems: [["malformed_csv", 0, 1, "a,b\n1,2\n"]], rows: 0 }],
    [
      "text after a closing quote in the header",
      '"a"x,b\n1,2\n',
      { header: ["ax", "b"], records: [[1, 2, ["1", "2"]]], problems: [["malformed_csv", 0, 1, "ax"]], rows: 1 },
    ],
    [
      "malformed quoting takes precedence over field count",
      'a,b,c\n"x"y,2\n',
      { records: [[1, 2, ["xy", "2"], "malformed_csv"]], rows: 1 },
    ],
  ])("%s", async (_name, input, expected) => {
    const got = await readAllWays(input);
    const picked = Object.fromEntries(Object.keys(expected).map((k) => [k, got[k as keyof Read]]));
    expect(picked).toEqual(expected);
  });

  it("describes field counts as value and message", async () => {
    const events: CsvEvent[] = [];
    for await (const e of readCsv(bytesSource("a,b,c\n1,2\n1,2,3,4\n"))) events.push(e);
    const records = events.flatMap((e) => (e.kind === "records" ? e.records : []));
    expect(records.map((r) => r.problem?.value)).toEqual(["2 fields, header has 3", "4 fields, header has 3"]);
    expect(records.map((r) => [r.problem?.severity, r.problem?.row, r.problem?.line, r.problem?.column])).toEqual([
      ["error", 1, 2, null],
      ["error", 2, 3, null],
    ]);
    expect(records[0]!.problem!.message).toMatch(/2 fields.*header has 3/);
  });

  it("names the column of a stray quote", async () => {
    const got = await read('id,summary\n1,"ab"c\n');
    expect(got.messages[0]).toContain('"summary"');
  });

  it("cuts a field longer than maxFieldChars and flags its record", async () => {
    const input = `a,b\n1,"${"x".repeat(50)}"\n2,${"y".repeat(30)}\n${"w".repeat(25)},5\n3,4\n`;
    const got = await readAllWays(input, { maxFieldChars: 20 });
    expect(got.records).toEqual([
      [1, 2, ["1", "x".repeat(20)], "malformed_csv"],
      [2, 3, ["2", "y".repeat(20)], "malformed_csv"],
      [3, 4, ["w".repeat(20), "5"], "malformed_csv"],
      [4, 5, ["3", "4"]],
    ]);
  });

  it("keeps counting lines through an unterminated quote whose text is cut", async () => {
    const tail = "1,2\n".repeat(1000);
    const got = await read(`a,b\n"open${tail}`, 64, { maxFieldChars: 100 });
    expect(got.problems).toEqual([["malformed_csv", 1, 2, expect.stringMatching(/^open1,2/)]]);
    expect(got.messages[0]).toMatch(/line 2/);
    expect(got.rows).toBe(1);
  });
});

describe("readCsv: huge inputs", () => {
  it("reads a 5 MB quoted field with line breaks", async () => {
    const big = "lorem ipsum, dolor\n".repeat(250_000); // 4.75 MB, 250,000 line breaks
    const got = await read(`a,b\n"${big}",1\n2,3\n`, 64 * 1024);
    expect(got.records).toHaveLength(2);
    expect(got.records[0]![2][0]).toBe(big);
    expect(got.records[1]!.slice(0, 3)).toEqual([2, 250_003, ["2", "3"]]);
  });

  it("reports an unterminated quote near the start of a large file quickly and once", async () => {
    const body = "1,2\n".repeat(500_000); // 2 MB after the stray quote
    const started = performance.now();
    const got = await read(`a,b\n1,2\n"${body}`, 64 * 1024);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(got.problems.map((p) => p.slice(0, 3))).toEqual([["malformed_csv", 2, 3]]);
    expect(got.records).toHaveLength(1);
  });
});

describe("readCsv: encodings", () => {
  it("transcodes Windows-1252 with encoding_converted", async () => {
    const got = await readAllWays(latin("id,summary\n1,Caf\xe9 on Main\n2,the \x92big\x92 one \x96 really\n"), { sampleBytes: 64 });
    expect(got.records).toEqual([
      [1, 2, ["1", "Café on Main"]],
      [2, 3, ["2", "the ’big’ one – really"]],
    ]);
    expect(got.problems).toEqual([["encoding_converted", 0, null, "windows-1252"]]);
  });

  it("names ISO-8859-1 for Latin text without Windows-only characters", async () => {
    const got = await read(latin("id,descripcion\n1,Bache en la calle Se\xf1or Mart\xednez, est\xe1 muy profundo\n2,\xc1rbol ca\xeddo en la acci\xf3n\n"));
    expect(got.problems).toEqual([["encoding_converted", 0, null, "ISO-8859-1"]]);
    expect(got.records[0]![2][1]).toBe("Bache en la calle Señor Martínez");
  });

  it("prefers windows-1252 when a short Latin sample gets an odd guess", async () => {
    const got = await read(latin("a,b\n1,\xe9\n"));
    expect(got.problems).toEqual([["encoding_converted", 0, null, "windows-1252"]]);
    expect(got.records).toEqual([[1, 2, ["1", "é"]]]);
  });

  it("converts a Windows-1252 file whose first accent comes after the sample", async () => {
    const input = latin(`a,b\n${"1,plain\n".repeat(20)}2,Caf\xe9\n`);
    const got = await readAllWays(input, { sampleBytes: 16 });
    expect(got.records.at(-1)).toEqual([21, 22, ["2", "Café"]]);
    expect(got.problems).toEqual([["encoding_converted", 0, null, "windows-1252"]]);
  });

  it.each([
    ["UTF-16LE", [0xff, 0xfe], "utf-16le"],
    ["UTF-16BE", [0xfe, 0xff], "utf-16be"],
  ])("reads %s with a BOM, without a warning", async (_n, bom, enc) => {
    const text = "a,b\r\n1,café 😀\r\n";
    const units = Array.from(text, (c) => c).flatMap((c) => {
      const out: number[] = [];
      for (let i = 0; i < c.length; i++) {
        const u = c.charCodeAt(i);
        out.push(...(enc === "utf-16le" ? [u & 0xff, u >> 8] : [u >> 8, u & 0xff]));
      }
      return out;
    });
    const got = await readAllWays(new Uint8Array([...bom, ...units]));
    expect(got.header).toEqual(["a", "b"]);
    expect(got.records).toEqual([[1, 2, ["1", "café 😀"]]]);
    expect(got.problems).toEqual([]);
  });

  it.each<[string, Uint8Array, RegExp]>([
    ["a NUL byte", latin("a,b\n1,\x002\n"), /binary|NUL/i],
    ["an xlsx (zip) signature", latin("PK\x03\x04\x14\x00\x06\x00rest of the zip"), /Excel workbook: save it as CSV \(UTF-8\)/],
    ["an OLE2 .xls signature", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), /Excel workbook: save it as CSV \(UTF-8\)/],
    ["UTF-16 without a BOM", latin("a\x00,\x00b\x00\n\x001\x00,\x002\x00\n\x00"), /UTF-16/],
  ])("refuses %s as invalid_encoding, reading nothing", async (_n, input, message) => {
    const got = await readAllWays(input);
    expect(got.problems).toEqual([["invalid_encoding", 0, null, null]]);
    expect(got.messages[0]).toMatch(message);
    expect(got.header).toBeNull();
    expect(got.records).toEqual([]);
  });

  it("flags the row of invalid UTF-8 found after the sample, and reads on", async () => {
    const bytes = toBytes(`a,b\n1,é\n${"2,x\n".repeat(10)}3,"p\nqZ"\n4,z\n`);
    const raw = Uint8Array.from(bytes, (b) => (b === 0x5a ? 0xe9 : b)); // "Z" → 0xE9
    const got = await readAllWays(raw, { sampleBytes: 8 });
    expect(got.problems).toEqual([]);
    expect(got.records.slice(-2)).toEqual([
      [12, 13, ["3", "p\nq\uFFFD"], "invalid_encoding"],
      [13, 15, ["4", "z"]],
    ]);
    expect(got.messages[0]).toMatch(/line 14 \(the record starts on line 13\)/);
  });

  it("reads a mostly-UTF-8 file with a stray byte in the sample as UTF-8", async () => {
    const raw = Uint8Array.from(toBytes("a,b\n1,é\n2,ü\n3,Z\n"), (b) => (b === 0x5a ? 0xe9 : b));
    const got = await readAllWays(raw);
    expect(got.problems).toEqual([]);
    expect(got.records).toEqual([
      [1, 2, ["1", "é"]],
      [2, 3, ["2", "ü"]],
      [3, 4, ["3", "\uFFFD"], "invalid_encoding"],
    ]);
  });

  it("flags a NUL byte after the sample on its row", async () => {
    const got = await readAllWays(latin(`a,b\n${"1,2\n".repeat(10)}3,x\x00y\n4,5\n`), { sampleBytes: 8 });
    expect(got.records.slice(-2)).toEqual([
      [11, 12, ["3", "x\uFFFDy"], "invalid_encoding"],
      [12, 13, ["4", "5"]],
    ]);
  });

  it("flags undecodable bytes in the header as a header problem", async () => {
    const raw = Uint8Array.from(toBytes("aé,bZ\n1,2\n"), (b) => (b === 0x5a ? 0xff : b));
    const got = await readAllWays(raw);
    expect(got.header).toEqual(["aé", "b\uFFFD"]);
    expect(got.problems).toEqual([["invalid_encoding", 0, 1, "0xFF"]]);
  });

  it("flags a character cut off at the end of the file", async () => {
    const got = await readAllWays(new Uint8Array([...toBytes("a,b\n1,é\n2,"), 0xe2, 0x80]));
    expect(got.records.at(-1)).toEqual([2, 3, ["2", "\uFFFD"], "invalid_encoding"]);
  });
});

describe("readCsv: chunk boundaries (property)", () => {
  const rng = mulberry32; // deterministic, so failures reproduce
  const alphabet = ["a", "b", "Z", "é", "’", "😀", " ", '"', ",", "\n", "\r", "\r\n", "\t", "|"];

  /** A random CSV and, independently of the reader, the records and start lines it must produce. */
  function generate(seed: number, delimiter: string) {
    const r = rng(seed);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const width = 1 + Math.floor(r() * 4);
    const lines = (s: string) => (s.match(/\r\n|\r|\n/g) ?? []).length;
    let text = r() < 0.3 ? "\uFEFF" : "";
    let line = 1;
    let lastEnd = "";
    const expected: [number, number, string[]][] = [];
    let header: string[] | null = null;
    const count = 1 + Math.floor(r() * 12);
    for (let k = 0; k < count; k++) {
      while (r() < 0.15) {
        const blank = pick(lastEnd === "\r" ? ["\r", "\r\n"] : ["\n", "\r", "\r\n"]);
        text += blank;
        lastEnd = blank;
        line++;
      }
      const n = k > 0 && r() < 0.15 ? width + pick([-1, 1, 2]) : width;
      const fields: string[] = [];
      for (let f = 0; f < Math.max(n, 1); f++) {
        let v = "";
        const len = Math.floor(r() * 6);
        for (let c = 0; c < len; c++) v += pick(alphabet);
        fields.push(v);
      }
      const start = line;
      const cells = fields.map((v) => {
        const must = v.includes(delimiter) || v.includes("\n") || v.includes("\r") || v.startsWith('"') || (fields.length === 1 && v === "");
        if (must || r() < 0.2) {
          line += lines(v);
          return `"${v.replaceAll('"', '""')}"`;
        }
        return v;
      });
      text += cells.join(delimiter);
      const end = k === count - 1 && r() < 0.3 ? "" : pick(["\n", "\r\n", "\r"]);
      text += end;
      lastEnd = end;
      if (end) line++;
      if (header === null) header = fields;
      else expected.push([expected.length + 1, start, fields]);
    }
    return { text, header: header!, expected };
  }

  it.each(Array.from({ length: 40 }, (_, i) => [i + 1]))("seed %i: every chunking gives the generator's records", async (seed) => {
    const delimiter = seed % 3 === 0 ? "\t" : seed % 3 === 1 ? "," : "|";
    const { text, header, expected } = generate(seed, delimiter);
    for (const sampleBytes of [undefined, 5]) {
      const got = await readAllWays(text, { delimiter, sampleBytes });
      expect(got.header).toEqual(header);
      expect(got.records.map((x) => x.slice(0, 3))).toEqual(expected);
      expect(got.records.map((x) => x[3] ?? null)).toEqual(expected.map((e) => (e[2].length === header.length ? null : "field_count")));
      expect(got.problems).toEqual([]);
      expect(got.rows).toBe(expected.length);
    }
  });
});

describe("readCsv: sources and progress", () => {
  it("reads a Web ReadableStream and reports cumulative bytes", async () => {
    const bytes = toBytes("a,b\n1,2\n3,4\n");
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) controller.close();
        else {
          controller.enqueue(bytes.slice(at, at + 5));
          at += 5;
        }
      },
    });
    const seen: number[] = [];
    const got = await collect(readCsv(stream, { onBytes: (n) => seen.push(n) }));
    expect(got.records).toEqual([[1, 2, ["1", "2"]], [2, 3, ["3", "4"]]]);
    expect(seen).toEqual([5, 10, 12]);
  });

  it("cancels a ReadableStream when the consumer stops early", async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(toBytes("a,b\n" + "1,2\n".repeat(20_000)));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const e of readCsv(stream)) if (e.kind === "records") break;
    expect(cancelled).toBe(true);
  });

  it("reads the real PublicStuff export (CRLF, multi-line descriptions)", async () => {
    const path = new URL("../../profiles/testing/real/publicstuff-hoboken-20190521.csv", import.meta.url).pathname;
    const got = await collect(readCsv(fileSource(path, 4096)));
    expect(got.header?.slice(0, 4)).toEqual(["Attachment URL", "ID", "Title", "Description"]);
    expect(got.rows).toBe(91);
    expect(got.records.every((r) => r[2].length === 16 && r[3] === undefined)).toBe(true);
    // Each record starts on the line after the previous one ends, counting its quoted line breaks.
    const raw = readFileSync(path, "latin1");
    const breaks = (s: string) => (s.match(/\r\n|\r|\n/g) ?? []).length;
    for (let i = 1; i < got.records.length; i++) {
      const [, prevLine, prevFields] = got.records[i - 1]!;
      expect(got.records[i]![1]).toBe(prevLine + 1 + prevFields.reduce((n, f) => n + breaks(f), 0));
    }
    expect(got.records.at(-1)![1] + got.records.at(-1)![2].reduce((n, f) => n + breaks(f), 0)).toBe(breaks(raw.trimEnd()) + 1);
  });

  it("reads the real Boston export", async () => {
    const got = await collect(readCsv(fileSource(new URL("../../profiles/testing/real/boston311-100.csv", import.meta.url).pathname, 1000)));
    expect(got.header).toHaveLength(29);
    expect(got.rows).toBe(100);
    expect(got.records.filter((r) => r[3] !== undefined)).toEqual([]);
    expect(got.records[0]!.slice(0, 2)).toEqual([1, 2]);
    expect(got.records[0]![2][0]).toBe("101004143000");
  });
});

describe("CsvTokenizer", () => {
  it("gives the same events for text fed in pieces of any size", () => {
    const text = 'h1,h2,h3\r\n"a\r\nb",x"y,""\r\r\n"q""",,\n\n"ab"c,1,2\n1,2\r"long ' + "z".repeat(40) + '",3,4\n"open\r\n';
    const run = (size: number) => {
      const t = new CsvTokenizer(",", 30);
      for (let at = 0; at < text.length; at += size) t.feed(text.slice(at, at + size));
      t.finish();
      return t.drain().flatMap((e): (CsvEvent | CsvRecord)[] => (e.kind === "records" ? e.records.map(unplaced) : [e]));
    };
    const summary = (e: CsvEvent | CsvRecord) =>
      !("kind" in e) ? [e.row, e.line, e.problem?.code ?? null] : e.kind === "problem" ? [e.problem.code, e.problem.row, e.problem.line] : e.kind;
    const whole = run(text.length);
    expect(whole.map(summary)).toEqual([
      "header",
      [1, 2, null],
      [2, 5, null],
      [3, 7, "malformed_csv"],
      [4, 8, "field_count"],
      [5, 9, "malformed_csv"],
      ["malformed_csv", 6, 10],
    ]);
    for (const size of [1, 2, 3, 5, 7, 11]) expect(run(size), `piece size ${size}`).toEqual(whole);
  });

  it("takes text directly", () => {
    const t = new CsvTokenizer("|");
    t.feed("a|b\n1|");
    t.feed("2\n");
    t.finish();
    const events = t.drain();
    expect(events.map((e) => e.kind)).toEqual(["header", "records"]);
    expect(events[1]).toMatchObject({ kind: "records", records: [{ row: 1, line: 2, fields: ["1", "2"], problem: undefined, bytes: null }] });
  });
});

/** ~240 KB: long ASCII stretches, a few non-ASCII lines, quoted line breaks and quotes, CRLF. */
function largeCsv(): string {
  const rows = ["id,text,note\r\n"];
  for (let i = 1; i <= 6000; i++) {
    const text = i % 101 === 7 ? `Łódź ’${i}’ 😀` : i % 89 === 5 ? `café ${i}` : `plain text ${i}`;
    const note = i % 3 === 0 ? `"two\nlines, ""quoted"" ${i}"` : "x".repeat(i % 50);
    rows.push(`${i},${text},${note}\r\n`);
  }
  return rows.join("");
}

describe("readCsv: large input (decoded in parts, records in batches)", () => {
  it("gives the records the tokenizer gives for the whole text, in several batches", async () => {
    const text = largeCsv();
    const t = new CsvTokenizer();
    t.feed(text);
    t.finish();
    const expected = t.drain().flatMap((e) => (e.kind === "records" ? e.records.map(unplaced) : []));
    expect(expected).toHaveLength(6000);
    for (const chunkSize of [1 << 20, 65_536, 4099]) {
      let batches = 0;
      const records: CsvRecord[] = [];
      for await (const e of readCsv(bytesSource(toBytes(text), chunkSize))) {
        if (e.kind !== "records") continue;
        batches++;
        records.push(...e.records.map(unplaced));
      }
      expect(records, `chunk size ${chunkSize}`).toEqual(expected);
      expect(batches).toBeGreaterThan(2);
    }
  });
});

describe("readCsv: where each field lies in the file's bytes (CsvRecord's bytes, starts, at)", () => {
  /** Every field placed in the bytes reads there as it is; returns [placed, fields] over records with bytes. */
  function checkPlaces(records: readonly CsvRecord[]): { placed: number; fields: number; recordsWithBytes: number; withQuote: number } {
    let placed = 0;
    let fields = 0;
    let withQuote = 0;
    let recordsWithBytes = 0;
    for (const record of records) {
      if (!record.bytes) continue;
      recordsWithBytes++;
      for (let k = 0; k < record.fields.length; k++) {
        fields++;
        if (record.fields[k]!.includes('"')) withQuote++;
        const start = record.starts![record.at! + k]!;
        if (start < 0) continue;
        placed++;
        const field = record.fields[k]!;
        const there = String.fromCharCode(...record.bytes.subarray(start, start + field.length));
        expect(there, `row ${record.row}, field ${k}`).toBe(field);
      }
    }
    return { placed, fields, recordsWithBytes, withQuote };
  }

  async function recordsOf(input: string | Uint8Array, chunkSize: number): Promise<CsvRecord[]> {
    const records: CsvRecord[] = [];
    for await (const e of readCsv(bytesSource(toBytes(input), chunkSize))) if (e.kind === "records") records.push(...e.records);
    return records;
  }

  it("places every ASCII field but one with a doubled quote, and none of a non-ASCII record", async () => {
    const text = 'id,text,note\r\n1,plain,"quoted, with comma"\r\n2,"two\nlines",x\r\n3,"say ""hi""",y\n4,Łódź,z\n5, spaced ,"a"\n';
    const records = await recordsOf(text, text.length * 4);
    expect(records.map((r) => r.fields)).toEqual([
      ["1", "plain", "quoted, with comma"],
      ["2", "two\nlines", "x"],
      ["3", 'say "hi"', "y"],
      ["4", "Łódź", "z"],
      ["5", " spaced ", "a"],
    ]);
    // The file holds a non-ASCII character, so it is one part without bytes...
    expect(records.every((r) => r.bytes === null)).toBe(true);
    // ... and without it, every field is placed but the one with a doubled quote.
    const ascii = await recordsOf(text.replace("Łódź", "Lodz"), text.length * 4);
    const placedOf = (r: CsvRecord) => r.fields.map((_, k) => r.starts![r.at! + k]! >= 0);
    expect(ascii.map(placedOf)).toEqual([
      [true, true, true],
      [true, true, true],
      [true, false, true],
      [true, true, true],
      [true, true, true],
    ]);
    expect(checkPlaces(ascii)).toEqual({ placed: 14, fields: 15, recordsWithBytes: 5, withQuote: 1 });
  });

  it("places fields correctly however the file is chunked, and nearly all of an ASCII file read in big chunks", async () => {
    const text = largeCsv();
    const ascii = text.replace(/[^\n\r -~]/g, "?");
    for (const chunkSize of [1 << 20, 65_536, 4099, 97, 7]) {
      const mixed = checkPlaces(await recordsOf(text, chunkSize));
      const all = checkPlaces(await recordsOf(ascii, chunkSize));
      if (chunkSize >= 65_536) {
        // Runs of ASCII lines long enough to be decoded apart have bytes (decode.ts, emitUtf8).
        expect(mixed.recordsWithBytes, `chunk size ${chunkSize}`).toBeGreaterThan(1000);
        // All ASCII: every record but one cut by a chunk's or piece's end; every field without a doubled quote.
        expect(all.recordsWithBytes, `chunk size ${chunkSize}`).toBeGreaterThan(5990 - (6000 * 40) / chunkSize);
        expect(all.placed).toBe(all.fields - all.withQuote);
        expect(all.withQuote).toBeGreaterThan(1900);
      }
    }
  });

  it("reads a record that two chunks share from its bytes, as if the chunks were one", async () => {
    let text = "id,name,note\n";
    for (let i = 1; i <= 400; i++) text += `${i},name ${i},a note about row ${i}\n`;
    // Chunks of 1,000 bytes cut ~25 of the records; each of those is read whole with the next chunk.
    for (const chunkSize of [1000, 4099]) {
      const records: CsvRecord[] = [];
      // An 8-byte sample: the decoder hands on each chunk as it comes (not its first 64 KB at once).
      for await (const e of readCsv(bytesSource(toBytes(text), chunkSize), { sampleBytes: 8 })) if (e.kind === "records") records.push(...e.records);
      expect(records).toHaveLength(400);
      expect(checkPlaces(records), `chunk size ${chunkSize}`).toEqual({ placed: 1200, fields: 1200, recordsWithBytes: 400, withQuote: 0 });
    }
  });

  it("places fields correctly in random ASCII CSV cut at random places", async () => {
    const random = mulberry32(20261204);
    const alphabet = ['"', '"', ",", ",", "\n", "\r", " ", "a", "b", "c", "1"];
    for (let round = 0; round < 300; round++) {
      let text = "h1,h2,h3\n";
      const length = 20 + Math.floor(random() * 400);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const bytes = toBytes(text);
      const records: CsvRecord[] = [];
      const chunks = async function* () {
        for (let at = 0; at < bytes.length; ) {
          const size = 1 + Math.floor(random() * 64);
          yield bytes.slice(at, at + size);
          at += size;
        }
      };
      for await (const e of readCsv(chunks())) if (e.kind === "records") records.push(...e.records);
      checkPlaces(records);
    }
  });
});
