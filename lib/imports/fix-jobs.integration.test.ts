import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import pg from "pg";
import { createDb } from "../db/client.ts";
import { pgConfigFromUrl } from "../db/database-url.ts";
import { useTestDb } from "../testing/use-test-db.ts";
import { canonicalHeader, createOrganization, potholeRow, writeCsv } from "../testing/import-fixtures.ts";
import { startImportWorker, type ImportWorker } from "../jobs/worker.ts";
import { createImportJob, enqueueImportJob } from "./import-jobs.ts";
import { ingestImportJob } from "./ingest.ts";
import { countProblems } from "./problem-counts.ts";
import { listImportFixes, requestBulkFix, requestFixUndo, runFixJob, SYNC_FIX_ROWS, undoChange } from "./fix-jobs.ts";
import { applyRowChanges, listRowEdits, undoEdit } from "./row-edits.ts";
import { errorReportCsv } from "./error-report.ts";
import { bytesSource } from "../engine/read/source.ts";
import { patchFromErrorReport, receiveFixedErrorReport } from "./error-report-patch.ts";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { uploadPath } from "../uploads/upload-storage.ts";

// Bulk fixes as jobs (ADR 0013): recorded as ImportFix, run by the worker's fix handler in one
// transaction, listed from the database and undone from there (after a reload), all or nothing.

const { db, url } = useTestDb();
let userId: number;
let worker: ImportWorker | undefined;

beforeAll(async () => {
  userId = (await db.user.upsert({ where: { email: "csm-fix-jobs@bulk-import.example" }, update: {}, create: { email: "csm-fix-jobs@bulk-import.example", name: "Fix Tester", isStaff: true } })).id;
});
afterAll(async () => {
  await worker?.stop();
});

const header = [...canonicalHeader, "Q: What is the size of the pothole?"];

/** A validated import whose every row has a timestamp without an offset. */
async function withoutOffsets(slug: string, rows: number) {
  const { organization } = await createOrganization(db, slug);
  const file = await writeCsv(`${slug}.csv`, header, Array.from({ length: rows }, (_, i) => potholeRow(i + 1, { created_at: "2021-03-04T10:11:12" })));
  const job = await createImportJob({ organizationId: organization.id }, db);
  await ingestImportJob({ importJobId: job.id, databaseUrl: url, files: [{ name: `${slug}.csv`, path: file }] }, db);
  return job.id;
}

const rowsOf = (jobId: number) => db.importRow.findMany({ where: { importJobId: jobId }, orderBy: { id: "asc" }, select: { values: true, problems: true, errorCount: true, warningCount: true } });
const countersOf = (jobId: number) => db.importJob.findUniqueOrThrow({ where: { id: jobId }, select: { errorCount: true, warningCount: true, validRows: true } });

async function waitForFix(jobId: number, fixId: number, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const fix = (await listImportFixes(jobId, db)).find((item) => item.id === fixId);
    if (fix && (fix.status === "done" || fix.status === "failed")) return fix;
    if (Date.now() > deadline) throw new Error(`fix #${fixId} still ${fix?.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The counts kept in ImportProblemCount against a scan of the rows. */
async function countsMatchRows(jobId: number) {
  const scanned = new Map<string, number>();
  for (const row of await rowsOf(jobId)) {
    for (const p of row.problems as { code: string; column: string | null; severity: string }[]) {
      const key = `${p.code}|${p.column ?? ""}|${p.severity}`;
      scanned.set(key, (scanned.get(key) ?? 0) + 1);
    }
  }
  const kept = new Map((await countProblems(jobId, db)).map((c) => [`${c.code}|${c.column ?? ""}|${c.severity}`, c.count]));
  expect(kept).toEqual(scanned);
}

describe("bulk fixes as jobs", () => {
  it("runs a big fix in the worker, changes every row and records it in the history; queueing waits for it", async () => {
    const jobId = await withoutOffsets("fix-job", SYNC_FIX_ROWS + 500);
    const requested = await requestBulkFix({ jobId, kind: "add_utc_offset", userId }, { databaseUrl: url }, db);
    expect(requested).toMatchObject({ ok: true, fix: { status: "queued", rowsTotal: SYNC_FIX_ROWS + 500, title: "Add the organization's UTC offset" } });
    if (!requested.ok) return;

    // While the fix waits for a worker, the import cannot be queued, nor another fix started.
    expect(await enqueueImportJob(jobId, { databaseUrl: url }, db)).toEqual({ ok: false, reason: `A bulk fix of import #${jobId} is still running; queue the import when it has finished.` });
    expect(await requestBulkFix({ jobId, kind: "default_location", userId }, { databaseUrl: url }, db)).toMatchObject({ ok: false, reason: /still running/ });

    // The worker, handed the workflow's fix handler as worker-main.ts hands it.
    worker = await startImportWorker({ databaseUrl: url, supervise: false, fix: (fixId, log) => runFixJob(fixId, log, { databaseUrl: url }, db) });
    const fix = await waitForFix(jobId, requested.fix.id);
    expect(fix).toMatchObject({ status: "done", rowsChanged: SYNC_FIX_ROWS + 500, cellsChanged: SYNC_FIX_ROWS + 500, skipped: 0, rowsDone: SYNC_FIX_ROWS + 500, by: "Fix Tester", canUndo: true, error: null });
    const rows = await rowsOf(jobId);
    expect(rows.every((row) => row.errorCount === 0 && row.values[header.indexOf("created_at")] === "2021-03-04T10:11:12-05:00")).toBe(true);
    expect(await countersOf(jobId)).toMatchObject({ errorCount: 0, validRows: SYNC_FIX_ROWS + 500 });
    expect(await db.importRowEdit.count({ where: { batchId: (await db.importFix.findUniqueOrThrow({ where: { id: fix.id } })).batchId } })).toBe(SYNC_FIX_ROWS + 500);
    await countsMatchRows(jobId);
    // The other tests run the handler themselves.
    await worker.stop();
    worker = undefined;

    expect(await enqueueImportJob(jobId, { databaseUrl: url, chunkRows: 500 }, db)).toMatchObject({ ok: true });
  }, 120_000);

  it("undoes a fix found from the database after a reload, and lists the undo", async () => {
    const jobId = await withoutOffsets("fix-undo-reload", SYNC_FIX_ROWS + 100);
    const before = await rowsOf(jobId);
    const counters = await countersOf(jobId);
    const requested = await requestBulkFix({ jobId, kind: "add_utc_offset", userId }, { databaseUrl: url }, db);
    if (!requested.ok) throw new Error(requested.reason);
    await runFixJob(requested.fix.id, () => undefined, { databaseUrl: url }, db);

    // "A reload": another client, nothing kept in memory; the history comes from the database.
    const reloaded = createDb(url, { max: 2 });
    try {
      const [listed] = await listImportFixes(jobId, reloaded);
      expect(listed).toMatchObject({ id: requested.fix.id, status: "done", canUndo: true });
      const undo = await requestFixUndo({ jobId, fixId: listed!.id, userId }, { databaseUrl: url }, reloaded);
      if (!undo.ok) throw new Error(undo.reason);
      expect(undo.fix).toMatchObject({ kind: "undo", undoOf: listed!.id, title: "Undo of Add the organization's UTC offset" });
      await runFixJob(undo.fix.id, () => undefined, { databaseUrl: url }, reloaded);
      const history = await listImportFixes(jobId, reloaded);
      expect(history[0]).toMatchObject({ id: undo.fix.id, status: "done", rowsChanged: SYNC_FIX_ROWS + 100, canUndo: false });
      expect(history[1]).toMatchObject({ id: listed!.id, canUndo: false, undoneAt: expect.any(String) });
    } finally {
      await reloaded.$disconnect();
    }
    expect(await rowsOf(jobId)).toEqual(before);
    expect(await countersOf(jobId)).toEqual(counters);
    await countsMatchRows(jobId);
    expect(await requestFixUndo({ jobId, fixId: requested.fix.id, userId }, { databaseUrl: url }, db)).toEqual({ ok: false, reason: "That fix was already undone." });
  }, 120_000);

  it("undoes a big fix from a row's history as the fix's own undo, queued for the worker, not in the request", async () => {
    const jobId = await withoutOffsets("fix-undo-from-row", SYNC_FIX_ROWS + 100);
    const before = await rowsOf(jobId);
    const requested = await requestBulkFix({ jobId, kind: "add_utc_offset", userId }, { databaseUrl: url }, db);
    if (!requested.ok) throw new Error(requested.reason);
    await runFixJob(requested.fix.id, () => undefined, { databaseUrl: url }, db);

    // The row's history marks the fix's change, and its undo asks for the fix's undo.
    const row = await db.importRow.findFirstOrThrow({ where: { importJobId: jobId, row: 7 }, select: { id: true } });
    const [edit, ...others] = await listRowEdits(jobId, row.id, db);
    expect(others).toEqual([]);
    expect(edit).toMatchObject({ column: "created_at", fixKind: "Add the organization's UTC offset", bulkFix: true, undone: false });
    // Never through the inline undo, which would load the batch's edits into the request.
    expect(await undoEdit(jobId, edit!.id, userId, db)).toEqual({ ok: false, reason: "That change was made by a bulk fix: undo the fix." });
    const undone = await undoChange({ jobId, editId: edit!.id, userId }, { databaseUrl: url }, db);
    // Over SYNC_FIX_ROWS rows: sent to the queue, not changed in the request. Run here as the
    // worker would (or, if the first test's worker took it, waited for).
    expect(undone).toMatchObject({ ok: true, rows: [], fix: { kind: "undo", undoOf: requested.fix.id, rowsTotal: SYNC_FIX_ROWS + 100 } });
    if (!undone.ok || !undone.fix) throw new Error("no undo");
    await runFixJob(undone.fix.id, () => undefined, { databaseUrl: url }, db);
    expect(await waitForFix(jobId, undone.fix.id)).toMatchObject({ status: "done", rowsChanged: SYNC_FIX_ROWS + 100 });
    expect(await rowsOf(jobId)).toEqual(before);
    expect((await listImportFixes(jobId, db))[1]).toMatchObject({ id: requested.fix.id, canUndo: false, undoneAt: expect.any(String) });
    // The row's history shows the fix's change undone (with the fix, not stamped edit by edit), and the undo's own change.
    const [undoRecord, fixEdit] = await listRowEdits(jobId, row.id, db);
    expect(fixEdit).toMatchObject({ id: edit!.id, undone: true, bulkFix: true });
    expect(undoRecord).toMatchObject({ column: "created_at", fixKind: "undo", undone: false, bulkFix: true });
    expect(await undoChange({ jobId, editId: edit!.id, userId }, { databaseUrl: url }, db)).toEqual({ ok: false, reason: "That fix was already undone." });
    expect(await undoChange({ jobId, editId: undoRecord!.id, userId }, { databaseUrl: url }, db)).toMatchObject({ ok: false });
    await countsMatchRows(jobId);
  }, 120_000);

  it("undoes a cell's own edit from its row's history at once", async () => {
    const jobId = await withoutOffsets("cell-undo-from-row", 2);
    const row = await db.importRow.findFirstOrThrow({ where: { importJobId: jobId, row: 1 }, select: { id: true, values: true } });
    const created = header.indexOf("created_at");
    await applyRowChanges(jobId, [{ rowId: row.id, column: "created_at", value: "2021-03-04T10:11:12-05:00" }], { userId }, db);
    const [edit] = await listRowEdits(jobId, row.id, db);
    expect(edit).toMatchObject({ bulkFix: false, newValue: "2021-03-04T10:11:12-05:00" });
    const undone = await undoChange({ jobId, editId: edit!.id, userId }, { databaseUrl: url }, db);
    expect(undone.ok && undone.fix).toBe(undefined);
    expect(undone.ok && undone.rows[0]?.values[created]).toBe(row.values[created]);
    expect(await listImportFixes(jobId, db)).toEqual([]);
  });

  it("writes a big fixed error report as a fix: staged, run by the worker, listed, and undone from the history", async () => {
    const jobId = await withoutOffsets("report-fix-job", SYNC_FIX_ROWS + 100);
    const before = await rowsOf(jobId);
    const counters = await countersOf(jobId);
    const report = await errorReportCsv(jobId, db);
    let text = "";
    for await (const chunk of report.chunks) text += chunk;
    const fixed = text.replaceAll("2021-03-04T10:11:12,", "2021-03-04T10:11:12-05:00,");
    const patched = await patchFromErrorReport(jobId, bytesSource(fixed), userId, db, { databaseUrl: url });
    expect(patched).toMatchObject({ ok: true, summary: { reportRows: SYNC_FIX_ROWS + 100, matchedRows: SYNC_FIX_ROWS + 100, changedRows: SYNC_FIX_ROWS + 100, unmatchedRows: 0 }, fix: { kind: "error_report", title: "Fixed error report uploaded", rowsTotal: SYNC_FIX_ROWS + 100 } });
    if (!patched.ok || !patched.fix) throw new Error("no fix");
    // Not written in the request: the changes wait for the worker.
    expect(await db.importFixChange.count({ where: { fixId: patched.fix.id } })).toBeGreaterThan(0);

    await runFixJob(patched.fix.id, () => undefined, { databaseUrl: url }, db);
    expect(await waitForFix(jobId, patched.fix.id)).toMatchObject({ status: "done", rowsChanged: SYNC_FIX_ROWS + 100, cellsChanged: SYNC_FIX_ROWS + 100, canUndo: true });
    expect(await db.importFixChange.count({ where: { fixId: patched.fix.id } })).toBe(0);
    expect(await countersOf(jobId)).toMatchObject({ errorCount: 0, validRows: SYNC_FIX_ROWS + 100 });
    await countsMatchRows(jobId);

    const undo = await requestFixUndo({ jobId, fixId: patched.fix.id, userId }, { databaseUrl: url }, db);
    if (!undo.ok) throw new Error(undo.reason);
    expect(undo.fix.title).toBe("Undo of the fixed error report");
    await runFixJob(undo.fix.id, () => undefined, { databaseUrl: url }, db);
    expect(await waitForFix(jobId, undo.fix.id)).toMatchObject({ status: "done", rowsChanged: SYNC_FIX_ROWS + 100 });
    expect(await rowsOf(jobId)).toEqual(before);
    expect(await countersOf(jobId)).toEqual(counters);
  }, 120_000);

  it("keeps a cell the CSM edited while a fixed error report waited in the queue", async () => {
    const rows = SYNC_FIX_ROWS + 10;
    const jobId = await withoutOffsets("report-fix-edited-meanwhile", rows);
    const report = await errorReportCsv(jobId, db);
    let text = "";
    for await (const chunk of report.chunks) text += chunk;
    const patched = await patchFromErrorReport(jobId, bytesSource(text.replaceAll("2021-03-04T10:11:12,", "2021-03-04T10:11:12-05:00,")), userId, db, { databaseUrl: url });
    if (!patched.ok || !patched.fix) throw new Error("no fix");
    expect(patched.summary).toMatchObject({ matchedRows: rows, changedRows: rows });
    expect(patched.fix.status).toBe("queued");
    // Meanwhile the CSM fixes row 1 their own way, and row 2 the report's way.
    const [one, two] = await db.importRow.findMany({ where: { importJobId: jobId, row: { in: [1, 2] } }, orderBy: { row: "asc" }, select: { id: true } });
    await applyRowChanges(jobId, [{ rowId: one!.id, column: "created_at", value: "2021-03-04T10:11:12-04:00" }], { userId }, db);
    await applyRowChanges(jobId, [{ rowId: two!.id, column: "created_at", value: "2021-03-04T10:11:12-05:00" }], { userId }, db);

    await runFixJob(patched.fix.id, () => undefined, { databaseUrl: url }, db);
    expect(await waitForFix(jobId, patched.fix.id)).toMatchObject({ status: "done", rowsChanged: rows - 2, skipped: 1 });
    const created = header.indexOf("created_at");
    const after = await db.importRow.findMany({ where: { importJobId: jobId }, orderBy: { row: "asc" }, select: { row: true, values: true } });
    expect(after.map((row) => row.values[created])).toEqual(["2021-03-04T10:11:12-04:00", ...Array.from({ length: rows - 1 }, () => "2021-03-04T10:11:12-05:00")]);
    const [latest] = await listRowEdits(jobId, one!.id, db);
    expect(latest).toMatchObject({ newValue: "2021-03-04T10:11:12-04:00", bulkFix: false });
    await countsMatchRows(jobId);
  }, 120_000);

  it("undoes a fix after undoing a later one that changed the same cells", async () => {
    const jobId = await withoutOffsets("undo-in-turn", 3);
    const before = await rowsOf(jobId);
    const first = await requestBulkFix({ jobId, kind: "add_utc_offset", userId }, { databaseUrl: url }, db);
    if (!first.ok) throw new Error(first.reason);
    const second = await requestBulkFix({ jobId, kind: "find_replace", userId, findReplace: { find: "-05:00", replace: "-04:00", column: "created_at", wholeCell: false } }, { databaseUrl: url }, db);
    if (!second.ok) throw new Error(second.reason);
    expect(second.fix).toMatchObject({ status: "done", rowsChanged: 3 });
    // The first cannot be undone over the second's changes…
    expect(await requestFixUndo({ jobId, fixId: first.fix.id, userId }, { databaseUrl: url }, db)).toMatchObject({ ok: true, fix: { status: "failed", error: expect.stringContaining("changed again") } });
    // …but once the second is undone, the cells hold the first's values again, and it can.
    const undoSecond = await requestFixUndo({ jobId, fixId: second.fix.id, userId }, { databaseUrl: url }, db);
    expect(undoSecond).toMatchObject({ ok: true, fix: { status: "done", rowsChanged: 3 } });
    const undoFirst = await requestFixUndo({ jobId, fixId: first.fix.id, userId }, { databaseUrl: url }, db);
    expect(undoFirst).toMatchObject({ ok: true, fix: { status: "done", rowsChanged: 3 } });
    expect(await rowsOf(jobId)).toEqual(before);
    await countsMatchRows(jobId);
  });

  it("writes a row with one changed cell, one with three and a short raw one, and undoes them all", async () => {
    const slug = "fix-cells-or-row";
    const { organization } = await createOrganization(db, slug);
    const rows = [
      potholeRow(1),
      potholeRow(2, { summary: "Main St pothole", description: "Hole on Main St" }),
      potholeRow(3).slice(0, 4),
    ];
    const file = await writeCsv(`${slug}.csv`, header, rows);
    const job = await createImportJob({ organizationId: organization.id }, db);
    await ingestImportJob({ importJobId: job.id, databaseUrl: url, files: [{ name: `${slug}.csv`, path: file }] }, db);
    const before = await rowsOf(job.id);
    expect(before.map((row) => row.values.length)).toEqual([header.length, header.length, 4]);

    const fix = await requestBulkFix({ jobId: job.id, kind: "find_replace", userId, findReplace: { find: "Main St", replace: "Elm Ave", column: null, wholeCell: false } }, { databaseUrl: url }, db);
    expect(fix).toMatchObject({ ok: true, fix: { status: "done", rowsChanged: 3, cellsChanged: 5 } });
    const after = await rowsOf(job.id);
    const at = (column: string) => header.indexOf(column);
    expect(after[0]!.values).toEqual(before[0]!.values.map((value, i) => (i === at("address") ? "1 Elm Ave" : value)));
    expect(after[1]!.values).toEqual(
      before[1]!.values.map((value, i) => ({ [at("address")]: "2 Elm Ave", [at("summary")]: "Elm Ave pothole", [at("description")]: "Hole on Elm Ave" })[i] ?? value),
    );
    expect(after[2]!.values).toEqual(["42.11030", "-72.53030", "3 Elm Ave", "Pothole"]);
    // Its cells still do not line up with the header: it is not judged on them (the blanks would be `required`).
    expect(after[2]!.problems).toEqual(before[2]!.problems);
    expect(after[2]!.errorCount).toBe(1);
    await countsMatchRows(job.id);

    if (!fix.ok) throw new Error(fix.reason);
    expect(await requestFixUndo({ jobId: job.id, fixId: fix.fix.id, userId }, { databaseUrl: url }, db)).toMatchObject({ ok: true, fix: { status: "done", rowsChanged: 3 } });
    expect(await rowsOf(job.id)).toEqual(before);
    await countsMatchRows(job.id);

    // A cell past the short row's end: the cells between are blank, not NULL; once its cells line
    // up with the header the row is judged on them.
    const short = await db.importRow.findFirstOrThrow({ where: { importJobId: job.id, row: 3 }, select: { id: true } });
    await applyRowChanges(job.id, [{ rowId: short.id, column: "created_at", value: "2021-03-04T10:11:12-05:00" }], { userId }, db);
    const edited = (await rowsOf(job.id))[2]!;
    expect(edited.values).toEqual(["42.11030", "-72.53030", "3 Main St", "Pothole", "", "", "", "2021-03-04T10:11:12-05:00"]);
    expect(edited.problems).toEqual((before[2]!.problems as object[]).map((problem) => ({ ...problem, value: "8 fields, header has 12", message: expect.stringContaining("has 8 fields") })));
    await applyRowChanges(job.id, [{ rowId: short.id, column: header.at(-1)!, value: "Small" }], { userId }, db);
    const lined = (await rowsOf(job.id))[2]!;
    expect(lined.values).toHaveLength(header.length);
    expect(lined.values.every((value) => typeof value === "string")).toBe(true);
    expect((lined.problems as { code: string; column: string | null }[]).map((problem) => `${problem.code} ${problem.column}`)).toEqual(["required summary", "required description"]);
    await countsMatchRows(job.id);
  });

  it("keeps a row's malformed_csv through a fix of another cell, and judges the row once its flagged cell is edited", async () => {
    const slug = "fix-malformed-row";
    const { organization } = await createOrganization(db, slug);
    const file = await writeCsv(`${slug}.csv`, header, [potholeRow(1, { summary: "Main St pothole" })]);
    // Text after the address's closing quote: the reader reads `1 Main Stx` and flags the row.
    await writeFile(file, (await readFile(file, "utf8")).replace(",1 Main St,", ',"1 Main St"x,'));
    const job = await createImportJob({ organizationId: organization.id }, db);
    await ingestImportJob({ importJobId: job.id, databaseUrl: url, files: [{ name: `${slug}.csv`, path: file }] }, db);
    const [before] = await rowsOf(job.id);
    expect(before!.problems).toMatchObject([{ code: "malformed_csv", value: "1 Main Stx" }]);

    const fix = await requestBulkFix({ jobId: job.id, kind: "find_replace", userId, findReplace: { find: "pothole", replace: "hole", column: "summary", wholeCell: false } }, { databaseUrl: url }, db);
    expect(fix).toMatchObject({ ok: true, fix: { status: "done", rowsChanged: 1 } });
    const [fixed] = await rowsOf(job.id);
    expect(fixed!.values[header.indexOf("summary")]).toBe("Main St hole");
    expect(fixed!.problems).toEqual(before!.problems);

    const row = await db.importRow.findFirstOrThrow({ where: { importJobId: job.id }, select: { id: true } });
    await applyRowChanges(job.id, [{ rowId: row.id, column: "address", value: "1 Main St" }], { userId }, db);
    expect(await rowsOf(job.id)).toMatchObject([{ problems: [], errorCount: 0 }]);
    await countsMatchRows(job.id);
  });

  it("undoes a fix after a cell's own later edit was undone", async () => {
    const jobId = await withoutOffsets("undo-after-edit-undone", 2);
    const before = await rowsOf(jobId);
    const fix = await requestBulkFix({ jobId, kind: "add_utc_offset", userId }, { databaseUrl: url }, db);
    if (!fix.ok) throw new Error(fix.reason);
    const row = await db.importRow.findFirstOrThrow({ where: { importJobId: jobId, row: 1 }, select: { id: true } });
    await applyRowChanges(jobId, [{ rowId: row.id, column: "created_at", value: "2021-03-04T10:11:12Z" }], { userId }, db);
    const [edit] = await listRowEdits(jobId, row.id, db);
    expect(await undoChange({ jobId, editId: edit!.id, userId }, { databaseUrl: url }, db)).toMatchObject({ ok: true });
    expect(await requestFixUndo({ jobId, fixId: fix.fix.id, userId }, { databaseUrl: url }, db)).toMatchObject({ ok: true, fix: { status: "done", rowsChanged: 2 } });
    expect(await rowsOf(jobId)).toEqual(before);
  });

  it("has the worker match a fixed error report when the import has many error rows, then write it as a fix", async () => {
    const rows = 30;
    const jobId = await withoutOffsets("report-matched-by-worker", rows);
    const report = await errorReportCsv(jobId, db);
    let text = "";
    for await (const chunk of report.chunks) text += chunk;
    const fixed = text.replaceAll("2021-03-04T10:11:12,", "2021-03-04T10:11:12-05:00,");
    const received = await receiveFixedErrorReport(jobId, new Response(fixed).body!, userId, { expectedBytes: Buffer.byteLength(fixed) }, db, { databaseUrl: url, matchInRequestRows: 10 });
    expect(received).toMatchObject({ ok: true, summary: null, fix: { kind: "error_report", status: "queued", matching: true, report: null } });
    if (!received.ok || !received.fix) throw new Error("no fix");
    const fixId = received.fix.id;
    const reportKey = ((await db.importFix.findUniqueOrThrow({ where: { id: fixId } })).options as { reportKey: string }).reportKey;
    expect(existsSync(uploadPath(reportKey))).toBe(true);
    // Nothing was matched or staged in the request.
    expect(await db.importFixChange.count({ where: { fixId } })).toBe(0);

    await runFixJob(fixId, () => undefined, { databaseUrl: url }, db);
    const done = await waitForFix(jobId, fixId);
    expect(done).toMatchObject({ status: "done", rowsChanged: rows, cellsChanged: rows, matching: false, canUndo: true, report: { reportRows: rows, matchedRows: rows, changedRows: rows, changedCells: rows, unmatchedRows: 0 } });
    expect(existsSync(uploadPath(reportKey))).toBe(false);
    expect(await countersOf(jobId)).toMatchObject({ errorCount: 0, validRows: rows });
    await countsMatchRows(jobId);
    // A retried job finds it done and changes nothing more.
    await runFixJob(fixId, () => undefined, { databaseUrl: url }, db);
    expect(await waitForFix(jobId, fixId)).toEqual(done);
  }, 120_000);

  it("fails a worker-matched report that is not this import's, changing no row and keeping no file", async () => {
    const jobId = await withoutOffsets("report-wrong-file-worker", 12);
    const before = await rowsOf(jobId);
    const wrong = "name,size\nfoo,1\n";
    const received = await receiveFixedErrorReport(jobId, new Response(wrong).body!, userId, { expectedBytes: wrong.length }, db, { databaseUrl: url, matchInRequestRows: 10 });
    if (!received.ok || !received.fix) throw new Error("no fix");
    const reportKey = ((await db.importFix.findUniqueOrThrow({ where: { id: received.fix.id } })).options as { reportKey: string }).reportKey;
    await runFixJob(received.fix.id, () => undefined, { databaseUrl: url }, db);
    expect(await waitForFix(jobId, received.fix.id)).toMatchObject({ status: "failed", error: "The uploaded file has none of this import's columns; is it the right file?", rowsChanged: 0 });
    expect(existsSync(uploadPath(reportKey))).toBe(false);
    expect(await rowsOf(jobId)).toEqual(before);
    // A report cut short on its way is refused before anything is queued.
    const cut = await receiveFixedErrorReport(jobId, new Response(wrong).body!, userId, { expectedBytes: wrong.length + 10 }, db, { databaseUrl: url, matchInRequestRows: 10 });
    expect(cut).toMatchObject({ ok: false, reason: expect.stringContaining("was cut off") });
  }, 120_000);

  it("turns a big import's report away before saving it while another fix is running", async () => {
    const jobId = await withoutOffsets("report-while-fix-runs", SYNC_FIX_ROWS + 10);
    const queued = await requestBulkFix({ jobId, kind: "add_utc_offset", userId }, { databaseUrl: url }, db);
    expect(queued).toMatchObject({ ok: true, fix: { status: "queued" } });
    const report = "lat,lng\n1,2\n";
    const received = await receiveFixedErrorReport(jobId, new Response(report).body!, userId, { expectedBytes: report.length }, db, { databaseUrl: url, matchInRequestRows: 10 });
    expect(received).toEqual({ ok: false, reason: "Another bulk fix of this import is still running; wait for it to finish." });
    expect(existsSync(uploadPath(String(jobId)))).toBe(false);
    expect(await db.importFix.count({ where: { importJobId: jobId, kind: "error_report" } })).toBe(0);
  }, 120_000);

  it("runs a small fix at once and lists it the same way", async () => {
    const jobId = await withoutOffsets("fix-small", 3);
    const requested = await requestBulkFix({ jobId, kind: "add_utc_offset", userId }, { databaseUrl: url }, db);
    expect(requested).toMatchObject({ ok: true, fix: { status: "done", rowsChanged: 3, canUndo: true } });
    expect(await listImportFixes(jobId, db)).toHaveLength(1);
  });
});

describe("foreign keys", () => {
  it("are checked row by row when the database role may not skip them (not a superuser), with the same result", async () => {
    const jobId = await withoutOffsets("fix-limited-role", 30);
    const role = `fix_limited_${Date.now().toString(36)}`;
    await db.$executeRawUnsafe(`CREATE ROLE ${role} LOGIN PASSWORD 'limited'`);
    await db.$executeRawUnsafe(`GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role}`);
    await db.$executeRawUnsafe(`GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    const limitedUrl = new URL(url);
    limitedUrl.username = role;
    limitedUrl.password = "limited";
    try {
      // The premise: this role may not switch row triggers off.
      const limited = new pg.Client(pgConfigFromUrl(limitedUrl.toString()));
      await limited.connect();
      await expect(limited.query("SET session_replication_role = replica")).rejects.toThrow(/permission denied/);
      await limited.end();

      const requested = await requestBulkFix({ jobId, kind: "add_utc_offset", userId }, { databaseUrl: limitedUrl.toString() }, db);
      expect(requested).toMatchObject({ ok: true, fix: { status: "done", rowsChanged: 30, cellsChanged: 30 } });
      expect((await rowsOf(jobId)).every((row) => row.errorCount === 0)).toBe(true);
      expect(await db.importRowEdit.count({ where: { importRow: { importJobId: jobId }, userId } })).toBe(30);
      await countsMatchRows(jobId);
    } finally {
      await db.$executeRawUnsafe(`DROP OWNED BY ${role}`);
      await db.$executeRawUnsafe(`DROP ROLE ${role}`);
    }
  });
});

describe("a fix job that fails", () => {
  it("is listed as failed, and no longer blocks queueing, once its worker has been silent for 15 minutes", async () => {
    const jobId = await withoutOffsets("fix-job-lost", SYNC_FIX_ROWS + 10);
    const requested = await requestBulkFix({ jobId, kind: "add_utc_offset", userId }, { databaseUrl: url }, db);
    if (!requested.ok) throw new Error(requested.reason);
    expect(requested.fix.status).toBe("queued");
    expect(await enqueueImportJob(jobId, { databaseUrl: url, chunkRows: 500 }, db)).toMatchObject({ ok: false, reason: /still running/ });

    await db.$executeRawUnsafe(`UPDATE "ImportFix" SET status = 'running', "updatedAt" = now() - interval '16 minutes' WHERE id = $1`, requested.fix.id);
    const [listed] = await listImportFixes(jobId, db);
    expect(listed).toMatchObject({ id: requested.fix.id, status: "failed", error: expect.stringMatching(/worker stopped.*Run the fix again/), canUndo: false });
    // Past the fix gate: what stops it now is the rows' own errors (no offset), as without the fix.
    expect(await enqueueImportJob(jobId, { databaseUrl: url, chunkRows: 500 }, db)).toMatchObject({ ok: false, reason: /has \d+ validation errors/ });
  });

  it("leaves no row changed and says why", async () => {
    // 12,000 rows: the cursor reads 5,000 at a time, so the fault comes after a batch was written.
    const jobId = await withoutOffsets("fix-job-fails", 12_000);
    const before = await rowsOf(jobId);
    const counters = await countersOf(jobId);
    const counts = await countProblems(jobId, db);
    const killer = new pg.Client(pgConfigFromUrl(inject("databaseUrl")));
    await killer.connect();
    await killer.query(`
      CREATE FUNCTION fail_fix_${jobId}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (SELECT count(*) FROM "ImportRowEdit" e JOIN "ImportRow" r ON r.id = e."importRowId" WHERE r."importJobId" = ${jobId}) > 7000 THEN
          RAISE EXCEPTION 'the test kills the fix midway';
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER fail_fix_${jobId} AFTER INSERT ON "ImportRowEdit" FOR EACH STATEMENT EXECUTE FUNCTION fail_fix_${jobId}();
      -- The fix writes its edit records with row triggers off (lib/db/row-triggers.ts); this one fires all the same.
      ALTER TABLE "ImportRowEdit" ENABLE ALWAYS TRIGGER fail_fix_${jobId};`);
    let fixId = 0;
    try {
      const requested = await requestBulkFix({ jobId, kind: "add_utc_offset", userId }, { databaseUrl: url }, db);
      if (!requested.ok) throw new Error(requested.reason);
      fixId = requested.fix.id;
      await runFixJob(fixId, () => undefined, { databaseUrl: url }, db);
    } finally {
      await killer.query(`DROP TRIGGER fail_fix_${jobId} ON "ImportRowEdit"; DROP FUNCTION fail_fix_${jobId}();`);
      await killer.end();
    }
    const [fix] = await listImportFixes(jobId, db);
    expect(fix).toMatchObject({ id: fixId, status: "failed", error: expect.stringMatching(/kills the fix midway/), canUndo: false, rowsChanged: 0 });
    expect(await rowsOf(jobId)).toEqual(before);
    expect(await db.importRowEdit.count({ where: { importRow: { importJobId: jobId } } })).toBe(0);
    expect(await countersOf(jobId)).toEqual(counters);
    expect(await countProblems(jobId, db)).toEqual(counts);
    // A failed fix does not hold the import back.
    const again = await requestBulkFix({ jobId, kind: "add_utc_offset", userId }, { databaseUrl: url }, db);
    if (!again.ok) throw new Error(again.reason);
    const startedAt = new Date();
    await runFixJob(again.fix.id, () => undefined, { databaseUrl: url }, db);
    expect((await countersOf(jobId)).errorCount).toBe(0);
    // A fix of this size refreshes the planner's statistics itself, so its undo is planned on them.
    const [analyzed] = await db.$queryRawUnsafe<{ last_analyze: Date | null }[]>(`SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'ImportRowEdit'`);
    expect(analyzed?.last_analyze?.getTime()).toBeGreaterThanOrEqual(startedAt.getTime() - 1000);
  }, 180_000);
});
