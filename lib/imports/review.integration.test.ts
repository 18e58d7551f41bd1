import { beforeAll, describe, expect, inject, it } from "vitest";
import { useTestDb } from "../testing/use-test-db.ts";
import { bytesSource } from "../engine/read/source.ts";
import { canonicalHeader, createOrganization, potholeRow, writeCsv } from "../testing/import-fixtures.ts";
import { createImportJob } from "./import-jobs.ts";
import { ingestImportJob } from "./ingest.ts";
import { previewBulkFix, PREVIEW_ROWS } from "./bulk-fixes.ts";
import { requestBulkFix, requestFixUndo } from "./fix-jobs.ts";
import type { BulkFixKind } from "../engine/fixes/bulk-fix-kinds.ts";
import { previewFindReplace } from "./find-replace.ts";
import { errorReportCsv } from "./error-report.ts";
import { patchFromErrorReport } from "./error-report-patch.ts";
import { COMMON_ROWS } from "./error-report-match.ts";
import { listFileLevelProblems, listImportRows, type RowQuery } from "./review.ts";
import { listBlockedFiles } from "./import-files.ts";
import { listImportPoints } from "./review-points.ts";
import { countProblems } from "./problem-counts.ts";
import { applyRowChanges, listRowEdits, undoEdit } from "./row-edits.ts";
import { ANCHOR_EVERY } from "./row-anchors.ts";

const { db } = useTestDb();
let userId: number;

beforeAll(async () => {
  userId = (await db.user.upsert({ where: { email: "csm-it@bulk-import.example" }, update: {}, create: { email: "csm-it@bulk-import.example", isStaff: true } })).id;
});


/** A bulk fix as the review asks for it (small: run at once in the request), done. */
async function applyFix(jobId: number, kind: BulkFixKind, requestTypeMapping?: ReadonlyMap<string, string>) {
  const requested = await requestBulkFix({ jobId, kind, userId, ...(requestTypeMapping ? { requestTypeMapping } : {}) }, { databaseUrl: inject("databaseUrl") }, db);
  if (!requested.ok) throw new Error(requested.reason);
  expect(requested.fix.status).toBe("done");
  return requested.fix;
}

/** The undo of a fix from the history, done. */
async function undoFix(jobId: number, fixId: number) {
  const undone = await requestFixUndo({ jobId, fixId, userId }, { databaseUrl: inject("databaseUrl") }, db);
  if (!undone.ok) throw new Error(undone.reason);
  expect(undone.fix.status).toBe("done");
}

const sizeQ = "Q: What is the size of the pothole?";
const header = [...canonicalHeader, sizeQ];

/** A validated (not queued) import of the rows, as the review screen sees it. */
async function reviewed(slug: string, rows: string[][]) {
  const { organization } = await createOrganization(db, slug);
  const file = await writeCsv(`${slug}.csv`, header, rows);
  const job = await createImportJob({ organizationId: organization.id }, db);
  await ingestImportJob({ importJobId: job.id, databaseUrl: inject("databaseUrl"), files: [{ name: `${slug}.csv`, path: file }] }, db);
  return db.importJob.findUniqueOrThrow({ where: { id: job.id } });
}

const rowOf = (jobId: number, row: number) => db.importRow.findFirstOrThrow({ where: { importJobId: jobId, row } });

describe("editing a cell", () => {
  it("re-validates the row, moves the job's counters, records the change and undoes it", async () => {
    const job = await reviewed("edit-cell", [potholeRow(1), potholeRow(2, { auto_assignment: "yes" }), potholeRow(3)]);
    expect(job).toMatchObject({ totalRows: 3, validRows: 2, errorCount: 1 });
    const bad = await rowOf(job.id, 2);

    const [changed] = await applyRowChanges(job.id, [{ rowId: bad.id, column: "auto_assignment", value: "Yes" }], { userId }, db);
    expect(changed).toMatchObject({ errorCount: 0, problems: [] });
    expect(await db.importJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ validRows: 3, errorCount: 0 });
    const [edit] = await listRowEdits(job.id, bad.id, db);
    expect(edit).toMatchObject({ column: "auto_assignment", oldValue: "yes", newValue: "Yes", userId });

    const undone = await undoEdit(job.id, edit!.id, userId, db);
    expect(undone.ok).toBe(true);
    const after = await rowOf(job.id, 2);
    expect(after.values[header.indexOf("auto_assignment")]).toBe("yes");
    expect(after.errorCount).toBe(1);
    expect(await db.importJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ validRows: 2, errorCount: 1 });
    expect(await undoEdit(job.id, edit!.id, userId, db)).toEqual({ ok: false, reason: "That change was already undone." });
  });

  it("takes edits of one import at the same time one after another, and none once it is queued", async () => {
    const rows = Array.from({ length: 8 }, (_, i) => potholeRow(i + 1, { auto_assignment: "yes" }));
    const job = await reviewed("edit-together", rows);
    const ids = await Promise.all(rows.map((_, i) => rowOf(job.id, i + 1)));
    // Eight edits at once, each its own transaction: all land, the counters add up exactly.
    await Promise.all(ids.map((row) => applyRowChanges(job.id, [{ rowId: row.id, column: "auto_assignment", value: "Yes" }], { userId }, db)));
    expect(await db.importJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ validRows: 8, errorCount: 0 });
    await db.importJob.update({ where: { id: job.id }, data: { status: "queued" } });
    await expect(applyRowChanges(job.id, [{ rowId: ids[0]!.id, column: "auto_assignment", value: "No" }], { userId }, db)).rejects.toThrow(
      `Import #${job.id} is queued; rows can no longer change.`,
    );
  });

  it("refuses to undo a change whose cell changed again later", async () => {
    const job = await reviewed("edit-twice", [potholeRow(1, { auto_assignment: "yes" })]);
    const row = await rowOf(job.id, 1);
    await applyRowChanges(job.id, [{ rowId: row.id, column: "auto_assignment", value: "Y" }], { userId }, db);
    await applyRowChanges(job.id, [{ rowId: row.id, column: "auto_assignment", value: "Yes" }], { userId }, db);
    const [latest, first] = await listRowEdits(job.id, row.id, db);
    expect(await undoEdit(job.id, first!.id, userId, db)).toEqual({ ok: false, reason: "The auto_assignment cell changed again after this; undo that change first." });
    expect((await undoEdit(job.id, latest!.id, userId, db)).ok).toBe(true);
  });
});

describe("bulk fixes", () => {
  it("previews the rows a fix changes, applies it as one batch and undoes the batch", async () => {
    const job = await reviewed("bulk-swap", [potholeRow(1), potholeRow(2, { lat: "-72.5300", lng: "42.1100" }), potholeRow(3, { lat: "-72.5310", lng: "42.1110" }), potholeRow(4, { created_at: "2021-07-04T10:11:12" })]);
    expect(job.validRows).toBe(1);

    const preview = await previewBulkFix(job.id, "swap_coordinates", {}, db);
    expect(preview).toMatchObject({ rows: 2, cells: 4 });
    expect(preview.partial).toBeUndefined();
    expect(preview.examples[0]).toMatchObject({ row: 2, column: "lat", from: "-72.5300", to: "42.1100" });

    const applied = await applyFix(job.id, "swap_coordinates");
    expect(applied).toMatchObject({ rowsChanged: 2, cellsChanged: 4, skipped: 0 });
    expect((await db.importJob.findUniqueOrThrow({ where: { id: job.id } })).validRows).toBe(3);
    expect((await previewBulkFix(job.id, "swap_coordinates", {}, db)).rows).toBe(0);

    const offset = await applyFix(job.id, "add_utc_offset");
    expect(offset.rowsChanged).toBe(1);
    expect((await rowOf(job.id, 4)).values[header.indexOf("created_at")]).toBe("2021-07-04T10:11:12-04:00");

    await undoFix(job.id, applied.id);
    expect((await rowOf(job.id, 2)).values.slice(0, 2)).toEqual(["-72.5300", "42.1100"]);
    expect((await db.importJob.findUniqueOrThrow({ where: { id: job.id } })).validRows).toBe(2);
  });

  it("previews a big import from its first rows, and counts the rest as changing at most", async () => {
    const job = await reviewed("bulk-preview-cap", [potholeRow(1), potholeRow(2, { created_at: "2021-07-04T10:11:12" })]);
    // Row 2 copied as rows 3…, PREVIEW_ROWS + 50 rows without an offset in all.
    const last = PREVIEW_ROWS + 51;
    await db.$executeRaw`
      INSERT INTO "ImportRow" ("importJobId", "importFileId", row, line, values, problems, "errorCount", "warningCount")
      SELECT r."importJobId", r."importFileId", n, n + 1, r.values, r.problems, r."errorCount", r."warningCount"
        FROM "ImportRow" r, generate_series(3, ${last}::int) AS n WHERE r."importJobId" = ${job.id} AND r.row = 2`;
    const preview = await previewBulkFix(job.id, "add_utc_offset", {}, db);
    expect(preview).toMatchObject({ rows: PREVIEW_ROWS + 50, cells: PREVIEW_ROWS, partial: { checked: PREVIEW_ROWS, candidates: PREVIEW_ROWS + 50 }, skipped: [] });
    expect(preview.examples[0]).toMatchObject({ row: 2, column: "created_at", from: "2021-07-04T10:11:12", to: "2021-07-04T10:11:12-04:00" });
    // Find and replace the same way: every row holds "Hole number", row 1 too.
    const found = await previewFindReplace(job.id, { find: "Hole number", replace: "Pothole number", column: "description", wholeCell: false }, db);
    expect(found).toMatchObject({ rows: PREVIEW_ROWS + 51, cells: PREVIEW_ROWS, partial: { checked: PREVIEW_ROWS, candidates: PREVIEW_ROWS + 51 } });
    // Under the cap, exact as before.
    await db.importRow.deleteMany({ where: { importJobId: job.id, row: { gt: 100 } } });
    expect(await previewBulkFix(job.id, "add_utc_offset", {}, db)).toMatchObject({ rows: 99, cells: 99 });
    expect((await previewBulkFix(job.id, "add_utc_offset", {}, db)).partial).toBeUndefined();
  }, 60_000);

  it("maps unknown request types in the rows and saves the mapping on the organization", async () => {
    const job = await reviewed("bulk-map", [potholeRow(1, { request_type: "POTHOLE REPAIR" }), potholeRow(2, { request_type: "POTHOLE REPAIR" }), potholeRow(3)]);
    expect(job.validRows).toBe(1);
    const mapping = new Map([["POTHOLE REPAIR", "Pothole"]]);
    expect((await previewBulkFix(job.id, "map_request_types", { requestTypeMapping: mapping }, db)).rows).toBe(2);
    await applyFix(job.id, "map_request_types", mapping);
    expect((await db.importJob.findUniqueOrThrow({ where: { id: job.id } })).validRows).toBe(3);
    const saved = await db.requestTypeMapping.findFirstOrThrow({ where: { organizationId: job.organizationId, oldValue: "POTHOLE REPAIR" }, include: { requestType: true } });
    expect(saved.requestType.title).toBe("Pothole");
  });
});

describe("error reports", () => {
  it("writes the rows with errors, and a fixed re-upload patches only those rows", async () => {
    const job = await reviewed("report", [potholeRow(1), potholeRow(2, { reporter_email: "bob@" }), potholeRow(3, { created_at: "=cmd()", description: "-1+1" })]);
    const report = await errorReportCsv(job.id, db);
    let text = "";
    for await (const chunk of report.chunks) text += chunk;
    const lines = text.trim().split("\r\n");
    expect(report.rows).toBe(2);
    expect(lines[0]).toBe(`${header.join(",")},import_errors`);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain("bob@");
    expect(lines[2]).toContain("'=cmd()"); // neutralised, so no spreadsheet runs it
    expect(lines[2]).toContain("'-1+1");

    // The customer fixes both rows in a spreadsheet and sends the report back.
    const fixed = text.replace("bob@", "bob@example.org").replace("'=cmd()", "2021-03-04T10:11:12-05:00");
    const result = await patchFromErrorReport(job.id, bytesSource(fixed), userId, db, { databaseUrl: inject("databaseUrl") });
    expect(result).toMatchObject({ ok: true, summary: { reportRows: 2, matchedRows: 2, changedRows: 2, changedCells: 2, unmatched: [] } });
    expect((await rowOf(job.id, 3)).values[header.indexOf("description")]).toBe("-1+1"); // restored, unchanged
    expect(await db.importJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ validRows: 3, errorCount: 0 });
    expect((await rowOf(job.id, 1)).updatedAt.getTime()).toBeLessThan((await rowOf(job.id, 2)).updatedAt.getTime());
  });

  it("matches a big report in linear time: by the values few rows share, each candidate scored on every cell", async () => {
    // More error rows than COMMON_ROWS, sharing request type, summary, answer and timestamp.
    const rows = COMMON_ROWS + 44;
    const job = await reviewed("report-big", Array.from({ length: rows }, (_, i) => potholeRow(i + 1, { created_at: "2021-03-04T10:11:12" })));
    const report = await errorReportCsv(job.id, db);
    let text = "";
    for await (const chunk of report.chunks) text += chunk;
    const fixed = text.replaceAll("2021-03-04T10:11:12,", "2021-03-04T10:11:12-05:00,");
    // A stranger sharing only the common values, and 60 copies of row 1's fix (row 1 is fixed once).
    const stranger = potholeRow(999, { address: "nowhere", description: "x", lat: "1", lng: "2", created_at: "2021-03-04T10:11:12" }).join(",");
    const copies = Array.from({ length: 60 }, () => `${potholeRow(1).join(",")},`);
    const result = await patchFromErrorReport(job.id, bytesSource(`${fixed}${stranger},\r\n${copies.join("\r\n")}\r\n`), userId, db, { databaseUrl: inject("databaseUrl") });
    expect(result).toMatchObject({ ok: true, summary: { reportRows: rows + 61, matchedRows: rows, changedRows: rows, changedCells: rows, unmatchedRows: 61 } });
    if (!result.ok) return;
    expect(result.summary.unmatched).toHaveLength(50);
    expect(result.summary.unmatched[0]).toEqual({ row: rows + 1, reason: `shares only values that more than ${COMMON_ROWS} rows have; fix it in the review` });
    expect(result.summary.unmatched[1]).toEqual({ row: rows + 2, reason: "matches a row that an earlier report row already fixed" });
    expect(await db.importJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ validRows: rows, errorCount: 0 });
  });

  it("leaves a report row unmatched when two rows match it equally well", async () => {
    const twin = potholeRow(1, { reporter_email: "bob@" });
    const job = await reviewed("report-tie", [twin, twin, potholeRow(3, { reporter_email: "carol@" })]);
    const report = await errorReportCsv(job.id, db);
    let text = "";
    for await (const chunk of report.chunks) text += chunk;
    const result = await patchFromErrorReport(job.id, bytesSource(text.replaceAll("bob@,", "bob@example.org,").replace("carol@,", "carol@example.org,")), userId, db, { databaseUrl: inject("databaseUrl") });
    expect(result).toMatchObject({ ok: true, summary: { reportRows: 3, matchedRows: 1, changedRows: 1, unmatchedRows: 2 } });
    expect(result.ok && result.summary.unmatched.map((row) => row.reason)).toEqual(["matches more than one row equally well", "matches more than one row equally well"]);
    expect((await rowOf(job.id, 3)).values[header.indexOf("reporter_email")]).toBe("carol@example.org");
  });

  it("lists report rows that match no row with errors", async () => {
    const job = await reviewed("report-unmatched", [potholeRow(1, { reporter_email: "bob@" })]);
    const stranger = `${header.join(",")},import_errors\r\n${potholeRow(99, { address: "nowhere", description: "x", summary: "y", lat: "1", lng: "2", created_at: "z" }).join(",")},\r\n`;
    const result = await patchFromErrorReport(job.id, bytesSource(stranger), userId, db, { databaseUrl: inject("databaseUrl") });
    expect(result).toMatchObject({ ok: true, summary: { reportRows: 1, matchedRows: 0, changedRows: 0 } });
    expect(result.ok && result.summary.unmatched[0]).toEqual({ row: 1, reason: "matches none of the rows that still have errors" });
  });
});

describe("the grid's pages", () => {
  it("filters by errors, code and column, and counts problems by code and column", async () => {
    const job = await reviewed("grid", [potholeRow(1), potholeRow(2, { auto_assignment: "yes" }), potholeRow(3, { reporter_email: "x@" }), potholeRow(4, { auto_assignment: "nah" })]);
    expect((await listImportRows(job.id, { offset: 0, limit: 10 }, db)).total).toBe(4);
    expect((await listImportRows(job.id, { offset: 0, limit: 10, onlyErrors: true }, db)).rows.map((row) => row.row)).toEqual([2, 3, 4]);
    expect((await listImportRows(job.id, { offset: 0, limit: 10, code: "invalid_yes_no" }, db)).rows.map((row) => row.row)).toEqual([2, 4]);
    expect((await listImportRows(job.id, { offset: 0, limit: 10, column: "reporter_email" }, db)).rows.map((row) => row.row)).toEqual([3]);
    expect((await listImportRows(job.id, { offset: 1, limit: 1, onlyErrors: true }, db)).rows.map((row) => row.row)).toEqual([3]);
    // The rows route passes the import as its access check read it: the same page.
    const read = await db.importJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(await listImportRows(read, { offset: 0, limit: 10, onlyErrors: true }, db)).toEqual(await listImportRows(job.id, { offset: 0, limit: 10, onlyErrors: true }, db));
    // Sorted by errors or warnings (ties in file order), or the default order backwards.
    const order = async (query: Partial<RowQuery>) => (await listImportRows(job.id, { offset: 0, limit: 10, withTotal: false, ...query }, db)).rows.map((row) => row.row);
    expect(await order({ sort: "errors", direction: "desc" })).toEqual([2, 3, 4, 1]);
    expect(await order({ sort: "errors", direction: "asc" })).toEqual([1, 2, 3, 4]);
    expect(await order({ sort: "warnings", direction: "desc" })).toEqual([1, 2, 3, 4]);
    expect(await order({ direction: "desc" })).toEqual([4, 3, 2, 1]);
    expect(await order({ direction: "desc", onlyErrors: true, offset: 1 })).toEqual([3, 2]);
    // A row as the grid receives it.
    const [third] = (await listImportRows(job.id, { offset: 2, limit: 1 }, db)).rows;
    const stored = await rowOf(job.id, 3);
    expect(third).toEqual({ id: stored.id.toString(), fileId: stored.importFileId, row: 3, line: 4, values: stored.values, problems: stored.problems, errorCount: 1, warningCount: 0, status: "pending", statusReason: null });
    const counts = await countProblems(job.id, db);
    expect(counts).toEqual(expect.arrayContaining([{ code: "invalid_yes_no", column: "auto_assignment", severity: "error", count: 2 }, { code: "invalid_email", column: "reporter_email", severity: "error", count: 1 }]));
  });
});

describe("problem counts", () => {
  // The counts are kept, not computed from the rows: compare them with a scan of the rows after every change.
  async function scanned(jobId: number) {
    const rows = await db.importRow.findMany({ where: { importJobId: jobId }, select: { problems: true } });
    const counts = new Map<string, number>();
    for (const row of rows) for (const p of row.problems as { code: string; column: string | null; severity: string }[]) counts.set(`${p.code}|${p.column ?? ""}|${p.severity}`, (counts.get(`${p.code}|${p.column ?? ""}|${p.severity}`) ?? 0) + 1);
    return counts;
  }
  const kept = async (jobId: number) => new Map((await countProblems(jobId, db)).map((c) => [`${c.code}|${c.column ?? ""}|${c.severity}`, c.count]));

  it("follow ingest, an edit, a bulk fix and their undo", async () => {
    const job = await reviewed("counts", [potholeRow(1, { auto_assignment: "yes" }), potholeRow(2, { auto_assignment: "Y", reporter_email: "x@" }), potholeRow(3)]);
    expect(await kept(job.id)).toEqual(await scanned(job.id));
    expect((await kept(job.id)).get("invalid_yes_no|auto_assignment|error")).toBe(2);

    const row1 = await rowOf(job.id, 1);
    await applyRowChanges(job.id, [{ rowId: row1.id, column: "auto_assignment", value: "Yes" }], { userId }, db);
    expect((await kept(job.id)).get("invalid_yes_no|auto_assignment|error")).toBe(1);
    expect(await kept(job.id)).toEqual(await scanned(job.id));

    const fix = await applyFix(job.id, "normalize_yes_no");
    expect(fix.rowsChanged).toBe(1);
    expect((await kept(job.id)).has("invalid_yes_no|auto_assignment|error")).toBe(false);
    expect(await kept(job.id)).toEqual(await scanned(job.id));

    await undoFix(job.id, fix.id);
    expect((await kept(job.id)).get("invalid_yes_no|auto_assignment|error")).toBe(1);
    expect(await kept(job.id)).toEqual(await scanned(job.id));
  });
});

describe("the map's points", () => {
  it("lists rows with numeric coordinates, error rows first under the cap, with the count of all and the boundaries", async () => {
    const job = await reviewed("map-points", [
      potholeRow(1),
      potholeRow(2, { auto_assignment: "yes" }),
      potholeRow(3, { lat: "", lng: "" }),
      potholeRow(4, { lat: "north", lng: "-72.5" }),
      potholeRow(5, { lat: " 42.1 ", lng: "-72.6", reporter_email: "x@" }),
    ]);
    const all = await listImportPoints(job.id, {}, db);
    expect(all.total).toBe(3);
    expect(all.points.map((point) => [point.label, point.error])).toEqual([
      ["map-points.csv row 2 · Pothole", true],
      ["map-points.csv row 5 · Pothole", true],
      ["map-points.csv row 1 · Pothole", false],
    ]);
    expect(all.points[1]).toMatchObject({ lat: 42.1, lng: -72.6 });
    expect(all.agencies.length).toBeGreaterThan(0);
    const capped = await listImportPoints(job.id, { limit: 2 }, db);
    expect(capped).toMatchObject({ total: 3 });
    expect(capped.points.map((point) => point.error)).toEqual([true, true]);
  });
});

describe("deep pages", () => {
  it("start from anchors and match a plain OFFSET, for every filter, also after an edit", async () => {
    // 2,600 rows, every third with an error: views of 2,600, ~867 and (by code) ~867 rows.
    const job = await reviewed("deep-pages", Array.from({ length: 2600 }, (_, i) => potholeRow(i + 1, i % 3 === 0 ? { auto_assignment: "yes" } : {})));
    const all = await db.importRow.findMany({ where: { importJobId: job.id }, orderBy: [{ importFileId: "asc" }, { row: "asc" }], select: { row: true, errorCount: true } });
    const views = [
      { query: {}, rows: all.map((row) => row.row) },
      { query: { onlyErrors: true }, rows: all.filter((row) => row.errorCount > 0).map((row) => row.row) },
      { query: { code: "invalid_yes_no" }, rows: all.filter((row) => row.errorCount > 0).map((row) => row.row) },
    ];
    const check = async (expected: number[], query: object) => {
      // Around the first anchors, between them, and at the end of each view.
      const step = ANCHOR_EVERY;
      for (const offset of [0, step - 1, step, step + 1, 2 * step - 1, 2 * step + 7, 777, 801, 1234, 1999, 2000, 2555]) {
        const page = await listImportRows(job.id, { offset, limit: 50, withTotal: false, ...query }, db);
        expect(page.rows.map((row) => row.row), `${JSON.stringify(query)} at ${offset}`).toEqual(expected.slice(offset, offset + 50));
      }
    };
    for (const view of views) await check(view.rows, view.query);

    // Fix row 1501's error: it leaves the error views, and their deep pages move with it.
    const row = await rowOf(job.id, 1501);
    await applyRowChanges(job.id, [{ rowId: row.id, column: "auto_assignment", value: "Yes" }], { userId }, db);
    await check(views[1]!.rows.filter((n) => n !== 1501), { onlyErrors: true });
  }, 120_000);

  it("start from anchors read from the (file, row) index when the view holds every row, across files, with a gap, by file", async () => {
    // Every row lacks an offset (the commonest real file), in two files of 250 and 180 rows: the
    // errors view holds every row, and the second file starts between two anchors.
    const { organization } = await createOrganization(db, "deep-whole");
    const noOffset = { created_at: "2021-03-04T10:11:12" };
    const first = await writeCsv("deep-whole-1.csv", header, Array.from({ length: 250 }, (_, i) => potholeRow(i + 1, noOffset)));
    const second = await writeCsv("deep-whole-2.csv", header, Array.from({ length: 180 }, (_, i) => potholeRow(1000 + i, noOffset)));
    const created = await createImportJob({ organizationId: organization.id }, db);
    await ingestImportJob({ importJobId: created.id, databaseUrl: inject("databaseUrl"), files: [{ name: "deep-whole-1.csv", path: first }, { name: "deep-whole-2.csv", path: second }] }, db);
    const jobId = created.id;
    const keys = async () =>
      (await db.importRow.findMany({ where: { importJobId: jobId }, orderBy: [{ importFileId: "asc" }, { row: "asc" }], select: { importFileId: true, row: true } })).map((row) => `${row.importFileId}:${row.row}`);
    const check = async (expected: string[], query: Omit<RowQuery, "offset" | "limit">) => {
      for (const offset of [0, 99, 100, 101, 199, 200, 249, 250, 251, 299, 300, 301, 399, 400, 401, 420]) {
        const page = await listImportRows(jobId, { offset, limit: 30, withTotal: false, ...query }, db);
        expect(page.rows.map((row) => `${row.fileId}:${row.row}`), `${JSON.stringify(query)} at ${offset}`).toEqual(expected.slice(offset, offset + 30));
      }
    };
    const all = await keys();
    expect(all).toHaveLength(430);
    await check(all, {});
    await check(all, { onlyErrors: true });
    const secondFile = await db.importFile.findFirstOrThrow({ where: { importJobId: jobId, name: "deep-whole-2.csv" } });
    await check(all.filter((key) => key.startsWith(`${secondFile.id}:`)), { fileId: secondFile.id });

    // Gaps in both files' rows (no ingest leaves one; rows removed by hand): its rows are numbered, not counted on.
    const firstFile = await db.importFile.findFirstOrThrow({ where: { importJobId: jobId, name: "deep-whole-1.csv" } });
    await db.importRow.deleteMany({ where: { OR: [{ importFileId: firstFile.id, row: { in: [50, 151] } }, { importFileId: secondFile.id, row: 60 }] } });
    await db.importJob.update({ where: { id: jobId }, data: { totalRows: 427 } });
    const gapped = await keys();
    await check(gapped, {});
    await check(gapped, { onlyErrors: true });
  }, 120_000);
});

describe("file-level problems", () => {
  it("come from the stored report without its row problems, also from a report that kept every problem", async () => {
    const job = await reviewed("file-level", [potholeRow(1)]);
    const problem = (file: string, row: number, code: string, severity = "error") => ({ severity, code, file, row, line: row + 1, column: null, value: null, message: `${code} in ${file}` });
    // As imports validated before the report kept whole-file problems only: every row's problem too.
    const report = {
      ok: false,
      files: [
        { file: "a.csv", profile: "canonical", rows: 2, validRows: 0, problems: [problem("a.csv", 0, "missing_column"), problem("a.csv", 1, "required"), problem("a.csv", 2, "required"), problem("a.csv", 0, "no_boundary", "warning")] },
        { file: "b.csv", profile: "canonical", rows: 1, validRows: 1, problems: [problem("b.csv", 1, "required")] },
      ],
      mapping: { file: "map.csv", rows: 1, problems: [problem("map.csv", 0, "unknown_request_type_mapping")] },
      summary: {},
    };
    await db.importJob.update({ where: { id: job.id }, data: { report } });
    expect((await listFileLevelProblems(job.id, db)).map((p) => [p.file, p.row, p.code])).toEqual([
      ["a.csv", 0, "missing_column"],
      ["a.csv", 0, "no_boundary"],
      ["map.csv", 0, "unknown_request_type_mapping"],
    ]);
    // A blocked file says why with its whole-file errors only.
    const file = await db.importFile.findFirstOrThrow({ where: { importJobId: job.id, kind: "data" } });
    await db.importFile.update({ where: { id: file.id }, data: { name: "a.csv", blocked: true } });
    expect(await listBlockedFiles(job.id, db)).toEqual([{ id: file.id, name: "a.csv", problems: [{ code: "missing_column", message: "missing_column in a.csv" }] }]);
    await db.importJob.update({ where: { id: job.id }, data: { report: { ok: true, files: [], summary: {} } } });
    expect(await listFileLevelProblems(job.id, db)).toEqual([]);
  });
});
