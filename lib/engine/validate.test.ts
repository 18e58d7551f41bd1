import { describe, expect, it } from "vitest";
import { bytesSource } from "./read/source.ts";
import { isDeferred, withText } from "./deferred-text.ts";
import { codeSeverity, conversionProblemCodes, problemCodes, type Problem, type ProblemCode } from "./problem.ts";
import { fixtureNow, fixtureOrg, fullHeader, toCsv, validPotholeRow } from "./testing/fixture-org.ts";
import { createFileValidator, createRunContext, trimCell, validateImport, type ValidationReport } from "./validate.ts";

const config = fixtureOrg();
const sizeQ = "Q: What is the size of the pothole?";
const header = [...fullHeader, sizeQ];

type Row = Partial<Record<string, string>>;
type Input = string | Uint8Array;

/** Every code any test saw, to check that the tests cover all of contract §3. */
const codesSeen = new Set<ProblemCode>();

async function validate(files: Record<string, Input>, mapping?: { name: string; text: Input }): Promise<ValidationReport> {
  const report = await validateImport({
    // Small chunks exercise every chunk boundary of the reader.
    files: Object.entries(files).map(([name, text]) => ({ name, source: bytesSource(text, 7) })),
    ...(mapping ? { mapping: { name: mapping.name, source: bytesSource(mapping.text, 5) } } : {}),
    config,
    now: fixtureNow,
  });
  const all = [...report.files.flatMap((f) => f.problems), ...(report.mapping?.problems ?? [])];
  for (const problem of all) codesSeen.add(problem.code);
  expectConsistent(report);
  return report;
}

/** The summary must agree with the problems listed. */
function expectConsistent(report: ValidationReport): void {
  const all = [...report.files.flatMap((f) => f.problems), ...(report.mapping?.problems ?? [])];
  const byCode: Record<string, number> = {};
  for (const problem of all) byCode[problem.code] = (byCode[problem.code] ?? 0) + 1;
  expect(report.summary.byCode).toEqual(byCode);
  expect(report.summary.errors).toBe(all.filter((p) => p.severity === "error").length);
  expect(report.summary.warnings).toBe(all.filter((p) => p.severity === "warning").length);
  expect(report.summary.rows).toBe(report.files.reduce((n, f) => n + f.rows, 0));
  expect(report.summary.validRows).toBe(report.files.reduce((n, f) => n + f.validRows, 0));
  expect(report.ok).toBe(report.summary.errors === 0);
}

const brief = (problems: Problem[]) => problems.map((p) => [p.code, p.row, p.line, p.column, p.value]);
const row = (overrides: Row): Row => ({ ...validPotholeRow, ...overrides });

describe("a valid file", () => {
  it("has no problems and every row valid", async () => {
    const csv = toCsv(header, [validPotholeRow, row({ lat: "42.01", summary: "Another" }), row({ lat: "42.19", auto_assignment: "No" })]);
    const report = await validate({ "potholes.csv": csv });
    expect(report.files).toEqual([{ file: "potholes.csv", profile: "canonical", rows: 3, validRows: 3, problems: [] }]);
    expect(report.ok).toBe(true);
    expect(report.summary).toEqual({ files: 1, rows: 3, validRows: 3, errors: 0, warnings: 0, byCode: {} });
    expect(report.mapping).toBeUndefined();
  });

  it("accepts CRLF, a BOM, columns in any order and surrounding spaces", async () => {
    const shuffled = [sizeQ, ...[...fullHeader].reverse()];
    const csv = `\uFEFF${toCsv(shuffled, [row({ lat: "  42.15 ", summary: " Pothole\t" })], "\r\n")}`;
    const report = await validate({ "p.csv": csv });
    expect(report.files[0]).toMatchObject({ rows: 1, validRows: 1, problems: [] });
  });
});

describe("row rules (the second row is at fault: row 2, line 3)", () => {
  it.each<[string, Row, [ProblemCode, string | null, string | null][]]>([
    ["blank lat", { lat: " " }, [["required", "lat", ""]]],
    ["lat not a number", { lat: "42,15" }, [["invalid_number", "lat", "42,15"]]],
    ["swapped coordinates", { lat: "-72.50", lng: "42.15" }, [["coordinates_swapped", "lat,lng", "-72.50,42.15"]]],
    ["lat out of range", { lat: " 95 " }, [["out_of_range", "lat", "95"]]],
    ["outside the boundary", { lat: "41.20" }, [["outside_boundary", "lat,lng", "41.20,-72.50"]]],
    ["inside the boundary's hole", { lat: "42.07", lng: "-72.57" }, [["outside_boundary", "lat,lng", "42.07,-72.57"]]],
    ["a line break in the address", { address: "12 Main St\nSpringfield" }, [["line_break_not_allowed", "address", "12 Main St\nSpringfield"]]],
    ["a line break in the description is fine", { description: "line one\r\nline two" }, []],
    ["an unknown request type", { request_type: "Potholes" }, [["unknown_request_type", "request_type", "Potholes"]]],
    ["a disabled request type", { request_type: "Old Graffiti", auto_assignment: "", [sizeQ]: "" }, [["disabled_request_type", "request_type", "Old Graffiti"]]],
    ["a blank summary", { summary: "   " }, [["required", "summary", ""]]],
    ["a blank description", { description: "" }, [["required", "description", ""]]],
    ["a blank address", { address: "" }, [["required", "address", ""]]],
    ["a blank created_at", { created_at: "" }, [["required", "created_at", ""]]],
    ["a blank request type", { request_type: "", [sizeQ]: "" }, [["required", "request_type", ""]]],
    ["a local time", { created_at: "2023-03-01 09:15:00" }, [["invalid_timestamp", "created_at", "2023-03-01 09:15:00"]]],
    ["not a real date", { created_at: "2023-02-29T09:15:00-05:00" }, [["invalid_timestamp", "created_at", "2023-02-29T09:15:00-05:00"]]],
    ["no offset", { created_at: "2023-03-01T09:15:00" }, [["missing_offset", "created_at", "2023-03-01T09:15:00"]]],
    ["closed before created", { closed_at: "2023-03-01T09:14:59-05:00" }, [["closed_before_created", "closed_at", "2023-03-01T09:14:59-05:00"]]],
    ["closed in the future", { closed_at: "2030-01-01T00:00:00Z" }, [["future_timestamp", "closed_at", "2030-01-01T00:00:00Z"]]],
    [
      "created in the future, closed before it",
      { created_at: "2031-01-01T00:00:00Z", closed_at: "2030-01-01T00:00:00Z" },
      [
        ["future_timestamp", "created_at", "2031-01-01T00:00:00Z"],
        ["future_timestamp", "closed_at", "2030-01-01T00:00:00Z"],
        ["closed_before_created", "closed_at", "2030-01-01T00:00:00Z"],
      ],
    ],
    ["a bad closed_at", { closed_at: "yesterday" }, [["invalid_timestamp", "closed_at", "yesterday"]]],
    ["a bad email", { reporter_email: "jane@example" }, [["invalid_email", "reporter_email", "jane@example"]]],
    ["a blank email is fine", { reporter_email: "" }, []],
    ["auto_assignment yes", { auto_assignment: "yes" }, [["invalid_yes_no", "auto_assignment", "yes"]]],
    ["a select answer not among the options", { [sizeQ]: "Huge" }, [["invalid_answer", sizeQ, "Huge"]]],
    ["a blank required answer", { [sizeQ]: "" }, [["required", sizeQ, ""]]],
    [
      "several faults in column order",
      { [sizeQ]: "", auto_assignment: "Y", lat: "x", reporter_email: "a b@c.de" },
      [
        ["invalid_number", "lat", "x"],
        ["invalid_email", "reporter_email", "a b@c.de"],
        ["invalid_yes_no", "auto_assignment", "Y"],
        ["required", sizeQ, ""],
      ],
    ],
  ])("%s", async (_name, overrides, expected) => {
    const report = await validate({ "potholes.csv": toCsv(header, [validPotholeRow, row(overrides)]) });
    const file = report.files[0]!;
    expect(brief(file.problems)).toEqual(expected.map(([code, column, value]) => [code, 2, 3, column, value]));
    const errors = expected.some(([code]) => codeSeverity[code] === "error");
    expect(file.rows).toBe(2);
    expect(file.validRows).toBe(errors ? 1 : 2);
  });

  it("puts hints in the message", async () => {
    const report = await validate({
      "p.csv": toCsv(header, [row({ auto_assignment: "TRUE" }), row({ lat: "-72.5", lng: "42.15" }), row({ lat: "41.2", summary: "x" })]),
    });
    const [yesNo, swapped, outside] = report.files[0]!.problems;
    expect(yesNo?.message).toContain("did you mean `Yes`?");
    expect(yesNo?.hint).toBe("did you mean `Yes`?");
    expect(swapped?.message).toContain("lat and lng look swapped: the point is inside the Public Works boundary when swapped");
    expect(outside?.message).toBe("The point is outside the Public Works boundary.");
  });

  it("hints the organization's offset for a missing offset", async () => {
    const report = await validate({ "p.csv": toCsv(header, [row({ created_at: "2023-07-01T09:15:00", closed_at: "" })]) });
    expect(report.files[0]!.problems[0]?.message).toContain("add the offset, e.g. -04:00");
  });

  it("warns when auto_assignment is Yes but the type has no target", async () => {
    const report = await validate({
      "s.csv": toCsv([...fullHeader, "Q: Pole number"], [row({ request_type: "Streetlight", "Q: Pole number": "P-12" })]),
    });
    expect(brief(report.files[0]!.problems)).toEqual([["no_auto_assign_target", 1, 2, "auto_assignment", "Yes"]]);
    expect(report.files[0]!.validRows).toBe(1);
    expect(report.ok).toBe(true);
  });
});

describe("records and lines", () => {
  it("shifts line numbers after quoted line breaks and skips empty lines", async () => {
    const csv = toCsv(header, [row({ description: "one\ntwo\r\nthree" }), row({ lat: "x" })]);
    const withBlank = csv.replace(/\n(?=[^\n]*\n$)/, "\n\n\n");
    const report = await validate({ "p.csv": withBlank });
    expect(brief(report.files[0]!.problems)).toEqual([["invalid_number", 2, 7, "lat", "x"]]);
    expect(report.files[0]!.rows).toBe(2);
  });

  it("reports an unterminated quote at its row and validates nothing after it", async () => {
    const csv = `${toCsv(header, [validPotholeRow])}${toCsv(header, [row({ lat: "x" })]).split("\n")[1]}\n42.1,-72.5,"12 Main St,Pothole\n${toCsv(header, [row({ lat: "y" })]).split("\n")[1]}\n`;
    const report = await validate({ "p.csv": csv });
    const file = report.files[0]!;
    expect(brief(file.problems)).toEqual([
      ["invalid_number", 2, 3, "lat", "x"],
      ["malformed_csv", 3, 4, null, expect.any(String)],
    ]);
    expect(file.rows).toBe(3);
    expect(file.validRows).toBe(1);
  });

  it("reports text after a closing quote as malformed_csv on that row", async () => {
    const line = toCsv(header, [row({ address: "12 Main" })]).split("\n")[1]!.replace("12 Main", '"12" Main');
    const good = toCsv(header, [validPotholeRow]).split("\n")[1]!;
    const report = await validate({ "p.csv": `${header.join(",")}\n${good}\n${line}\n` });
    expect(brief(report.files[0]!.problems)).toEqual([["malformed_csv", 2, 3, null, expect.any(String)]]);
    expect(report.files[0]).toMatchObject({ rows: 2, validRows: 1 });
  });

  it("reports field_count only, counting the row but never as valid", async () => {
    const good = toCsv(header, [validPotholeRow]).split("\n")[1]!;
    const csv = `${header.join(",")}\n${good}\n${good},extra\n${good.split(",").slice(0, 5).join(",")}\n`;
    const report = await validate({ "p.csv": csv });
    const file = report.files[0]!;
    expect(brief(file.problems)).toEqual([
      ["field_count", 2, 3, null, expect.any(String)],
      ["field_count", 3, 4, null, expect.any(String)],
    ]);
    expect(file).toMatchObject({ rows: 3, validRows: 1 });
  });

  it("reports an empty file", async () => {
    const report = await validate({ "empty.csv": "" });
    expect(report.files[0]).toMatchObject({ rows: 0, validRows: 0 });
    expect(brief(report.files[0]!.problems)).toEqual([["empty_file", 0, null, null, null]]);
    expect(report.ok).toBe(false);
  });

  it("accepts a header-only file", async () => {
    const report = await validate({ "h.csv": `${fullHeader.join(",")}\n` });
    expect(report.files[0]).toEqual({ file: "h.csv", profile: "canonical", rows: 0, validRows: 0, problems: [] });
    expect(report.ok).toBe(true);
  });

  it("reports binary content as invalid_encoding", async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00]);
    const report = await validate({ "book.xlsx": zip });
    const [problem] = report.files[0]!.problems;
    expect(problem).toMatchObject({ code: "invalid_encoding", severity: "error", row: 0, line: null });
    expect(report.files[0]!.validRows).toBe(0);
  });

  it("transcodes Windows-1252 with encoding_converted and validates the text", async () => {
    const text = toCsv(header, [row({ description: "Caf\u00e9 \u2013 pothole \u201cdeep\u201d" }), row({ lat: "x" })]);
    const bytes = Uint8Array.from([...text].map((ch) => ({ "\u00e9": 0xe9, "\u2013": 0x96, "\u201c": 0x93, "\u201d": 0x94 })[ch] ?? ch.charCodeAt(0)));
    const report = await validate({ "latin.csv": bytes });
    const file = report.files[0]!;
    expect(file.problems[0]).toMatchObject({ code: "encoding_converted", severity: "warning", row: 0, line: null });
    expect(file.problems[0]!.value).toMatch(/1252/);
    expect(brief(file.problems.slice(1))).toEqual([["invalid_number", 2, 3, "lat", "x"]]);
    expect(file.validRows).toBe(1);
  });
});

describe("header rules (file-level errors block the file)", () => {
  it("reports a missing column at row 0, line 1, and still checks rows", async () => {
    const cols = header.filter((c) => c !== "description");
    const report = await validate({ "p.csv": toCsv(cols, [validPotholeRow, row({ lat: "x" })]) });
    const file = report.files[0]!;
    expect(brief(file.problems)).toEqual([
      ["missing_column", 0, 1, "description", null],
      ["invalid_number", 2, 3, "lat", "x"],
    ]);
    expect(file).toMatchObject({ rows: 2, validRows: 0 });
  });

  it("reports an unknown column with a hint", async () => {
    const cols = [...header, "lati", ""];
    const report = await validate({ "p.csv": toCsv(cols, [validPotholeRow]) });
    const file = report.files[0]!;
    expect(brief(file.problems)).toEqual([
      ["unknown_column", 0, 1, "lati", null],
      ["unknown_column", 0, 1, "", null],
    ]);
    expect(file.problems[0]!.message).toContain("did you mean `lat`?");
    expect(file.validRows).toBe(0);
  });

  it("reports Q:X next to Q: X as a duplicate column", async () => {
    const cols = [...header, "Q:What is the size of the pothole?"];
    const report = await validate({ "p.csv": toCsv(cols, [validPotholeRow]) });
    expect(brief(report.files[0]!.problems)).toEqual([["duplicate_column", 0, 1, "Q:What is the size of the pothole?", null]]);
    expect(report.files[0]!.validRows).toBe(0);
  });

  it("reports an unknown question, and no per-row answer problem for it", async () => {
    const cols = [...header, "Q: Pole number"];
    const report = await validate({ "p.csv": toCsv(cols, [row({ "Q: Pole number": "P-1" })]) });
    expect(brief(report.files[0]!.problems)).toEqual([["unknown_question", 0, 1, "Q: Pole number", null]]);
  });

  it("checks a question column without the space after Q:", async () => {
    const cols = [...fullHeader, "Q:What is the size of the pothole?"];
    const report = await validate({ "p.csv": toCsv(cols, [row({ "Q:What is the size of the pothole?": "Huge" })]) });
    expect(brief(report.files[0]!.problems)).toEqual([["invalid_answer", 1, 2, "Q:What is the size of the pothole?", "Huge"]]);
  });
});

describe("questions across request types", () => {
  const streetlight = (overrides: Row = {}): Row =>
    row({ request_type: "Streetlight", auto_assignment: "", [sizeQ]: "", "Q: Pole number": "P-7", ...overrides });

  it("accepts each type answering only its own questions", async () => {
    const cols = [...header, "Q: Pole number", "Q: When did it go out?"];
    const report = await validate({
      "mixed.csv": toCsv(cols, [validPotholeRow, streetlight({ "Q: When did it go out?": "2023-02-01T20:00:00-05:00" })]),
    });
    expect(report.files[0]).toMatchObject({ rows: 2, validRows: 2, problems: [] });
  });

  it("reports answers in another type's question column", async () => {
    const cols = [...header, "Q: Pole number"];
    const report = await validate({
      "mixed.csv": toCsv(cols, [row({ "Q: Pole number": "P-1" }), streetlight({ [sizeQ]: "Small" }), streetlight({ "Q: Pole number": "" })]),
    });
    expect(brief(report.files[0]!.problems)).toEqual([
      ["answer_for_other_type", 1, 2, "Q: Pole number", "P-1"],
      ["answer_for_other_type", 2, 3, sizeQ, "Small"],
      ["required", 3, 4, "Q: Pole number", ""],
    ]);
    expect(report.files[0]!.validRows).toBe(0);
  });

  it("reports a question text shared by two types of the file as ambiguous", async () => {
    const cols = [...header, "Q: Pole number", "Q: Anything else?"];
    const report = await validate({
      "mixed.csv": toCsv(cols, [row({ "Q: Anything else?": "deep" }), streetlight({ "Q: Anything else?": "flickers" })]),
    });
    expect(brief(report.files[0]!.problems)).toEqual([["ambiguous_question", 0, 1, "Q: Anything else?", null]]);
    expect(report.files[0]!.validRows).toBe(0);
  });

  it("accepts a shared question text when only one of its types is in the file", async () => {
    const cols = [...header, "Q: Anything else?"];
    const report = await validate({ "p.csv": toCsv(cols, [row({ "Q: Anything else?": "deep" })]) });
    expect(report.files[0]).toMatchObject({ validRows: 1, problems: [] });
  });

  it("gives every row of a type `required` when its required question has no column", async () => {
    const report = await validate({ "s.csv": toCsv(fullHeader, [streetlight(), streetlight({ summary: "Another" })]) });
    expect(brief(report.files[0]!.problems)).toEqual([
      ["required", 1, 2, "Q: Pole number", null],
      ["required", 2, 3, "Q: Pole number", null],
    ]);
  });

  it("checks answers of every kind", async () => {
    const cols = [...header, "Q: How deep is it (cm)?", "Q: Is it in a bike lane?"];
    const report = await validate({
      "p.csv": toCsv(cols, [
        row({ "Q: How deep is it (cm)?": "12.5", "Q: Is it in a bike lane?": "false" }),
        row({ "Q: How deep is it (cm)?": "12 cm", "Q: Is it in a bike lane?": "Yes" }),
      ]),
    });
    expect(brief(report.files[0]!.problems)).toEqual([
      ["invalid_number", 2, 3, "Q: How deep is it (cm)?", "12 cm"],
      ["invalid_answer", 2, 3, "Q: Is it in a bike lane?", "Yes"],
    ]);
  });

  it("checks multivaluelist answers and a MultiPolygon boundary", async () => {
    const cols = [...fullHeader, "Q: Which facilities?"];
    const park = (overrides: Row): Row => row({ request_type: "Park Maintenance", lat: "42.35", lng: "-72.65", [sizeQ]: "", ...overrides });
    const report = await validate({
      "parks.csv": toCsv(cols, [
        park({ "Q: Which facilities?": "Bench; Playground" }),
        park({ lng: "-72.45", "Q: Which facilities?": "Bench;;Playground" }),
        park({ lng: "-72.55" }),
      ]),
    });
    expect(brief(report.files[0]!.problems)).toEqual([
      ["invalid_answer", 2, 3, "Q: Which facilities?", "Bench;;Playground"],
      ["outside_boundary", 3, 4, "lat,lng", "42.35,-72.55"],
    ]);
    expect(report.files[0]!.problems[1]!.message).toBe("The point is outside the Parks boundary.");
  });

  it("decides answer_for_other_type at once when the file's types are known", () => {
    const run = createRunContext(config, { now: fixtureNow });
    const cols = [...header, "Q: Pole number"];
    const validator = createFileValidator(run, "stored.csv", cols, { requestTypesInFile: ["Pothole", "Streetlight"] });
    const fields = cols.map((c) => row({ "Q: Pole number": "P-1" })[c] ?? "");
    expect(brief(validator.validateRecord(fields, 5, 9))).toEqual([["answer_for_other_type", 5, 9, "Q: Pole number", "P-1"]]);
    expect(validator.finish().rowProblems).toEqual([]);
  });
});

describe("boundaries", () => {
  it("warns no_boundary once per file and type, at row 0, and checks ranges only (never coordinates_swapped)", async () => {
    const pickup = (overrides: Row) => row({ request_type: "Missed Pickup", auto_assignment: "", [sizeQ]: "", ...overrides });
    const report = await validate({
      "pickups.csv": toCsv(fullHeader, [pickup({ lat: "10", lng: "10" }), pickup({ lat: "-10", lng: "170" }), pickup({ lat: "100", lng: "10" })]),
    });
    const file = report.files[0]!;
    expect(brief(file.problems)).toEqual([
      ["no_boundary", 0, null, "request_type", "Missed Pickup"],
      ["out_of_range", 3, 4, "lat", "100"],
    ]);
    expect(file.validRows).toBe(2);
  });
});

describe("duplicate rows", () => {
  it("warns on the later copy across files, matched by header name", async () => {
    const a = toCsv(header, [validPotholeRow, row({ summary: "Second" })]);
    const reordered = [...header].reverse();
    const b = toCsv(reordered, [row({ summary: "Other" }), row({ summary: "  Second " })]);
    const report = await validate({ "a.csv": a, "b.csv": b });
    expect(report.files[0]!.problems).toEqual([]);
    const [dup] = report.files[1]!.problems;
    expect(brief([dup!])).toEqual([["duplicate_row", 2, 3, null, null]]);
    expect(dup!.severity).toBe("warning");
    expect(dup!.message).toContain("row 2 of `a.csv`");
    expect(report.files[1]!.validRows).toBe(2);
  });

  it("warns within one file", async () => {
    const report = await validate({ "a.csv": toCsv(header, [validPotholeRow, row({ summary: "x" }), validPotholeRow]) });
    expect(brief(report.files[0]!.problems)).toEqual([["duplicate_row", 3, 4, null, null]]);
    expect(report.files[0]!.problems[0]!.message).toContain("row 1 of this file");
  });
});

describe("comments", () => {
  it("warns about markup in comment columns only", async () => {
    const cols = [...header, "public_comment_1", "internal_comment_3"];
    const report = await validate({
      "c.csv": toCsv(cols, [
        row({ public_comment_1: "a < b", internal_comment_3: "Tom &amp; Jerry", acknowledge_message: "<b>Thanks</b>" }),
        row({ public_comment_1: "<p>Fixed</p>", summary: "2" }),
      ]),
    });
    expect(brief(report.files[0]!.problems)).toEqual([
      ["markup_in_comment", 1, 2, "internal_comment_3", "Tom &amp; Jerry"],
      ["markup_in_comment", 2, 3, "public_comment_1", "<p>Fixed</p>"],
    ]);
    expect(report.files[0]!.validRows).toBe(2);
    expect(report.ok).toBe(true);
  });
});

describe("request types, row after row", () => {
  it("tells apart values that share a length and their first and last letters (the rule's memo)", async () => {
    const rows = ["Pothole", "Pothele", "Pothole", "Pothele", "PH", "Pothole"];
    const csv = toCsv(header, rows.map((t, i) => row({ request_type: t, summary: `s${i}`, [sizeQ]: t === "Pothole" || t === "PH" ? "Small" : "" })));
    const report = await validate({ "p.csv": csv }, { name: "map.csv", text: "old_request_type,request_type\nPH,Pothole\n" });
    expect(brief(report.files[0]!.problems)).toEqual([
      ["unknown_request_type", 2, 3, "request_type", "Pothele"],
      ["unknown_request_type", 4, 5, "request_type", "Pothele"],
    ]);
  });
});

describe("the mapping file", () => {
  const rows = (types: string[]) =>
    toCsv(
      header,
      types.map((t, i) => row({ request_type: t, summary: `s${i}`, auto_assignment: "", [sizeQ]: t === "Pothole" || t === "PH" ? "Small" : "" })),
    );

  it.each([
    ["old_request_type,request_type", "old_request_type,request_type\nPH,Pothole\nHole in road,Pothole\n"],
    ["from,to", "from,to\nPH,Pothole\nHole in road,Pothole\n"],
  ])("maps old values with the %s header", async (_name, mapping) => {
    const report = await validate({ "p.csv": rows(["PH", "Pothole"]) }, { name: "map.csv", text: mapping });
    expect(report.files[0]).toMatchObject({ rows: 2, validRows: 2, problems: [] });
    expect(report.mapping).toEqual({ file: "map.csv", rows: 2, problems: [] });
  });

  it("reports each repeat and each unknown target, and ignores them", async () => {
    const mapping = "old_request_type,request_type\nPH,Pothole\nPH,Streetlight\nLight,Streetlite\nLight,Streetlight\nOld,Old Graffiti\n";
    const report = await validate({ "p.csv": rows(["PH", "Light", "Old"]) }, { name: "map.csv", text: mapping });
    expect(brief(report.mapping!.problems)).toEqual([
      ["mapping_invalid", 2, 3, "old_request_type", "PH"],
      ["mapping_invalid", 3, 4, "request_type", "Streetlite"],
      ["mapping_invalid", 4, 5, "old_request_type", "Light"],
    ]);
    expect(report.mapping!.problems.every((p) => p.file === "map.csv")).toBe(true);
    expect(report.mapping!.problems[1]!.message).toContain("did you mean `Streetlight`?");
    expect(report.mapping!.rows).toBe(5);
    expect(brief(report.files[0]!.problems)).toEqual([
      ["unknown_request_type", 2, 3, "request_type", "Light"],
      ["disabled_request_type", 3, 4, "request_type", "Old"],
    ]);
    expect(report.ok).toBe(false);
    expect(report.summary.byCode.mapping_invalid).toBe(3);
  });

  it("rejects a mapping file with the wrong header as a whole", async () => {
    const report = await validate({ "p.csv": rows(["PH", "Pothole"]) }, { name: "map.csv", text: "old,new\nPH,Pothole\n" });
    expect(brief(report.mapping!.problems)).toEqual([["mapping_invalid", 0, 1, null, "old,new"]]);
    expect(brief(report.files[0]!.problems)).toEqual([["unknown_request_type", 1, 2, "request_type", "PH"]]);
  });
});

describe("the report", () => {
  it("orders file-level problems first, then rows, then columns", async () => {
    const cols = [...header, "extra"];
    const csv = toCsv(cols, [row({ reporter_email: "x", lat: "y" }), row({ created_at: "" })]);
    const report = await validate({ "p.csv": csv });
    expect(report.files[0]!.problems.map((p) => [p.row, p.column])).toEqual([
      [0, "extra"],
      [1, "lat"],
      [1, "reporter_email"],
      [2, "created_at"],
    ]);
  });

  it("streams every record to onRecord with its problems", async () => {
    const seen: [number, number, string[]][] = [];
    await validateImport({
      files: [{ name: "p.csv", source: bytesSource(toCsv(header, [validPotholeRow, row({ lat: "x" })])) }],
      config,
      now: fixtureNow,
      onRecord: (_context, record, problems) => {
        seen.push([record.row, record.line, problems.map((p) => p.code)]);
      },
    });
    expect(seen).toEqual([
      [1, 2, []],
      [2, 3, ["invalid_number"]],
    ]);
  });
});

describe("a re-uploaded error report", () => {
  it("drops import_errors and restores neutralised values before validating", async () => {
    const cols = [...header, "import_errors"];
    const csv = toCsv(cols, [row({ reporter_email: "'@home", description: "'-- see notes", import_errors: "reporter_email: bad" })]);
    const report = await validate({ "errors.csv": csv });
    expect(brief(report.files[0]!.problems)).toEqual([["invalid_email", 1, 2, "reporter_email", "@home"]]);
  });
});

describe("coverage", () => {
  // Runs last: every code of contract §3 was produced by at least one end-to-end case above.
  it("saw every problem code", () => {
    // Conversion codes come from lib/profiles, whose own tests cover them.
    const conversion: readonly string[] = conversionProblemCodes;
    expect([...problemCodes].filter((code) => !codesSeen.has(code) && !conversion.includes(code))).toEqual([]);
  });
});

describe("trimCell", () => {
  it("is String.prototype.trim", () => {
    const ends = ["", " ", "\t", "\n", "\r\n", "\u00a0", "\u2028", "\u3000", "\ufeff", "x", "~", "!", "é", "\u200b"];
    for (const before of ends) {
      for (const after of ends) {
        for (const middle of ["", "a", "a b", " "]) {
          const value = `${before}${middle}${after}`;
          expect(trimCell(value), JSON.stringify(value)).toBe(value.trim());
        }
      }
    }
  });
});

describe("validateRow", () => {
  it("is validateRecord then checkDuplicate, with one shared empty list for clean rows", () => {
    const run = createRunContext(config, { now: fixtureNow });
    const twin = createRunContext(config, { now: fixtureNow });
    const a = createFileValidator(run, "a.csv", header);
    const b = createFileValidator(twin, "a.csv", header);
    const rows = [validPotholeRow, row({ summary: "x", lat: "1" }), validPotholeRow, row({ reporter_email: "nope" })];
    const clean: (readonly Problem[])[] = [];
    rows.forEach((r, i) => {
      const fields = header.map((c) => r[c] ?? "");
      const got = a.validateRow(fields, i + 1, i + 2);
      const duplicate = b.checkDuplicate(fields, i + 1, i + 2);
      const want = [...b.validateRecord(fields, i + 1, i + 2), ...(duplicate ? [duplicate] : [])];
      expect(got).toEqual(want);
      if (want.length === 0) clean.push(got);
    });
    expect(clean).toHaveLength(1);
    expect(Object.isFrozen(clean[0])).toBe(true);
  });
});

describe("deferTexts", () => {
  it("gives a missing offset without its text, which withText makes as the rule makes it; nothing else changes", async () => {
    const rows = [
      row({ created_at: "2016-01-01T00:03:52", closed_at: "2016-01-02T00:03:52.5" }),
      row({ created_at: "2016-03-13T02:30:00" }), // a gap
      row({ created_at: "0000-01-01T00:00:00", closed_at: "2016-01-02T00:03:52Z" }), // invalid, not deferred
      row({ created_at: "2016-01-01 00:03:52" }),
      row({ created_at: "2016-01-01T00:03:52", reporter_email: "nope" }),
    ];
    const text = toCsv(header, rows);
    const streamed = async (deferTexts: boolean) => {
      const problems: Problem[] = [];
      await validateImport({
        files: [{ name: "a.csv", source: bytesSource(text, 7) }],
        config,
        now: fixtureNow,
        onRowProblems: (_file, rowProblems) => {
          for (const problem of rowProblems) problems.push({ ...problem });
        },
        transientRowProblems: true,
        deferTexts,
      });
      return problems;
    };
    const made = await streamed(false);
    const deferred = await streamed(true);
    expect(deferred.filter(isDeferred).map((p) => [p.row, p.column])).toEqual([
      [1, "created_at"],
      [1, "closed_at"],
      [2, "created_at"],
      [5, "created_at"],
    ]);
    expect(deferred.map((p) => withText(p, { timeZone: config.organization.timezone }))).toEqual(made);
  });
});
