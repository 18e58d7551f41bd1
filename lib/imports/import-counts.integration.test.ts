import { describe, expect, it } from "vitest";
import Papa from "papaparse";
import { useTestDb } from "../testing/use-test-db.ts";
import { canonicalHeader, createOrganization, potholeRow, queueImport, testExecutor, writeCsv } from "../testing/import-fixtures.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { getImportCounts, problemChartData, rowOutcomeCountsSql, rowOutcomeReasonsSql, type ImportCounts } from "./import-counts.ts";
import { getImportProgress } from "./progress.ts";
import { getImportResults } from "./results.ts";
import { importResultsCsv } from "./results-csv.ts";
import { rollbackImportJob } from "./rollback.ts";
import { listImportRows } from "./review.ts";

const { db, url } = useTestDb();

const header = [...canonicalHeader, "Q: What is the size of the pothole?"];

/** Every place that shows an import's counts, read as the pages and the CSV read them. */
async function everyView(importJobId: number) {
  const counts = (await getImportCounts(importJobId, db))!;
  const progress = (await getImportProgress(importJobId, db))!;
  const results = await getImportResults(importJobId, db);
  const csv = Papa.parse<string[]>(importResultsCsv(counts).trim(), { skipEmptyLines: true }).data;
  const csvTotal = (outcome: string) => Number(csv.find((line) => line[0] === outcome && line[1] === "")?.[2]);
  const chart = (by: "code" | "column", severity: "errors" | "warnings") => problemChartData(counts.problems, by).reduce((sum, datum) => sum + datum[severity], 0);
  return { counts, progress, results, csv, csvTotal, chart };
}

/** The cards, the charts, the progress view, the results page and the CSV say the same. */
function expectAgreement(view: Awaited<ReturnType<typeof everyView>>, expected: Partial<NonNullable<ImportCounts["outcome"]>>) {
  const { counts, progress, results, csvTotal, chart } = view;
  const outcome = counts.outcome!;
  expect(outcome).toMatchObject(expected);
  expect(progress.outcome).toEqual(outcome);
  expect(results.byType.reduce((sum, type) => sum + type.issues, 0)).toBe(outcome.imported);
  expect(results.users).toHaveLength(outcome.usersCreated);
  for (const severity of ["errors", "warnings"] as const) {
    expect(chart("code", severity)).toBe(counts[severity]);
    expect(chart("column", severity)).toBe(counts[severity]);
  }
  expect({ rows: csvTotal("rows"), valid: csvTotal("valid rows"), errors: csvTotal("errors"), warnings: csvTotal("warnings") }).toEqual({
    rows: counts.rows, valid: counts.validRows, errors: counts.errors, warnings: counts.warnings,
  });
  expect({ imported: csvTotal("imported"), skipped: csvTotal("skipped"), failed: csvTotal("failed"), rolledBack: csvTotal("rolled back"), users: csvTotal("new users") }).toEqual({
    imported: outcome.imported, skipped: outcome.skipped, failed: outcome.failed, rolledBack: outcome.rolledBack, users: outcome.usersCreated,
  });
  // Every row is accounted for once.
  expect(outcome.imported + outcome.skipped + outcome.failed + outcome.rolledBack + outcome.notProcessed).toBe(counts.rows);
}

describe("an import's counts", () => {
  it("agree everywhere before and after a roll back: imported, skipped (not failed) and rolled back", async () => {
    const { organization } = await createOrganization(db, "counts");
    const rows = [
      potholeRow(1, { reporter_email: "new@counts.example" }, header),
      potholeRow(2, {}, header),
      potholeRow(3, { auto_assignment: "yes" }, header), // an error: skipped by "Import only valid rows"
      potholeRow(4, {}, header),
    ];
    const file = await writeCsv("counts.csv", header, rows);
    const { importJobId } = await queueImport(db, url, { organizationId: organization.id, files: [{ name: "counts.csv", path: file }], onlyValid: true });

    const queued = await everyView(importJobId);
    expect(queued.counts).toMatchObject({ rows: 4, validRows: 3, errorRows: 1, errors: 1 });
    expectAgreement(queued, { imported: 0, skipped: 0, failed: 0, rolledBack: 0, notProcessed: 4 });

    const runner = testExecutor(db, url);
    await runner.drain(importJobId);
    await runner.end();
    const imported = await everyView(importJobId);
    expectAgreement(imported, { imported: 3, skipped: 1, failed: 0, rolledBack: 0, notProcessed: 0, usersCreated: 1 });
    expect((await listImportRows(importJobId, { offset: 0, limit: 10 }, db)).rows.map((row) => row.status)).toEqual(["imported", "imported", "skipped", "imported"]);
    expect(imported.counts.outcome!.reasons).toEqual([{ status: "skipped", reason: expect.stringMatching(/^has 1 validation error/), rows: 1 }]);

    expect(await rollbackImportJob(importJobId, null, db)).toMatchObject({ ok: true, issuesDeleted: 3 });
    const rolledBack = await everyView(importJobId);
    expectAgreement(rolledBack, { imported: 0, skipped: 1, failed: 0, rolledBack: 3, notProcessed: 0, usersCreated: 0 });
    // The rows' problems did not change: the charts and cards still show them.
    expect(rolledBack.counts.problems).toEqual(imported.counts.problems);
    expect(rolledBack.counts.errors).toBe(1);
    expect(rolledBack.results.byType).toEqual([]);
    // The grid's Status column says the same of each row.
    const grid = await listImportRows(importJobId, { offset: 0, limit: 10 }, db);
    expect(grid.rows.map((row) => row.status)).toEqual(["rolled_back", "rolled_back", "skipped", "rolled_back"]);
  });

  it("read the skipped and failed rows from the partial index, whose predicate Postgres can prove from the queries", async () => {
    const { organization } = await createOrganization(db, "outcome-index");
    const file = await writeCsv("outcome-index.csv", header, [potholeRow(1, {}, header), potholeRow(2, { auto_assignment: "yes" }, header)]);
    const { importJobId } = await queueImport(db, url, { organizationId: organization.id, files: [{ name: "outcome-index.csv", path: file }], onlyValid: true });
    for (const query of [rowOutcomeCountsSql(importJobId), rowOutcomeReasonsSql(importJobId, 20)]) {
      // Without the other index that starts with the import, and with scans discouraged, only a
      // provable predicate lets the plan use the partial index (else: a scan of every import's rows).
      const plan = await db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`DROP INDEX "ImportRow_importJobId_errorCount_idx"`);
        await tx.$executeRawUnsafe(`SET LOCAL enable_seqscan = off`);
        const lines = await tx.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN ${query}`);
        throw Object.assign(new Error("rolled back"), { lines });
      }).catch((error: { lines?: { "QUERY PLAN": string }[] }) => (error.lines ?? []).map((line) => line["QUERY PLAN"]).join("\n"));
      expect(plan).toContain("ImportRow_importJobId_status_idx");
    }
    expect(await db.$queryRawUnsafe(`SELECT 1 FROM pg_indexes WHERE indexname = 'ImportRow_importJobId_errorCount_idx'`)).toHaveLength(1);
  });
});
