import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { builtinProfile } from "../profiles/builtin-profiles.ts";
import { useTestDb } from "../testing/use-test-db.ts";
import { canonicalHeader, createOrganization, potholeRow, writeCsv } from "../testing/import-fixtures.ts";
import { createImportJob } from "./import-jobs.ts";
import { ingestImportJob } from "./ingest.ts";

const { db, url } = useTestDb();

const header = [...canonicalHeader, "Q: What is the size of the pothole?"];

describe("ingest stores every row as the engine saw it (COPY)", () => {
  it.each([
    { name: "backslashes", description: String.raw`C:\temp\new \N \\ end\\` },
    { name: "tabs and line breaks", description: "one\ttab\nsecond line\r\nthird" },
    { name: "quotes, braces and commas", description: `He said "fix it", {not}, NULL, "NULL"` },
    { name: "non-ASCII", description: "Łódź – café “São Tomé” 🚧" },
    { name: "the word NULL", description: "NULL" },
    { name: "a lone backslash", description: "\\" },
  ])("$name round-trip into ImportRow.values", async ({ description }) => {
    const { organization } = await createOrganization(db, `ingest-${Math.random().toString(36).slice(2, 8)}`);
    const file = await writeCsv("tricky.csv", header, [potholeRow(1, { description }), potholeRow(2, { description, lat: "not a number" })]);
    const job = await createImportJob({ organizationId: organization.id }, db);
    const result = await ingestImportJob({ importJobId: job.id, databaseUrl: url, files: [{ name: "tricky.csv", path: file }] }, db);
    expect(result.storedRows).toBe(2);
    const rows = await db.importRow.findMany({ where: { importJobId: job.id }, orderBy: { row: "asc" } });
    const at = header.indexOf("description");
    expect(rows.map((row) => row.values[at])).toEqual([description.trim(), description.trim()]);
    expect(rows.map((row) => row.values.length)).toEqual([header.length, header.length]);
    // The second row's problem keeps its value and message intact in JSON.
    expect(rows[1]!.errorCount).toBeGreaterThan(0);
    const problem = (rows[1]!.problems as { column: string; value: string }[]).find((p) => p.column === "lat");
    expect(problem?.value).toBe("not a number");
    expect(rows[0]!.updatedAt.getTime()).toBeGreaterThan(Date.now() - 60 * 60_000);
  });
});

describe("ingest adds the problems known only at a file's end", () => {
  it("gives each of 12,001 rows on one point its one suspect_location, in batches, and counts them", async () => {
    const { organization } = await createOrganization(db, `ingest-suspect-${Math.random().toString(36).slice(2, 8)}`);
    const rows = 12_001; // more than one batch of late problems
    const lines = ["Unique Key,Created Date,Closed Date,Complaint Type,Descriptor,Incident Address,Status,Latitude,Longitude"];
    for (let i = 1; i <= rows; i++) lines.push(`${i},01/10/2023 10:00:00 AM,,Pothole,Deep,${i} Main St,Open,42.35,-72.65`);
    const file = path.join(await mkdtemp(path.join(tmpdir(), "ingest-suspect-")), "nyc.csv");
    await writeFile(file, lines.join("\n"));
    const job = await createImportJob({ organizationId: organization.id }, db);
    await ingestImportJob({ importJobId: job.id, databaseUrl: url, files: [{ name: "nyc.csv", path: file, profile: builtinProfile("nyc-311")! }] }, db);
    const [found] = await db.$queryRaw<{ rows: bigint; once: bigint }[]>`
      SELECT count(*) AS rows,
             count(*) FILTER (WHERE jsonb_array_length(jsonb_path_query_array(problems, '$[*] ? (@.code == "suspect_location")')) = 1) AS once
        FROM "ImportRow" WHERE "importJobId" = ${job.id} AND problems @> '[{"code":"suspect_location"}]'`;
    expect({ rows: Number(found!.rows), once: Number(found!.once) }).toEqual({ rows, once: rows });
    const counted = await db.importProblemCount.findMany({ where: { importJobId: job.id, code: "suspect_location" } });
    expect(counted.map((count) => count.count)).toEqual([rows]);
  }, 120_000);
});
