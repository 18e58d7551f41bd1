import { describe, expect, it } from "vitest";
import { type CsvEvent, type CsvRecord, readCsv } from "../read/read-csv.ts";
import { bytesSource } from "../read/source.ts";
import { formatImportErrors, isErrorReportHeader, stripErrorReport, stripErrorReportRecord, writeErrorReportCsv } from "./error-report-csv.ts";
import { neutralizeFormula, quoteCsvField, restoreFormula } from "../write/csv-writer.ts";

async function text(chunks: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const c of chunks) out.push(c);
  return out;
}

async function readEvents(events: AsyncIterable<CsvEvent>) {
  let header: string[] | null = null;
  const records: CsvRecord[] = [];
  for await (const e of events) {
    if (e.kind === "header") header = e.fields;
    if (e.kind === "records") records.push(...e.records);
  }
  return { header, records };
}

describe("neutralizeFormula / restoreFormula", () => {
  it.each([
    ["=SUM(A1:A9)", "'=SUM(A1:A9)"],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["-2+3", "'-2+3"],
    ["@SUM(1)", "'@SUM(1)"],
    ["\tx", "'\tx"],
    ["\rx", "'\rx"],
    ["-", "'-"],
    ["-72.51", "-72.51"],
    ["+5", "+5"],
    ["42.1015", "42.1015"],
    ["-5e3", "'-5e3"],
    ["-72.51 ", "'-72.51 "],
    ["-.5", "'-.5"],
    ["'=x", "''=x"],
    ["''", "'''"],
    ["'-72.51", "''-72.51"],
    ["'abc", "'abc"],
    ["'", "'"],
    ["", ""],
    ["a=b", "a=b"],
    [" =1", " =1"],
    ["Pothole", "Pothole"],
  ])("%j → %j and back", (value, neutralised) => {
    expect(neutralizeFormula(value)).toBe(neutralised);
    expect(restoreFormula(neutralised)).toBe(value);
  });

  it("round-trips every short string over the interesting characters, and leaves no live formula", () => {
    const alphabet = ["=", "+", "-", "@", "\t", "\r", "'", "1", ".", "a", " "];
    const values = [""];
    for (let len = 1; len <= 4; len++) {
      for (const prefix of values.filter((v) => v.length === len - 1)) for (const c of alphabet) values.push(prefix + c);
    }
    expect(values.length).toBeGreaterThan(15_000);
    for (const v of values) {
      const n = neutralizeFormula(v);
      expect(restoreFormula(n), JSON.stringify(v)).toBe(v);
      const live = /^[=+\-@\t\r]/.test(n) && !/^[+-]?\d+(\.\d+)?$/.test(n);
      expect(live, JSON.stringify(n)).toBe(false);
    }
  });
});

describe("formatImportErrors", () => {
  it.each<[{ column: string | null; message: string }[], string]>([
    [[], ""],
    [[{ column: "lat", message: "Not a number." }], "lat: Not a number."],
    [
      [
        { column: "lat,lng", message: "The point is outside the boundary." },
        { column: null, message: "This row has 7 fields but the header has 9." },
        { column: "", message: "Unknown column." },
      ],
      "lat,lng: The point is outside the boundary.; This row has 7 fields but the header has 9.; Unknown column.",
    ],
  ])("%j", (problems, expected) => {
    expect(formatImportErrors(problems)).toBe(expected);
  });
});

describe("quoteCsvField", () => {
  it.each([
    ["plain", "plain"],
    ["", ""],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\rhere", '"cr\rhere"'],
    [" lead", '" lead"'],
    ["trail ", '"trail "'],
    ["\ttab", '"\ttab"'],
    ["mid space", "mid space"],
    ["a|b", "a|b"],
  ])("%j → %j", (value, expected) => {
    expect(quoteCsvField(value)).toBe(expected);
  });

  it("quotes the delimiter in use", () => {
    expect(quoteCsvField("a|b", "|")).toBe('"a|b"');
    expect(quoteCsvField("a,b", "|")).toBe("a,b");
  });
});

describe("writeErrorReportCsv", () => {
  it("writes the header plus import_errors, neutralised and quoted, CRLF line ends", async () => {
    const chunks = await text(
      writeErrorReportCsv(
        ["lat", "summary", "description"],
        [
          { fields: ["=1+2", 'say "hi"', "line1\nline2"], errors: "lat: Not a number." },
          { fields: ["-72.5", " padded ", ""], errors: "-oops" },
        ],
      ),
    );
    expect(chunks.join("")).toBe(
      "lat,summary,description,import_errors\r\n" +
        "'=1+2,\"say \"\"hi\"\"\",\"line1\nline2\",lat: Not a number.\r\n" +
        "-72.5,\" padded \",,'-oops\r\n",
    );
  });

  it("pads a short row so import_errors stays last, and keeps every field of a long row", async () => {
    const chunks = await text(
      writeErrorReportCsv(["a", "b", "c"], [
        { fields: ["1"], errors: "short" },
        { fields: ["1", "2", "3", "4"], errors: "long" },
      ]),
    );
    expect(chunks.join("")).toBe("a,b,c,import_errors\r\n1,,,short\r\n1,2,3,4,long\r\n");
  });

  it("streams in chunks from an async source, with another delimiter", async () => {
    async function* rows() {
      for (let i = 0; i < 100; i++) yield { fields: [String(i), "x|y"], errors: "e" };
    }
    const chunks = await text(writeErrorReportCsv(["n", "v"], rows(), { delimiter: "|", chunkChars: 100 }));
    expect(chunks.length).toBeGreaterThan(5);
    const lines = chunks.join("").split("\r\n");
    expect(lines[0]).toBe("n|v|import_errors");
    expect(lines[1]).toBe('0|"x|y"|e');
    expect(lines[100]).toBe('99|"x|y"|e');
    expect(lines[101]).toBe("");
  });

  it("writes only the header for no rows", async () => {
    expect((await text(writeErrorReportCsv(["=a", "b"], []))).join("")).toBe("'=a,b,import_errors\r\n");
  });
});

describe("re-uploading an error report", () => {
  it.each([
    [["a", "import_errors"], true],
    [["import_errors", "a"], false],
    [["a", "Import_errors"], false],
    [[], false],
  ])("isErrorReportHeader(%j) is %s", (header, expected) => {
    expect(isErrorReportHeader(header)).toBe(expected);
  });

  it("reads exactly like the original file", async () => {
    const original =
      "lat,lng,summary,description,=odd header\r\n" +
      '-72.51,+5,"=HYPERLINK(""http://x"")","two\nlines",\'=literal\r\n' +
      '@home,\tTab,"  spaced  ",café ’😀’,\'\'\r\n' +
      "-,1e5,'plain,-1.5,\r\n";
    const read = await readEvents(readCsv(bytesSource(original)));
    expect(read.records.every((r) => r.problem === undefined)).toBe(true);
    const report = (
      await text(writeErrorReportCsv(read.header!, read.records.map((r, i) => ({ fields: r.fields, errors: `summary: Problem ${i}` }))))
    ).join("");
    const again = await readEvents(stripErrorReport(readCsv(bytesSource(report, 3))));
    expect(again.header).toEqual(read.header);
    expect(again.records.map((r) => [r.row, r.fields, r.problem])).toEqual(read.records.map((r) => [r.row, r.fields, undefined]));
    // The report itself never starts a cell with a live formula.
    const cells = (await readEvents(readCsv(bytesSource(report)))).records.flatMap((r) => r.fields);
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c) && !/^[+-]?\d+(\.\d+)?$/.test(c))).toEqual([]);
  });

  it("recomputes field_count against the original header", async () => {
    const report = "a,b,import_errors\r\n1,,short\r\n1,2,3,long\r\n1,2\r\n";
    const got = await readEvents(stripErrorReport(readCsv(bytesSource(report))));
    expect(got.header).toEqual(["a", "b"]);
    expect(got.records.map((r) => [r.fields, r.problem?.code, r.problem?.value])).toEqual([
      [["1", ""], undefined, undefined],
      [["1", "2", "3"], "field_count", "3 fields, header has 2"],
      [["1", "2"], undefined, undefined],
    ]);
  });

  it("keeps other read problems", () => {
    const record: CsvRecord = {
      row: 4,
      line: 9,
      fields: ["'=x", "y", "errs"],
      problem: { code: "malformed_csv", severity: "error", row: 4, line: 9, column: null, value: "y", message: "m" },
    };
    const stripped = stripErrorReportRecord(record, 2);
    expect(stripped.fields).toEqual(["=x", "y"]);
    expect(stripped.problem?.code).toBe("malformed_csv");
    expect([stripped.row, stripped.line]).toEqual([4, 9]);
  });

  it("passes any other file through unchanged", async () => {
    const input = "a,b\r\n'=x,2\r\n";
    const direct = await readEvents(readCsv(bytesSource(input)));
    const wrapped = await readEvents(stripErrorReport(readCsv(bytesSource(input))));
    expect(wrapped).toEqual(direct);
    expect(wrapped.records[0]!.fields).toEqual(["'=x", "2"]);
  });
});
