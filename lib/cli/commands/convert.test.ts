import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ValidationReport } from "../../engine/validate.ts";
import { convertBytes, lostValues, readSource, realDir, testingDir } from "../../profiles/testing/convert-helpers.ts";
import { runCli } from "../testing/run-cli.ts";

const orgConfig = path.join(testingDir, "real-files-org.json");
const boston = path.join(realDir, "boston311-100.csv");
const hoboken = path.join(realDir, "publicstuff-hoboken-20190521.csv");
let dir = "";
const file = (name: string) => path.join(dir, name);
const run = (...argv: string[]) => runCli(argv);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "bulk-import-convert-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The converted file read back: its rows, as the converter's test helper shows them. */
async function readBack(output: string) {
  return convertBytes(await readFile(output), { profile: "auto" });
}

describe("bulk-import convert: the two shared real files", () => {
  it.each<[string, string, string, string[], string, [number, string, string | null][]]>([
    ["Boston 311", boston, "boston-311", ["open_dt", "closed_dt"], "case_enquiry_id", [[1, "required", "address"]]],
    ["PublicStuff (Hoboken)", hoboken, "publicstuff-csv", ["Date Created"], "ID", []],
  ])("%s: detected, converted, validated, every row in order and every value findable", async (_, source, profileName, timestampColumns, idColumn, errors) => {
    const output = file(`${profileName}.csv`);
    const converted = await run("convert", "--profile", "auto", "--config", orgConfig, "-o", output, source);
    expect(converted.code, converted.stderr).toBe(0);
    expect(converted.stderr).toContain(`profile "${profileName}" (auto-detected`);
    expect(converted.stderr).toMatch(/lat +← (latitude|Latitude)/);
    expect(converted.stderr).toMatch(/internal_comment_1 ← \d+ other columns/);

    const back = await readBack(output);
    expect(back.choice).toEqual({ how: "canonical" });
    const sourceRows = await readSource(await readFile(source), ",");
    expect(back.rows).toHaveLength(sourceRows.rows.length);
    const idIndex = sourceRows.header.indexOf(idColumn);
    back.rows.forEach((row, i) => expect(row.values.internal_comment_1).toContain(`${idColumn}: ${sourceRows.rows[i]![idIndex]}`));
    expect(lostValues(sourceRows, back, timestampColumns)).toEqual([]);

    const validated = await run("validate", "--config", orgConfig, "--format", "json", output);
    const report = JSON.parse(validated.stdout) as ValidationReport;
    const found = report.files[0]!.problems.filter((p) => p.severity === "error").map((p) => [p.row, p.code, p.column]);
    expect(found).toEqual(errors);
    expect(validated.code).toBe(errors.length > 0 ? 1 : 0);
  });

  it("validate --profile auto reports on the source's rows, lines and headers", async () => {
    const result = await run("validate", "--profile", "auto", "--config", orgConfig, "--format", "json", boston);
    const report = JSON.parse(result.stdout) as ValidationReport;
    const file0 = report.files[0]!;
    expect(file0.profile).toBe("boston-311");
    expect(file0.problems.filter((p) => p.severity === "error").map((p) => [p.row, p.line, p.code, p.column])).toEqual([[1, 2, "required", "address"]]);
    const suspect = file0.problems.filter((p) => p.code === "suspect_location");
    expect(suspect).toHaveLength(19);
    expect(suspect[0]).toMatchObject({ row: 1, line: 2, column: "latitude,longitude", value: "42.3594,-71.0587", severity: "warning" });
    expect(result.code).toBe(1);
  });
});

describe("bulk-import convert: the command", () => {
  it("gives a canonical file back byte for byte", async () => {
    const canonical = "lat,lng,address,request_type,summary,description,created_at\r\n42.1,-72.5,\"1 Main St, Apt 2\",Pothole,Hole,Deep,2022-01-21T13:47:00-05:00\n";
    await writeFile(file("canonical.csv"), canonical);
    const result = await run("convert", "-o", file("canonical-out.csv"), file("canonical.csv"));
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("canonical format");
    expect(await readFile(file("canonical-out.csv"), "utf8")).toBe(canonical);
  });

  it("saves the profile it used, which converts the same when passed back", async () => {
    const first = await run("convert", "--config", orgConfig, "--save-profile", file("saved.json"), "-o", file("first.csv"), path.join(testingDir, "city-day-first.csv"));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain("inferred");
    expect(first.stderr).toMatch(/created_at ← Opened +\(confidence 0\.85/);
    const saved = JSON.parse(await readFile(file("saved.json"), "utf8")) as { name: string; columns: Record<string, unknown> };
    expect(saved.name).toBe("inferred");
    const again = await run("convert", "--config", orgConfig, "--profile", file("saved.json"), "-o", file("again.csv"), path.join(testingDir, "city-day-first.csv"));
    expect(again.code).toBe(0);
    expect(await readFile(file("again.csv"), "utf8")).toBe(await readFile(file("first.csv"), "utf8"));
  });

  it("exits 1 with row problems, every row still written", async () => {
    const result = await run("convert", "-o", file("nyc.csv"), path.join(testingDir, "nyc-311-sample.csv"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Wrote 10 rows");
    expect(result.stderr).toContain("nonexistent_local_time: 1");
    expect((await readBack(file("nyc.csv"))).rows).toHaveLength(10);
  });

  it.each<[string, () => Promise<string[]>, string]>([
    [
      "a required column without a source (unmatched_column)",
      async () => {
        await writeFile(file("no-lat.json"), JSON.stringify({ name: "no-lat", description: "", columns: { lng: "Longitude", address: "Address", request_type: "Title", created_at: "Date Created" } }));
        return ["--profile", file("no-lat.json"), "--config", orgConfig, "-o", file("never.csv"), hoboken];
      },
      "unmatched_column",
    ],
    [
      "a profile file that breaks the schema",
      async () => {
        await writeFile(file("bad-profile.json"), JSON.stringify({ name: "bad", description: "", columns: { latitude: "Y" }, timestamps: { formats: ["YYYY"] } }));
        return ["--profile", file("bad-profile.json"), "-o", file("never.csv"), hoboken];
      },
      "is not a valid source profile (2 problems)",
    ],
    ["an unknown profile name", async () => ["--profile", "accela", "-o", file("never.csv"), hoboken], "not a built-in profile"],
    ["naive timestamps and no time zone", async () => ["-o", file("never.csv"), path.join(testingDir, "city-day-first.csv")], "needs a time zone"],
    [
      "an empty file",
      async () => {
        await writeFile(file("empty.csv"), "");
        return ["-o", file("never.csv"), file("empty.csv")];
      },
      "empty_file",
    ],
  ])("exits 2 and writes nothing for %s", async (_, args, message) => {
    const result = await run("convert", ...(await args()));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    await expect(readFile(file("never.csv"))).rejects.toThrow();
  });

  it("error-report --profile writes the source's own rows and columns (a pipe-delimited file)", async () => {
    const result = await run("error-report", "--profile", "web-central-crt", "--config", orgConfig, "-o", file("crt-errors.csv"), path.join(testingDir, "crt-export.txt"));
    expect(result.code).toBe(1);
    const text = await readFile(file("crt-errors.csv"), "utf8");
    const [header, first] = text.split("\r\n");
    expect(header).toBe("Request ID,Category,Form Name,Status,Date Submitted,Date Closed,Address,Latitude,Longitude,Description,First Name,Last Name,Email,Phone,Assigned To,Department,Staff Notes,Response to Requester,import_errors");
    expect(first).toContain("CRT-1001,Streets,Pothole Repair");
    expect(first).toContain("request_type: ");
  });
});
