import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "../testing/use-test-db.ts";
import { canonicalHeader, createOrganization, demoConfig, potholeRow, writeCsv } from "../testing/import-fixtures.ts";
import { applyOrgConfig } from "../crm/org-config-store.ts";
import type { OrgConfig } from "../org/org-config-schema.ts";
import { startImportWorker, type ImportWorker } from "../jobs/worker.ts";
import { createImportJob } from "./import-jobs.ts";
import { ingestImportJob } from "./ingest.ts";
import { countProblems } from "./problem-counts.ts";
import { latestRecheck, listImportFixes, requestFixUndo, runFixJob } from "./fix-jobs.ts";
import { applyRowChanges } from "./row-edits.ts";
import { recheckAfterSettingsChange } from "./settings-recheck.ts";
import { runValidationJob } from "./validation-run.ts";
import { attachUploadedFile } from "./import-drafts.ts";
import { saveUpload } from "../uploads/upload-storage.ts";
import { readFile } from "node:fs/promises";
import { listImportAuditEvents } from "../auth/audit-log.ts";

// A settings change re-checks the organization's imports under review (issue #15, ADR 0017): the
// rows keep their values and edits, and their problems, the files' whole-file problems and the
// import's counters end up exactly as a fresh validation of the same file would make them.

const { db, url } = useTestDb();
let userId: number;
let worker: ImportWorker | undefined;

beforeAll(async () => {
  userId = (await db.user.upsert({ where: { email: "csm-recheck@bulk-import.example" }, update: {}, create: { email: "csm-recheck@bulk-import.example", name: "Recheck Tester", isStaff: true } })).id;
  worker = await startImportWorker({ databaseUrl: url, supervise: false, fix: (fixId, log) => runFixJob(fixId, log, { databaseUrl: url }, db) });
});
afterAll(async () => {
  await worker?.stop();
});

const depth = "Q: How deep is the sink hole?";
const header = [...canonicalHeader, "Q: What is the size of the pothole?", depth];
const sinkHole: OrgConfig["requestTypes"][number] = {
  title: "Sink hole",
  agency: "Public Works",
  enabled: true,
  questions: [{ text: "How deep is the sink hole?", kind: "select", required: true, options: ["Shallow", "Deep"] }],
};
const withSinkHole = (config: OrgConfig): OrgConfig => ({ ...config, requestTypes: [...config.requestTypes, sinkHole] });

/** 8 good potholes (one of them twice: duplicate_row), 4 sink holes (unknown until the type exists). */
function rows(): string[][] {
  const potholes = Array.from({ length: 8 }, (_, i) => potholeRow(i + 1, {}, header));
  const sinkHoles = Array.from({ length: 4 }, (_, i) => potholeRow(100 + i, { request_type: "Sink hole", summary: "Sink hole", [depth]: "Deep", "Q: What is the size of the pothole?": "" }, header));
  return [...potholes, potholeRow(1, {}, header), ...sinkHoles];
}

async function validated(slug: string, file: string) {
  const organization = await db.organization.findUniqueOrThrow({ where: { slug } });
  const job = await createImportJob({ organizationId: organization.id }, db);
  await ingestImportJob({ importJobId: job.id, databaseUrl: url, files: [{ name: "requests.csv", path: file }] }, db);
  return job.id;
}

async function waitForRecheck(jobId: number) {
  for (let tries = 0; tries < 600; tries++) {
    const fix = await latestRecheck(jobId, db);
    if (fix && (fix.status === "done" || fix.status === "failed")) return fix;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the re-check of import #${jobId} did not finish`);
}

/** What a comparison should see of an import: each row's values and problems, its counts and its whole-file problems. */
async function stateOf(jobId: number) {
  const job = await db.importJob.findUniqueOrThrow({ where: { id: jobId }, select: { errorCount: true, warningCount: true, validRows: true, totalRows: true, report: true } });
  const stored = await db.importRow.findMany({ where: { importJobId: jobId }, orderBy: { row: "asc" }, select: { row: true, values: true, problems: true, errorCount: true, warningCount: true } });
  const problemKey = (p: Record<string, unknown>) => JSON.stringify(p, Object.keys(p).sort());
  const files = await db.importFile.findMany({ where: { importJobId: jobId, kind: "data" }, select: { blocked: true } });
  const report = job.report as { files: { problems: Record<string, unknown>[] }[] };
  return {
    counters: { errorCount: job.errorCount, warningCount: job.warningCount, validRows: job.validRows, totalRows: job.totalRows },
    rows: stored.map((row) => ({ row: row.row, values: row.values, problems: (row.problems as Record<string, unknown>[]).map(problemKey).sort(), errorCount: row.errorCount, warningCount: row.warningCount })),
    wholeFile: report.files.map((file) => file.problems.map(problemKey).sort()),
    blocked: files.map((file) => file.blocked),
    counts: await countProblems(jobId, db),
  };
}

describe("re-checking imports after a settings change", () => {
  it("clears what the new request type fixes, keeps the edits, and ends as a fresh validation would", async () => {
    await createOrganization(db, "recheck-a");
    const file = await writeCsv("recheck-a.csv", header, rows());
    const jobId = await validated("recheck-a", file);
    const before = await stateOf(jobId);
    // Unknown request type on the 4 sink holes, and the question column no request type asks: the file is blocked.
    expect(before.blocked).toEqual([true]);
    expect(before.counters.validRows).toBe(0);
    expect(before.rows.filter((row) => row.errorCount > 0)).toHaveLength(4);

    // A CSM edit made before the settings change survives the re-check.
    const description = await db.importRow.findFirstOrThrow({ where: { importJobId: jobId, row: 2 }, select: { id: true } });
    await applyRowChanges(jobId, [{ rowId: description.id, column: "description", value: "Edited by the CSM" }], { userId }, db);

    await applyOrgConfig(await demoConfig("recheck-a", withSinkHole), null, db);
    expect(await recheckAfterSettingsChange((await db.organization.findUniqueOrThrow({ where: { slug: "recheck-a" } })).id, { userId, change: "request type “Sink hole” added" }, { databaseUrl: url }, db)).toEqual([jobId]);
    const fix = await waitForRecheck(jobId);
    expect(fix).toMatchObject({
      status: "done",
      title: "Re-checked after a settings change: request type “Sink hole” added",
      by: "Recheck Tester",
      canUndo: false,
      outcome: `4 rows no longer have errors; requests.csv is no longer blocked (errors: ${before.counters.errorCount} → 0).`,
    });
    expect(await requestFixUndo({ jobId, fixId: fix.id, userId }, { databaseUrl: url }, db)).toEqual({ ok: false, reason: "No such fix." });
    // The import's history says who changed what and what the re-check found (ADR 0018).
    expect((await listImportAuditEvents(jobId, db))[0]).toMatchObject({ action: "import.rechecked", actor: "Recheck Tester", summary: "Re-checked the rows after request type “Sink hole” added: 4 no longer have errors, 0 newly failing" });

    // The oracle: the same file (with the same edit) validated from scratch under the new settings.
    const freshId = await validated("recheck-a", file);
    const freshRow = await db.importRow.findFirstOrThrow({ where: { importJobId: freshId, row: 2 }, select: { id: true } });
    await applyRowChanges(freshId, [{ rowId: freshRow.id, column: "description", value: "Edited by the CSM" }], { userId }, db);
    const after = await stateOf(jobId);
    expect(after).toEqual(await stateOf(freshId));
    expect(after.counters).toEqual({ errorCount: 0, warningCount: 1, validRows: 13, totalRows: 13 });
    expect(after.rows.find((row) => row.row === 2)!.values).toContain("Edited by the CSM");
    // duplicate_row comes from the file, not the settings: kept.
    expect(after.rows.find((row) => row.row === 9)!.problems.join()).toContain("duplicate_row");
  });

  it("re-checks an import whose validation read settings that changed meanwhile, and only that one", async () => {
    const { organization } = await createOrganization(db, "recheck-c");
    const file = await writeCsv("recheck-c.csv", header, rows());
    const other = await validated("recheck-c", file);
    const job = await createImportJob({ organizationId: organization.id }, db);
    const saved = await saveUpload({ jobId: job.id, fileName: "requests.csv", body: new Response(await readFile(file)).body! });
    if (!saved.ok) throw new Error(saved.reason);
    await attachUploadedFile(job.id, "data", "requests.csv", saved.upload, userId, db);
    // Validation requested; the settings change before the worker has read them… or after.
    await db.importJob.update({ where: { id: job.id }, data: { status: "validating" } });
    // Applied as a settings file: recorded in the audit log, which the worker then reads.
    await applyOrgConfig(await demoConfig("recheck-c", withSinkHole), userId, db);
    // The change's own re-check passed this import by: it was not ready.
    expect(await recheckAfterSettingsChange(organization.id, { userId, change: "request type “Sink hole” added" }, { databaseUrl: url }, db)).toEqual([other]);
    await waitForRecheck(other);

    await runValidationJob(job.id, () => undefined, { db, databaseUrl: url });
    const fix = await waitForRecheck(job.id);
    expect(fix).toMatchObject({ status: "done", title: "Re-checked after a settings change: settings changed while it was being validated", by: "someone" });
    expect((await listImportFixes(other, db)).filter((each) => each.kind === "recheck")).toHaveLength(1);

    // Validated again with nothing changed since: no re-check.
    const quiet = await createImportJob({ organizationId: organization.id }, db);
    const again = await saveUpload({ jobId: quiet.id, fileName: "requests.csv", body: new Response(await readFile(file)).body! });
    if (!again.ok) throw new Error(again.reason);
    await attachUploadedFile(quiet.id, "data", "requests.csv", again.upload, userId, db);
    await db.importJob.update({ where: { id: quiet.id }, data: { status: "validating" } });
    await runValidationJob(quiet.id, () => undefined, { db, databaseUrl: url });
    expect(await db.importJob.findUniqueOrThrow({ where: { id: quiet.id }, select: { status: true } })).toEqual({ status: "ready" });
    expect(await listImportFixes(quiet.id, db)).toEqual([]);
  });

  it("reports rows that now fail, takes later changes into a re-check still waiting, and leaves queued imports alone", async () => {
    await createOrganization(db, "recheck-b", withSinkHole);
    const file = await writeCsv("recheck-b.csv", header, rows());
    const jobId = await validated("recheck-b", file);
    const organizationId = (await db.organization.findUniqueOrThrow({ where: { slug: "recheck-b" } })).id;
    const queuedJob = await validated("recheck-b", file);
    await db.importJob.update({ where: { id: queuedJob }, data: { status: "queued", queuedAt: new Date() } });
    expect((await stateOf(jobId)).rows.every((row) => row.errorCount === 0)).toBe(true);

    // "Small" is no longer an option of the pothole's size: the 9 pothole rows fail.
    await worker?.stop();
    worker = undefined;
    const smaller = (config: OrgConfig): OrgConfig => ({
      ...withSinkHole(config),
      requestTypes: withSinkHole(config).requestTypes.map((type) =>
        type.title === "Pothole" ? { ...type, questions: type.questions.map((q) => (q.text === "What is the size of the pothole?" ? { ...q, options: ["Medium", "Large"] } : q)) } : type,
      ),
    });
    await applyOrgConfig(await demoConfig("recheck-b", smaller), null, db);
    expect(await recheckAfterSettingsChange(organizationId, { userId, change: "question options changed" }, { databaseUrl: url }, db)).toEqual([jobId]);
    // A second change while the first re-check waits for a worker joins it.
    expect(await recheckAfterSettingsChange(organizationId, { userId, change: "organization settings changed" }, { databaseUrl: url }, db)).toEqual([jobId]);
    expect((await listImportFixes(jobId, db)).filter((fix) => fix.kind === "recheck")).toHaveLength(1);
    expect(await listImportFixes(queuedJob, db)).toEqual([]);

    worker = await startImportWorker({ databaseUrl: url, supervise: false, fix: (fixId, log) => runFixJob(fixId, log, { databaseUrl: url }, db) });
    const fix = await waitForRecheck(jobId);
    expect(fix).toMatchObject({ status: "done", title: "Re-checked after a settings change: question options changed; organization settings changed" });
    expect(fix.outcome).toMatch(/^9 rows have new errors \(errors: 0 → 9\)\.$/);
    const freshId = await validated("recheck-b", file);
    expect(await stateOf(jobId)).toEqual(await stateOf(freshId));
  });
});
