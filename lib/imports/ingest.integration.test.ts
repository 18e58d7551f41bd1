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

describe("ingest stores each batch while it validates the next", () => {
  it("stores every row of two files, in order, with its problems", async () => {
    const { organization } = await createOrganization(db, `ingest-batches-${Math.random().toString(36).slice(2, 8)}`);
    const rowsOf = [1003, 777];
    const files = await Promise.all(
      rowsOf.map((count, f) =>
        writeCsv(
          `batches-${f}.csv`,
          header,
          Array.from({ length: count }, (_, i) =>
            potholeRow(i + 1, i % 3 === 0 ? { created_at: "2021-03-04T10:11:12" } : {}),
          ),
        ),
      ),
    );
    const job = await createImportJob({ organizationId: organization.id }, db);
    const progress: number[] = [];
    const result = await ingestImportJob(
      { importJobId: job.id, databaseUrl: url, batchRows: 50, files: files.map((path, f) => ({ name: `batches-${f}.csv`, path })), onProgress: ({ rows }) => progress.push(rows) },
      db,
    );
    expect(result.storedRows).toBe(1780);
    const stored = await db.importRow.findMany({ where: { importJobId: job.id }, orderBy: [{ importFileId: "asc" }, { row: "asc" }], select: { row: true, errorCount: true, problems: true, values: true } });
    expect(stored.map((row) => row.row)).toEqual([...Array.from({ length: 1003 }, (_, i) => i + 1), ...Array.from({ length: 777 }, (_, i) => i + 1)]);
    const offsets = stored.filter((row) => (row.problems as { code: string }[]).some((p) => p.code === "missing_offset"));
    expect(offsets).toHaveLength(335 + 259);
    expect(offsets.every((row) => row.errorCount >= 1)).toBe(true);
    expect((await db.importJob.findUniqueOrThrow({ where: { id: job.id } })).totalRows).toBe(1780);
    // Progress counts rows seen (stored, being stored or waiting), never going back.
    expect(progress.every((rows, i) => i === 0 || rows >= progress[i - 1]!)).toBe(true);
  }, 120_000);

  it("stops when the import is discarded while it is validated, and stores no batch after", async () => {
    const { organization } = await createOrganization(db, `ingest-discard-${Math.random().toString(36).slice(2, 8)}`);
    const file = await writeCsv("discarded.csv", header, Array.from({ length: 3000 }, (_, i) => potholeRow(i + 1)));
    const job = await createImportJob({ organizationId: organization.id }, db);
    let discarded = false;
    const ingest = ingestImportJob(
      {
        importJobId: job.id,
        databaseUrl: url,
        batchRows: 100,
        files: [{ name: "discarded.csv", path: file }],
        onProgress: ({ rows }) => {
          if (!discarded && rows >= 500) {
            discarded = true;
            // A Prisma query runs when awaited (then), not when made.
            void db.importJob.update({ where: { id: job.id }, data: { status: "cancelled" } }).then(() => undefined);
          }
        },
      },
      db,
    );
    await expect(ingest).rejects.toThrow(/was discarded while it was being validated/);
    const stored = await db.importRow.count({ where: { importJobId: job.id } });
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(3000);
  }, 120_000);
});
