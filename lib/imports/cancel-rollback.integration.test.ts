import { describe, expect, it } from "vitest";
import { useTestDb } from "../testing/use-test-db.ts";
import { canonicalHeader, createOrganization, potholeRow, queueImport, testExecutor, writeCsv } from "../testing/import-fixtures.ts";
import { cancelImportJob, resumeImportJob } from "./import-jobs.ts";
import { rollbackImportJob } from "./rollback.ts";
import { listImportRows } from "./review.ts";

const { db, url } = useTestDb();

const sizeQ = "Q: What is the size of the pothole?";
const header = [...canonicalHeader, sizeQ, "internal_comment_1"];

async function importRows(slug: string, rows: string[][], chunkRows = 2000) {
  const { organization } = await createOrganization(db, slug);
  const file = await writeCsv(`${slug}.csv`, header, rows);
  const queued = await queueImport(db, url, { organizationId: organization.id, files: [{ name: `${slug}.csv`, path: file }], chunkRows });
  return { ...queued, organizationId: organization.id, file };
}

describe("cancel", () => {
  it("stops after the chunk being written (cancelling → cancelled), leaves no partial chunk, and the import can be resumed", async () => {
    const rows = Array.from({ length: 400 }, (_, i) => potholeRow(i + 1, { internal_comment_1: `c${i}` }, header));
    const { importJobId } = await importRows("cancel", rows, 20);
    const runner = testExecutor(db, url, { testChunkDelayMs: 200 });
    // A chunk is in flight: its transaction has copied its rows in and holds them (the test delay).
    const chunkInFlight = async () =>
      (
        await db.$queryRawUnsafe<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction' AND query LIKE 'COPY "%'`,
        )
      )[0]!.n > 0;
    try {
      const draining = runner.drain(importJobId);
      while ((await db.importJob.findUniqueOrThrow({ where: { id: importJobId } })).chunksDone < 2 || !(await chunkInFlight())) await new Promise((r) => setTimeout(r, 5));
      const cancel = await cancelImportJob(importJobId, null, db);
      expect(cancel).toEqual({ ok: true, status: "cancelling" }); // a chunk is being written right now
      const { outcome } = await draining;
      expect(outcome).toEqual({ kind: "stopped", status: "cancelled" });
    } finally {
      await runner.end();
    }
    const job = await db.importJob.findUniqueOrThrow({ where: { id: importJobId } });
    expect(job.status).toBe("cancelled");
    expect(job.finishedAt).not.toBeNull();
    expect(job.rowsDone).toBeLessThan(400);
    expect(job.rowsDone % 20).toBe(0);
    expect(await db.issue.count({ where: { importJobId } })).toBe(job.rowsDone);
    expect(await db.importChunk.count({ where: { importJobId, status: "done" } })).toBe(job.chunksDone);
    expect(await cancelImportJob(importJobId, null, db)).toEqual({ ok: false, reason: `Import #${importJobId} is already cancelled.` });

    // Resume: the rest, exactly once.
    expect(await resumeImportJob(importJobId, { databaseUrl: url }, db)).toEqual({ ok: true, status: "running" });
    const again = testExecutor(db, url);
    await again.drain(importJobId);
    await again.end();
    expect(await db.importJob.findUniqueOrThrow({ where: { id: importJobId } })).toMatchObject({ status: "completed", rowsDone: 400, issuesCreated: 400 });
    expect(await db.issue.count({ where: { importJobId } })).toBe(400);
  });

  it("cancels a queued import that no worker has started at once", async () => {
    const { importJobId } = await importRows("cancel-queued", [potholeRow(1, {}, header)]);
    expect(await cancelImportJob(importJobId, null, db)).toEqual({ ok: true, status: "cancelled" });
    const runner = testExecutor(db, url);
    expect((await runner.drain(importJobId)).outcome).toEqual({ kind: "stopped", status: "cancelled" });
    await runner.end();
    expect(await db.issue.count({ where: { importJobId } })).toBe(0);
  });
});

describe("roll back", () => {
  async function importedWithGuests(slug: string) {
    const rows = [
      potholeRow(1, { reporter_email: `only@${slug}.example`, internal_comment_1: "x" }, header),
      potholeRow(2, { reporter_email: `shared@${slug}.example`, closed_at: "2021-04-01T00:00:00Z" }, header),
      potholeRow(3, {}, header),
    ];
    const imported = await importRows(slug, rows);
    const runner = testExecutor(db, url);
    await runner.drain(imported.importJobId);
    await runner.end();
    return imported;
  }

  it("removes the issues with their events, comments and answers, and the guest users that have nothing else, in one go", async () => {
    const { importJobId, organizationId } = await importedWithGuests("rollback");
    // A later import (of another file) reuses one of the guest users: that user stays.
    const other = await writeCsv("rollback-other.csv", header, [potholeRow(9, { reporter_email: "shared@rollback.example", description: "other" }, header)]);
    const later = await queueImport(db, url, { organizationId, files: [{ name: "rollback-other.csv", path: other }] });
    const runner = testExecutor(db, url);
    await runner.drain(later.importJobId);
    await runner.end();
    const issueIds = (await db.issue.findMany({ where: { importJobId }, select: { id: true } })).map((i) => i.id);
    expect(issueIds).toHaveLength(3);
    const before = await listImportRows(importJobId, { offset: 0, limit: 10 }, db);
    expect(before.rows.map((row) => row.status)).toEqual(["imported", "imported", "imported"]);

    const result = await rollbackImportJob(importJobId, null, db);
    expect(result).toEqual({ ok: true, issuesDeleted: 3, usersDeleted: 1 });
    expect(await db.issue.count({ where: { importJobId } })).toBe(0);
    expect(await db.issueEvent.count({ where: { issueId: { in: issueIds } } })).toBe(0);
    expect(await db.comment.count({ where: { issueId: { in: issueIds } } })).toBe(0);
    expect(await db.answer.count({ where: { issueId: { in: issueIds } } })).toBe(0);
    expect(await db.user.findUnique({ where: { email: "only@rollback.example" } })).toBeNull();
    expect(await db.user.findUnique({ where: { email: "shared@rollback.example" } })).not.toBeNull();
    expect(await db.issue.count({ where: { importJobId: later.importJobId } })).toBe(1);
    const job = await db.importJob.findUniqueOrThrow({ where: { id: importJobId } });
    expect(job.status).toBe("rolled_back");
    expect(job.rolledBackAt).not.toBeNull();
    const page = await listImportRows(importJobId, { offset: 0, limit: 10 }, db);
    // Their issues are gone: the grid says the rows were imported and rolled back.
    expect(page.rows.map((row) => row.status)).toEqual(["rolled_back", "rolled_back", "rolled_back"]);
    expect(await rollbackImportJob(importJobId, null, db)).toEqual({ ok: false, reason: `Import #${importJobId} was already rolled back.` });
  });

  it("is refused, removing nothing, when an issue was updated, or got an event or a comment the import did not write", async () => {
    const { importJobId } = await importedWithGuests("refuse");
    const issues = await db.issue.findMany({ where: { importJobId }, orderBy: { id: "asc" } });
    const staff = await db.user.findUniqueOrThrow({ where: { email: "director@springfield.example.gov" } });

    await db.issue.update({ where: { id: issues[0]!.id }, data: { updatedAt: new Date(issues[0]!.importedAt!.getTime() + 1000), summary: "Edited" } });
    let result = await rollbackImportJob(importJobId, null, db);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe(`Import #${importJobId} cannot be rolled back: some of its issues changed after the import: 1 were updated (#${issues[0]!.id}). Nothing was removed.`);
      expect(result.changedIssueIds).toEqual([issues[0]!.id]);
    }
    await db.issue.update({ where: { id: issues[0]!.id }, data: { updatedAt: issues[0]!.importedAt! } });

    await db.comment.create({ data: { issueId: issues[1]!.id, visibility: "internal", authorId: staff.id, body: "Crew sent", position: 9, createdAt: new Date() } });
    await db.issueEvent.create({ data: { issueId: issues[2]!.id, kind: "system_message", authorId: issues[2]!.reporterId, message: "note", occurredAt: new Date() } });
    result = await rollbackImportJob(importJobId, null, db);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toContain(`1 have events the import did not write (#${issues[2]!.id})`);
      expect(result.reason).toContain(`1 have comments the import did not write (#${issues[1]!.id})`);
    }
    expect(await db.issue.count({ where: { importJobId } })).toBe(3);
    expect((await db.importJob.findUniqueOrThrow({ where: { id: importJobId } })).status).toBe("completed");
  });

  it("is refused while the import is running", async () => {
    const { importJobId } = await importRows("rollback-running", [potholeRow(1, {}, header), potholeRow(2, {}, header)], 1);
    const runner = testExecutor(db, url);
    await runner.drain(importJobId, 1);
    await runner.end();
    expect(await rollbackImportJob(importJobId, null, db)).toEqual({
      ok: false,
      reason: `Import #${importJobId} is running: only a finished import can be rolled back (cancel it first).`,
    });
  });
});
