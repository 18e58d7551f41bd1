import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../db/client.ts";
import { canonicalHeader, createOrganization, potholeRow, writeCsv } from "../jobs/testing/import-fixtures.ts";
import { createImportJob } from "./import-jobs.ts";
import { ingestImportJob } from "./ingest.ts";

let db: Db;
let url: string;

beforeAll(() => {
  url = inject("databaseUrl");
  db = createDb(url, { max: 4 });
});

afterAll(async () => {
  await db.$disconnect();
});

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
    const job = await createImportJob(db, { organizationId: organization.id });
    const result = await ingestImportJob(db, { importJobId: job.id, databaseUrl: url, files: [{ name: "tricky.csv", path: file }] });
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
