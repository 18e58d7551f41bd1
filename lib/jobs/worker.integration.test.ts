import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { useTestDb } from "../testing/use-test-db.ts";
import { canonicalHeader, createOrganization, potholeRow, queueImport, writeCsv } from "../testing/import-fixtures.ts";
import { startImportWorker } from "./worker.ts";
import { pgBossSchema, chunkQueue } from "./queue.ts";

// Real worker processes (node bin/worker.mjs): kill -9 mid-import, two workers on one import,
// and the sweeper taking over chunks a dead worker held.

const root = path.join(import.meta.dirname, "..", "..");
const { db, url } = useTestDb();
const children = new Set<ChildProcess>();

afterEach(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  children.clear();
});

/** Starts `node bin/worker.mjs` and resolves once it has said it is ready. */
async function spawnWorker(env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, "bin", "worker.mjs")], {
    env: { ...process.env, DATABASE_URL: url, WORKER_CONCURRENCY: "2", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let output = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`worker exited (${code}) before it was ready:\n${output}`)));
  });
  return child;
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, pollMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

const job = (id: number) => db.importJob.findUniqueOrThrow({ where: { id } });

async function bigImport(slug: string, rows: number, chunkRows: number) {
  const { organization } = await createOrganization(db, slug);
  const header = [...canonicalHeader, "Q: What is the size of the pothole?", "public_comment_1"];
  const data = Array.from({ length: rows }, (_, i) =>
    potholeRow(i + 1, { reporter_email: i % 10 === 0 ? `r${i % 97}@${slug}.example` : "", closed_at: i % 4 === 0 ? "2021-04-01T00:00:00Z" : "", public_comment_1: `Comment ${i + 1}` }, header),
  );
  const file = await writeCsv(`${slug}.csv`, header, data);
  const queued = await queueImport(db, url, { organizationId: organization.id, files: [{ name: `${slug}.csv`, path: file }], chunkRows });
  return { ...queued, organizationId: organization.id, closedRows: data.filter((_, i) => i % 4 === 0).length };
}

/** Every source row exactly once: issues, events, comments and rows agree with the file. */
async function expectExactlyOnce(importJobId: number, rows: number, closedRows: number) {
  const counts = await db.$queryRawUnsafe<{ issues: number; distinct_rows: number }[]>(
    `SELECT count(*)::int AS issues, count(DISTINCT ("sourceSha256", "sourceRow"))::int AS distinct_rows FROM "Issue" WHERE "importJobId" = $1`,
    importJobId,
  );
  expect(counts[0]).toEqual({ issues: rows, distinct_rows: rows });
  expect(await db.issueEvent.count({ where: { importJobId } })).toBe(rows * 2 + closedRows * 2);
  expect(await db.comment.count({ where: { importJobId } })).toBe(rows);
  expect(await db.importRow.count({ where: { importJobId, status: { not: "pending" } } })).toBe(0);
  const final = await job(importJobId);
  expect(final).toMatchObject({ status: "completed", totalRows: rows, rowsDone: rows, issuesCreated: rows, rowsSkipped: 0, rowsFailed: 0 });
  expect(final.chunksDone).toBe(final.chunksTotal);
}

describe("worker processes", () => {
  it("kill -9 mid-import, start another: it finishes within seconds and every row is imported exactly once", async () => {
    const { importJobId, closedRows } = await bigImport("crash", 3000, 50);
    const first = await spawnWorker({ IMPORT_TEST_CHUNK_DELAY_MS: "40" });
    const before = await waitFor(() => job(importJobId), (j) => j.rowsDone >= 200, 60_000);
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    const atKill = await job(importJobId);
    expect(before.rowsDone).toBeGreaterThan(0);
    expect(atKill.rowsDone).toBeLessThan(3000);
    expect(atKill.status).toBe("running");
    // Nothing half-written: the killed worker's open chunk was rolled back with it.
    expect(await db.issue.count({ where: { importJobId } })).toBe(atKill.rowsDone);

    const started = Date.now();
    await spawnWorker();
    await waitFor(() => job(importJobId), (j) => j.status === "completed", 45_000, 100);
    const seconds = (Date.now() - started) / 1000;
    expect(seconds).toBeLessThan(30);
    await expectExactlyOnce(importJobId, 3000, closedRows);
  });

  it("two workers share one import: both write chunks, every row exactly once", async () => {
    const a = await spawnWorker({ IMPORT_TEST_CHUNK_DELAY_MS: "20" });
    const b = await spawnWorker({ IMPORT_TEST_CHUNK_DELAY_MS: "20" });
    const { importJobId, closedRows } = await bigImport("pair", 3000, 50);
    await waitFor(() => job(importJobId), (j) => j.status === "completed", 60_000, 100);
    await expectExactlyOnce(importJobId, 3000, closedRows);
    const byWorker = await db.importChunk.groupBy({ by: ["workerId"], where: { importJobId }, _count: { _all: true } });
    const pids = byWorker.map((group) => Number(group.workerId!.split(":")[1])).sort();
    expect(pids).toEqual([a.pid!, b.pid!].sort());
    expect(byWorker.every((group) => group._count._all > 0)).toBe(true);
  });
});

describe("the stale-import sweeper", () => {
  it("re-sends the chunks a dead worker held (queue jobs stuck `active`) once the heartbeat is stale", async () => {
    const { importJobId, closedRows } = await bigImport("stale", 400, 50);
    // A worker fetched every chunk job, then died: pg-boss would wait for its 5-minute expiry.
    await db.$executeRawUnsafe(`UPDATE ${pgBossSchema}.job SET state = 'active', started_on = now() WHERE name = '${chunkQueue}' AND state = 'created'`);
    await db.importJob.update({ where: { id: importJobId }, data: { status: "running", startedAt: new Date(), heartbeatAt: new Date(Date.now() - 60_000) } });
    const worker = await startImportWorker({ databaseUrl: url, supervise: false });
    try {
      const started = Date.now();
      await waitFor(() => job(importJobId), (j) => j.status === "completed", 20_000, 100);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await worker.stop();
    }
    await expectExactlyOnce(importJobId, 400, closedRows);
  });

  it("leaves an import alone while its heartbeat is fresh", async () => {
    const { importJobId } = await bigImport("fresh", 100, 50);
    await db.$executeRawUnsafe(`UPDATE ${pgBossSchema}.job SET state = 'active', started_on = now() WHERE name = '${chunkQueue}' AND state = 'created'`);
    await db.importJob.update({ where: { id: importJobId }, data: { status: "running", heartbeatAt: new Date() } });
    const worker = await startImportWorker({ databaseUrl: url, supervise: false });
    try {
      await worker.sweep();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect((await job(importJobId)).rowsDone).toBe(0);
      // Once stale, the next sweep takes it over.
      await db.importJob.update({ where: { id: importJobId }, data: { heartbeatAt: new Date(Date.now() - 60_000) } });
      await worker.sweep();
      await waitFor(() => job(importJobId), (j) => j.status === "completed", 10_000, 100);
    } finally {
      await worker.stop();
    }
  });
});
