import { describe, expect, it } from "vitest";
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
