import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureOrgInput, fullHeader, toCsv, validPotholeRow } from "../../engine/testing/fixture-org.ts";
import type { ValidationReport } from "../../engine/validate.ts";
import { runCli } from "../testing/run-cli.ts";
import { bytesSource } from "../../engine/read/source.ts";
import { fixtureOrg } from "../../engine/testing/fixture-org.ts";
import { builtinProfile } from "../../profiles/builtin-profiles.ts";
import { validateSources } from "../../profiles/validate-source.ts";
import { reportThreadAllowed } from "./validate.ts";

const sizeQ = "Q: What is the size of the pothole?";
const header = [...fullHeader, sizeQ];
let dir = "";
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "bulk-import-validate-"));
  await writeFile(file("org.json"), JSON.stringify(fixtureOrgInput));
  await writeFile(file("bad-org.json"), JSON.stringify({ ...fixtureOrgInput, organization: { name: "", slug: "Bad Slug", timezone: "Mars/Olympus" } }));
  await writeFile(file("not-json.json"), "{ nope");
  await writeFile(file("good.csv"), toCsv(header, [validPotholeRow, { ...validPotholeRow, summary: "Two" }]));
  await writeFile(
    file("bad.csv"),
    toCsv(header, [
      validPotholeRow,
      { ...validPotholeRow, summary: "Two", lat: "41.20", reporter_email: "=HYPERLINK(\"x\")" },
      { ...validPotholeRow, summary: "Three", created_at: "2023-03-01T09:15:00", [sizeQ]: "Huge" },
    ]),
  );
  await writeFile(file("warn.csv"), toCsv(header, [{ ...validPotholeRow, closed_at: "2999-01-01T00:00:00Z" }]));
  await writeFile(file("mapped.csv"), toCsv(header, [{ ...validPotholeRow, request_type: "PH" }]));
  await writeFile(file("map.csv"), "from,to\nPH,Pothole\n");
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (...argv: string[]) => runCli(argv);

describe("bulk-import validate", () => {
  it("exits 0 and prints the JSON report for a valid file", async () => {
    const { code, stdout } = await run("validate", "--config", file("org.json"), "--format", "json", file("good.csv"));
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as ValidationReport;
    expect(report).toEqual({
      ok: true,
      files: [{ file: file("good.csv"), profile: "canonical", rows: 2, validRows: 2, problems: [] }],
      summary: { files: 1, rows: 2, validRows: 2, errors: 0, warnings: 0, byCode: {} },
    });
  });

  it("exits 1 with every problem in the report when there are errors", async () => {
    const { code, stdout } = await run("validate", "--config", file("org.json"), "--format", "json", file("good.csv"), file("bad.csv"));
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as ValidationReport;
    expect(report.ok).toBe(false);
    expect(report.files.map((f) => [f.file, f.rows, f.validRows])).toEqual([
      [file("good.csv"), 2, 2],
      [file("bad.csv"), 3, 1],
    ]);
    expect(report.files[1]!.problems.map((p) => [p.code, p.row, p.line, p.column])).toEqual([
      ["duplicate_row", 1, 2, null],
      ["outside_boundary", 2, 3, "lat,lng"],
      ["invalid_email", 2, 3, "reporter_email"],
      ["missing_offset", 3, 4, "created_at"],
      ["invalid_answer", 3, 4, sizeQ],
    ]);
    expect(report.summary).toMatchObject({ files: 2, rows: 5, validRows: 3, errors: 4, warnings: 1 });
  });

  it("exits 0 with warnings only", async () => {
    const { code, stdout } = await run("validate", "--config", file("org.json"), "--format", "json", file("warn.csv"));
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as ValidationReport).summary.byCode).toEqual({ future_timestamp: 1 });
  });

  it("prints a readable text report by default", async () => {
    const { code, stdout } = await run("validate", "--config", file("org.json"), file("bad.csv"));
    expect(code).toBe(1);
    expect(stdout).toMatch(/NOT OK: 4 errors, 0 warnings in 1 file \(3 rows, 1 valid\)/);
    expect(stdout).toMatch(/^ {2}outside_boundary\s+1\s+error$/m);
    expect(stdout).toContain(`${file("bad.csv")}:2:lat,lng  error  outside_boundary  The point is outside the Public Works boundary.`);
  });

  it("writes the report to -o and nothing to stdout", async () => {
    const { code, stdout } = await run("validate", "--config", file("org.json"), "--format", "json", "-o", file("report.json"), file("bad.csv"));
    expect(code).toBe(1);
    expect(stdout).toBe("");
    const report = JSON.parse(await readFile(file("report.json"), "utf8")) as ValidationReport;
    expect(report.summary.errors).toBe(4);
  });

  it("applies a mapping file and reports on it", async () => {
    const { code, stdout } = await run("validate", "--config", file("org.json"), "--mapping", file("map.csv"), "--format", "json", file("mapped.csv"));
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as ValidationReport;
    expect(report.mapping).toEqual({ file: file("map.csv"), rows: 1, problems: [] });
    expect(report.files[0]!.validRows).toBe(1);
  });

  it.each([
    ["a missing file", ["--config", "ORG", "potholes.csv"], /cannot read potholes\.csv: no such file/],
    ["a missing mapping file", ["--config", "ORG", "--mapping", "nomap.csv", "GOOD"], /cannot read nomap\.csv: no such file/],
    ["a missing configuration", ["--config", "nothing.json", "GOOD"], /cannot read nothing\.json: no such file/],
    ["a configuration that is not JSON", ["--config", "NOTJSON", "GOOD"], /is not valid JSON/],
    ["an unknown profile", ["--config", "ORG", "--profile", "boston311", "GOOD"], /not a built-in profile/],
    ["an unknown format", ["--config", "ORG", "--format", "xml", "GOOD"], /xml/],
    ["no files", ["--config", "ORG"], /missing required argument/],
    ["no configuration", ["GOOD"], /--config/],
  ])("exits 2 on %s", async (_name, args, message) => {
    const argv = args.map((arg) => (arg === "ORG" ? file("org.json") : arg === "GOOD" ? file("good.csv") : arg === "NOTJSON" ? file("not-json.json") : arg));
    const { code, stderr, stdout } = await run("validate", ...argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe("");
  });

  it("lists every problem of a bad configuration and exits 2", async () => {
    const { code, stderr } = await run("validate", "--config", file("bad-org.json"), file("good.csv"));
    expect(code).toBe(2);
    expect(stderr).toContain("organization.name");
    expect(stderr).toContain("organization.slug");
    expect(stderr).toContain("organization.timezone");
  });

  it("accepts --profile canonical", async () => {
    const { code } = await run("validate", "--config", file("org.json"), "--profile", "canonical", file("good.csv"));
    expect(code).toBe(0);
  });

  it("streams a profile's row problems through the spool and reports them as if they had all been kept", async () => {
    // Conversion findings, validator problems, a multi-line field, duplicates and suspect_location
    // (settled at the end, on rows 1–6 and 9–10), so the spool has to merge them in.
    const nyc = [
      "Unique Key,Created Date,Closed Date,Complaint Type,Descriptor,Incident Address,Status,Latitude,Longitude",
      ...Array.from({ length: 6 }, (_, i) => `${i + 1},01/10/2023 10:00:00 AM,${i === 2 ? "01/09/2023 10:00:00 AM" : ""},Park Maintenance,Deep,${i + 1} Main St,${i === 2 ? "Closed" : "Open"},42.35,-72.65`),
      '7,soon,,Park Maintenance,"two\nlines",7 Main St,Open,42.36,-72.66',
      "8,01/10/2023 10:00:00 AM,,Sinkhole,Deep,,Pending,41.0,-72.65",
      "9,01/10/2023 10:00:00 AM,,Park Maintenance,Deep,9 Main St,Open,42.35,-72.65",
      "9,01/10/2023 10:00:00 AM,,Park Maintenance,Deep,9 Main St,Open,42.35,-72.65",
      "11,01/10/2023 10:00:00 AM,,Park Maintenance,Deep,11 Main St,Open,42.37,-72.67",
    ].join("\n");
    await writeFile(file("nyc.csv"), nyc);
    const { code, stdout } = await run("validate", "--config", file("org.json"), "--profile", "nyc-311", "--format", "json", file("nyc.csv"));
    const streamed = JSON.parse(stdout) as ValidationReport;
    const kept = await validateSources({ files: [{ name: file("nyc.csv"), source: bytesSource(nyc) }], config: fixtureOrg(), profile: builtinProfile("nyc-311")! });
    expect(code).toBe(1);
    const codes = new Set(streamed.files[0]!.problems.map((problem) => problem.code));
    expect([...codes]).toEqual(expect.arrayContaining(["closed_before_created", "unparsed_timestamp", "unknown_request_type", "suspect_location", "duplicate_row", "required"]));
    expect(streamed).toEqual(JSON.parse(JSON.stringify(kept.report)));
  });

  it("has --help", async () => {
    const { code, stdout } = await run("validate", "--help");
    expect(code).toBe(0);
    expect(stdout).toContain("--config <org.json>");
    expect(stdout).toContain("--format <format>");
  });
});

describe("bulk-import error-report", () => {
  it("writes the rows with errors, original columns and values, plus import_errors", async () => {
    const { code, stderr } = await run("error-report", "--config", file("org.json"), "-o", file("errors.csv"), file("bad.csv"));
    expect(code).toBe(1);
    expect(stderr).toContain("Wrote 2 rows with errors");
    const text = await readFile(file("errors.csv"), "utf8");
    const lines = text.replace(/^\uFEFF/, "").trimEnd().split(/\r?\n/);
    expect(lines[0]).toBe(`${header.map((h) => (h.includes(",") ? `"${h}"` : h)).join(",")},import_errors`);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain("41.20");
    expect(lines[1]).toContain("lat,lng: The point is outside the Public Works boundary.");
    expect(lines[1]).not.toMatch(/,=HYPERLINK/); // neutralised, not a live formula
    expect(lines[2]).toContain("created_at: ");
    expect(lines[2]).toContain(`${sizeQ}: `);
  });

  it("reads its own error report back without import_errors problems", async () => {
    const { stdout } = await run("validate", "--config", file("org.json"), "--format", "json", file("errors.csv"));
    const report = JSON.parse(stdout) as ValidationReport;
    expect(report.files[0]!.problems.map((p) => [p.code, p.row, p.column, p.value])).toEqual([
      ["outside_boundary", 1, "lat,lng", "41.20,-72.50"],
      ["invalid_email", 1, "reporter_email", '=HYPERLINK("x")'],
      ["missing_offset", 2, "created_at", "2023-03-01T09:15:00"],
      ["invalid_answer", 2, sizeQ, "Huge"],
    ]);
  });

  it("requires -o", async () => {
    const { code, stderr } = await run("error-report", "--config", file("org.json"), file("bad.csv"));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--output/);
  });

  it("has --help", async () => {
    const { code, stdout } = await run("error-report", "--help");
    expect(code).toBe(0);
    expect(stdout).toContain("import_errors");
  });
});

describe("the report's writer thread (and blocks that pack for it)", () => {
  const open = () => process.stdout;
  it.each([
    ["a report file (-o)", { path: "/tmp/report.json", highWaterMark: 1 }, {}, true],
    ["stdout that is a file", { fd: 1, highWaterMark: 1 }, {}, true],
    ["a pipe or a terminal: no file for the thread to write", null, {}, false],
    ["BULK_IMPORT_REPORT_THREAD=0", { path: "/tmp/report.json", highWaterMark: 1 }, { BULK_IMPORT_REPORT_THREAD: "0" }, false],
  ] as const)("%s", (_, file, env, expected) => {
    expect(reportThreadAllowed({ open, end: file !== null, file }, env)).toBe(expected);
  });
});
