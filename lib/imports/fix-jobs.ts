import "server-only";
import { randomUUID } from "node:crypto";
import { getDb, poolOf, type Db } from "../db/client.ts";
import { CopyBuffer, copyRows } from "../db/copy-rows.ts";
import { getEnv } from "../env.ts";
import type { BulkFixKind } from "../engine/fixes/bulk-fix-kinds.ts";
import { sendFixJob } from "../jobs/fix-queue.ts";
import { describeImportStatus, editableStatuses } from "../jobs/import-status.ts";
import { saveOrganizationMapping } from "./bulk-fixes.ts";
import { undoEdit, type ChangedRow } from "./row-edits.ts";
import { candidateRowsWhere, errorReportKind, fixTitle, runImportFix, undoneFixTitle, type FixOutcome, type StagedChange } from "./fix-run.ts";
import { matchErrorReport, type PatchSummary } from "./error-report-match.ts";
import { fileSource } from "../engine/read/source.ts";
import { removeUpload, uploadPath } from "../uploads/upload-storage.ts";
import type { FindReplace } from "../engine/fixes/find-replace.ts";
import { describeRecheck, recheckKind, type RecheckOptions } from "./settings-recheck.ts";

// Bulk fixes as operations the review can see (ADR 0013): each request becomes an ImportFix; a
// small one runs at once in the request, a big one is queued for the import worker, and both
// are listed from the database with their progress, outcome and an undo (itself an ImportFix,
// run the same way).

/** Rows of staged changes per COPY. */
const STAGE_ROWS = 5000;
/** Fixes of at most this many rows run in the request, so the page answers at once. */
export const SYNC_FIX_ROWS = 2000;
/** A queued or running fix whose progress has not moved for this long lost its worker. */
const STALE_MS = 15 * 60_000;
const staleBefore = () => new Date(Date.now() - STALE_MS);

export type FixStatus = "queued" | "running" | "done" | "failed";

/** One fix as the review's history lists it. */
export type FixView = {
  id: number;
  kind: string;
  title: string;
  status: FixStatus;
  rowsTotal: number;
  rowsDone: number;
  rowsChanged: number;
  cellsChanged: number;
  skipped: number;
  error: string | null;
  by: string;
  createdAt: string;
  finishedAt: string | null;
  undoneAt: string | null;
  undoOf: number | null;
  canUndo: boolean;
  /** A settings re-check's finding in words, once done ("412 rows no longer have errors."). */
  outcome: string | null;
  /** A fixed error report's matching, once its rows are matched (in the request, or by the worker for a big import). */
  report: PatchSummary | null;
  /** A fixed error report still being matched by the worker (its progress counts error rows indexed, then report rows). */
  matching: boolean;
};

/** A fixed error report's fix options: the report's upload until the worker has matched it, then what matched. */
type ReportFixOptions = { reportKey?: string; report?: PatchSummary } | null;

/** A fixed error report saved for the worker and not matched yet. */
const awaitsMatching = (fix: { kind: string; options: unknown }) => fix.kind === errorReportKind && Boolean((fix.options as ReportFixOptions)?.reportKey) && !(fix.options as ReportFixOptions)?.report;

type DbFix = Awaited<ReturnType<typeof findFixes>>[number];

function findFixes(where: { importJobId: number; id?: number; kind?: string }, db: Db) {
  return db.importFix.findMany({ where, orderBy: { id: "desc" }, take: 50, include: { createdBy: { select: { name: true, email: true } }, undoOf: { select: { kind: true, options: true } } } });
}

/** Why a fix whose worker stopped failed (the history adds that, all or nothing, it changed no row). */
const lostFixError = `its worker stopped and has not come back for ${STALE_MS / 60_000} minutes. Run the fix again.`;

function fixView(fix: DbFix): FixView {
  // A queued or running fix that has not moved for STALE_MS no longer blocks the import
  // (activeFix), and the history says so rather than "running" for ever.
  const lost = (fix.status === "queued" || fix.status === "running") && fix.updatedAt < staleBefore();
  const title = fix.kind === "undo" ? `Undo of ${fix.undoOf ? undoneFixTitle(fix.undoOf.kind, fix.undoOf.options) : "a fix"}` : fixTitle(fix.kind, fix.options);
  return {
    id: fix.id,
    kind: fix.kind,
    title,
    status: lost ? "failed" : fix.status,
    rowsTotal: fix.rowsTotal,
    rowsDone: fix.rowsDone,
    rowsChanged: fix.rowsChanged,
    cellsChanged: fix.cellsChanged,
    skipped: fix.skipped,
    error: lost ? lostFixError : fix.error,
    by: fix.createdBy?.name ?? fix.createdBy?.email ?? "someone",
    createdAt: fix.createdAt.toISOString(),
    finishedAt: fix.finishedAt?.toISOString() ?? null,
    undoneAt: fix.undoneAt?.toISOString() ?? null,
    undoOf: fix.undoOfId,
    canUndo: fix.kind !== "undo" && fix.kind !== recheckKind && fix.status === "done" && fix.undoneAt === null && fix.rowsChanged > 0,
    outcome: fix.kind === recheckKind && (fix.options as unknown as RecheckOptions).outcome ? describeRecheck((fix.options as unknown as RecheckOptions).outcome!) : null,
    report: fix.kind === errorReportKind ? ((fix.options as ReportFixOptions)?.report ?? null) : null,
    matching: awaitsMatching(fix),
  };
}

/** The import's fixes and undos, newest first (the last 50). */
export async function listImportFixes(jobId: number, db: Db = getDb()): Promise<FixView[]> {
  return (await findFixes({ importJobId: jobId }, db)).map(fixView);
}

/** The import's latest settings re-check, if any: the review says what it changed. */
export async function latestRecheck(jobId: number, db: Db = getDb()): Promise<FixView | null> {
  const [fix] = await findFixes({ importJobId: jobId, kind: recheckKind }, db);
  return fix ? fixView(fix) : null;
}

async function oneFix(jobId: number, fixId: number, db: Db): Promise<FixView> {
  const [fix] = await findFixes({ importJobId: jobId, id: fixId }, db);
  return fixView(fix!);
}

/** The fix of the import still queued or running (not stale), if any: rows may not be queued for import meanwhile. */
export async function fixInProgress(jobId: number, db: Db = getDb()): Promise<{ id: number; kind: string } | null> {
  return db.importFix.findFirst({
    where: { importJobId: jobId, status: { in: ["queued", "running"] }, updatedAt: { gt: staleBefore() } },
    select: { id: true, kind: true },
  });
}

type Refusal = { ok: false; reason: string };
export type FixRequestResult = { ok: true; fix: FixView } | Refusal;

/** Why no fix may start on the import now, if so. */
export async function refuseFixStart(jobId: number, db: Db): Promise<Refusal | null> {
  const job = await db.importJob.findUnique({ where: { id: jobId }, select: { status: true } });
  if (!job) return { ok: false, reason: `There is no import #${jobId}.` };
  if (!editableStatuses.has(job.status)) return { ok: false, reason: `Import #${jobId} is ${describeImportStatus(job.status)}; rows can no longer change.` };
  if (await fixInProgress(jobId, db)) return { ok: false, reason: "Another bulk fix of this import is still running; wait for it to finish." };
  return null;
}

/** Runs a fix to its end (in the worker or the request), then saves the request-type mapping it chose on the organization. */
async function runFix(fixId: number, databaseUrl: string, db: Db) {
  const matched = await matchQueuedReport(fixId, db);
  if (matched) return matched;
  const outcome = await runImportFix(fixId, { databaseUrl }, db);
  if (!outcome.ok) return outcome;
  const fix = await db.importFix.findUniqueOrThrow({ where: { id: fixId }, select: { importJobId: true, kind: true, options: true } });
  const mapping = (fix.options as { requestTypeMapping?: Record<string, string> } | null)?.requestTypeMapping;
  if (fix.kind === "map_request_types" && mapping && Object.keys(mapping).length) await saveOrganizationMapping(fix.importJobId, new Map(Object.entries(mapping)), db);
  return outcome;
}

/** A small fix runs now; a big one goes to the worker. Either way the caller gets the fix as listed. */
async function start(jobId: number, fixId: number, rows: number, databaseUrl: string, db: Db): Promise<FixRequestResult> {
  if (rows <= SYNC_FIX_ROWS) await runFix(fixId, databaseUrl, db);
  else await sendFixJob(fixId, databaseUrl);
  return { ok: true, fix: await oneFix(jobId, fixId, db) };
}

/** Asks for a bulk fix of an import: recorded as an ImportFix, run at once when small, else by the worker. */
export async function requestBulkFix(
  input: { jobId: number; kind: BulkFixKind; userId: number | null; requestTypeMapping?: ReadonlyMap<string, string>; findReplace?: FindReplace },
  options: { databaseUrl?: string } = {},
  db: Db = getDb(),
): Promise<FixRequestResult> {
  const refused = await refuseFixStart(input.jobId, db);
  if (refused) return refused;
  const fixOptions = { ...(input.requestTypeMapping ? { requestTypeMapping: Object.fromEntries(input.requestTypeMapping) } : {}), ...(input.findReplace ? { findReplace: input.findReplace } : {}) };
  const [count] = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "ImportRow" r WHERE r."importJobId" = $1 AND ${candidateRowsWhere(input.kind, fixOptions)}`, input.jobId);
  const rows = Number(count?.n ?? 0);
  const fix = await db.importFix.create({
    data: {
      importJobId: input.jobId,
      kind: input.kind,
      batchId: randomUUID(),
      rowsTotal: rows,
      createdById: input.userId,
      options: fixOptions,
    },
    select: { id: true },
  });
  return start(input.jobId, fix.id, rows, options.databaseUrl ?? getEnv().DATABASE_URL, db);
}

/** Asks for the undo of a fix, found from the database: an ImportFix of kind "undo", run like a fix. */
export async function requestFixUndo(input: { jobId: number; fixId: number; userId: number | null }, options: { databaseUrl?: string } = {}, db: Db = getDb()): Promise<FixRequestResult> {
  const fix = await db.importFix.findFirst({ where: { id: input.fixId, importJobId: input.jobId } });
  if (!fix || fix.kind === "undo" || fix.kind === recheckKind) return { ok: false, reason: "No such fix." };
  if (fix.undoneAt) return { ok: false, reason: "That fix was already undone." };
  if (fix.status !== "done" || fix.rowsChanged === 0) return { ok: false, reason: "That fix changed no row; there is nothing to undo." };
  const refused = await refuseFixStart(input.jobId, db);
  if (refused) return refused;
  const undo = await db.importFix.create({
    data: { importJobId: input.jobId, kind: "undo", undoOfId: fix.id, batchId: randomUUID(), rowsTotal: fix.rowsChanged, createdById: input.userId },
    select: { id: true },
  });
  return start(input.jobId, undo.id, fix.rowsChanged, options.databaseUrl ?? getEnv().DATABASE_URL, db);
}

/**
 * Asks for the writing of changes already worked out, row by row (a fixed error report's, matched
 * when it was uploaded): staged in ImportFixChange and run as a fix, so they are written set-based,
 * all or nothing, by the worker when there are many, and listed in the history with an Undo.
 */
export async function requestStagedFix(
  input: { jobId: number; userId: number | null; kind: typeof errorReportKind; changes: ReadonlyMap<bigint, readonly StagedChange[]>; options: Record<string, unknown> },
  options: { databaseUrl?: string } = {},
  db: Db = getDb(),
): Promise<FixRequestResult> {
  const refused = await refuseFixStart(input.jobId, db);
  if (refused) return refused;
  const fix = await db.importFix.create({
    data: { importJobId: input.jobId, kind: input.kind, batchId: randomUUID(), rowsTotal: input.changes.size, createdById: input.userId, options: input.options as object },
    select: { id: true },
  });
  const client = await poolOf(db).connect();
  try {
    await client.query("BEGIN");
    await stageChanges(client, fix.id, input.changes);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    const reason = `The changes could not be saved: ${error instanceof Error ? error.message : String(error)}`;
    await db.importFix.update({ where: { id: fix.id }, data: { status: "failed", error: reason, finishedAt: new Date(), updatedAt: new Date() } });
    return { ok: false, reason };
  } finally {
    client.release();
  }
  return start(input.jobId, fix.id, input.changes.size, options.databaseUrl ?? getEnv().DATABASE_URL, db);
}

/** Writes a fix's changes into ImportFixChange (COPY), inside the caller's transaction. */
async function stageChanges(client: Parameters<typeof copyRows>[0], fixId: number, changes: Iterable<readonly [bigint, readonly StagedChange[]]>): Promise<void> {
  let rows = new CopyBuffer();
  for (const [rowId, cells] of changes) {
    rows.add([fixId, rowId.toString(), JSON.stringify(cells)]);
    if (rows.rows === STAGE_ROWS) {
      await copyRows(client, "ImportFixChange", ["fixId", "importRowId", "changes"], rows);
      rows = new CopyBuffer();
    }
  }
  await copyRows(client, "ImportFixChange", ["fixId", "importRowId", "changes"], rows);
}

/**
 * Asks the worker to match a fixed error report and write its changes: for an import with more
 * error rows than the request should index (error-report-patch.ts). The report waits in the
 * uploads folder under `storageKey`; the fix is followed like any other, matching first.
 */
export async function requestReportMatch(
  input: { jobId: number; userId: number | null; storageKey: string; errorRows: number },
  options: { databaseUrl?: string } = {},
  db: Db = getDb(),
): Promise<FixRequestResult> {
  const refused = await refuseFixStart(input.jobId, db);
  if (refused) {
    await removeUpload(input.storageKey);
    return refused;
  }
  const fix = await db.importFix.create({
    data: { importJobId: input.jobId, kind: errorReportKind, batchId: randomUUID(), rowsTotal: 2 * input.errorRows, createdById: input.userId, options: { reportKey: input.storageKey } },
    select: { id: true },
  });
  await sendFixJob(fix.id, options.databaseUrl ?? getEnv().DATABASE_URL);
  return { ok: true, fix: await oneFix(input.jobId, fix.id, db) };
}

/**
 * The worker's first step for a fixed error report still to be matched: match it (its progress:
 * error rows indexed, then report rows), then stage its changes and record what matched, in one
 * transaction, so a retried job matches it once. Returns the outcome when the fix ends here (the
 * report refused, or nothing to change), else null: the staged changes are then written as any fix.
 */
async function matchQueuedReport(fixId: number, db: Db): Promise<FixOutcome | null> {
  const pending = (fix: { kind: string; status: string; options: unknown }) => awaitsMatching(fix) && (fix.status === "queued" || fix.status === "running");
  const select = { importJobId: true, kind: true, status: true, options: true } as const;
  if (!pending(await db.importFix.findUniqueOrThrow({ where: { id: fixId }, select }))) return null;
  // The fix's own lock (as runImportFix takes it), held while matching: a second runner neither
  // matches it again nor, finding the report gone, fails a fix the first is writing.
  const lock = await poolOf(db).connect();
  try {
    const claimed = await lock.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(hashtext('import-fix'), $1) AS ok`, [fixId]);
    if (!claimed.rows[0]?.ok) return { ok: false, reason: `Fix #${fixId} is already running.` };
    try {
      const fix = await db.importFix.findUniqueOrThrow({ where: { id: fixId }, select });
      return pending(fix) ? await matchReportOfFix(fixId, fix.importJobId, (fix.options as { reportKey: string }).reportKey, db) : null;
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(hashtext('import-fix'), $1)`, [fixId]);
    }
  } finally {
    lock.release();
  }
}

async function matchReportOfFix(fixId: number, importJobId: number, reportKey: string, db: Db): Promise<FixOutcome | null> {
  await db.importFix.update({ where: { id: fixId }, data: { status: "running", startedAt: new Date(), updatedAt: new Date(), rowsDone: 0 } });
  let reported = performance.now();
  const onProgress = async ({ indexed, reportRows }: { indexed: number; reportRows: number }) => {
    if (performance.now() - reported < 500) return;
    reported = performance.now();
    await db.importFix.update({ where: { id: fixId }, data: { rowsDone: indexed + reportRows, updatedAt: new Date() } });
  };
  const fail = async (reason: string): Promise<FixOutcome> => {
    await db.importFix.update({ where: { id: fixId }, data: { status: "failed", error: reason, finishedAt: new Date(), updatedAt: new Date() } });
    return { ok: false, reason };
  };
  // The changes are staged as they are worked out, in one transaction committed with what
  // matched: the worker never holds them all (1M rows' changes were ~0.4 GB).
  const client = await poolOf(db).connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const onChanges = (batch: readonly (readonly [bigint, StagedChange[]])[]) => stageChanges(client, fixId, batch);
    const matched = await matchErrorReport(importJobId, fileSource(uploadPath(reportKey)), db, { onChanges, onProgress }).catch((error: unknown) =>
      (error as NodeJS.ErrnoException)?.code === "ENOENT" ? ({ ok: false, reason: "the uploaded report is no longer on the server; upload it again." } as const) : Promise.reject(error),
    );
    if (!matched.ok) {
      await client.query("ROLLBACK");
      return await fail(matched.reason);
    }
    const { changedRows } = matched.summary;
    const done = changedRows === 0;
    await client.query(
      `UPDATE "ImportFix" SET options = $2::jsonb, "rowsTotal" = $3, "rowsDone" = 0, "updatedAt" = now()${done ? `, status = 'done', "finishedAt" = now()` : ""} WHERE id = $1`,
      [fixId, JSON.stringify({ report: matched.summary }), changedRows],
    );
    await client.query("COMMIT");
    return done ? { ok: true, rowsChanged: 0, cellsChanged: 0, skipped: 0 } : null;
  } catch (error) {
    await client.query("ROLLBACK").catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    return await fail(`The report could not be matched: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    // A connection that could not roll back is dropped, not handed to the next caller.
    client.release(broken);
    await removeUpload(reportKey);
  }
}

export type ChangeUndoResult = { ok: true; rows: ChangedRow[]; fix?: FixView } | Refusal;

/**
 * Undo from a row's history. A change made by a bulk fix takes back the whole fix, as the fix's
 * own undo (requestFixUndo: a job for a big one, with its progress and history), never by loading
 * its edits into the request; any other change (a cell, a marker moved) is undone at once.
 */
export async function undoChange(input: { jobId: number; editId: bigint; userId: number | null }, options: { databaseUrl?: string } = {}, db: Db = getDb()): Promise<ChangeUndoResult> {
  const edit = await db.importRowEdit.findFirst({ where: { id: input.editId, importRow: { importJobId: input.jobId } }, select: { batchId: true } });
  const fix = edit?.batchId ? await db.importFix.findFirst({ where: { batchId: edit.batchId, importJobId: input.jobId }, select: { id: true, kind: true } }) : null;
  if (fix && fix.kind !== "undo") {
    const undo = await requestFixUndo({ jobId: input.jobId, fixId: fix.id, userId: input.userId }, options, db);
    return undo.ok ? { ok: true, rows: [], fix: undo.fix } : undo;
  }
  const undone = await undoEdit(input.jobId, input.editId, input.userId, db);
  return undone.ok ? { ok: true, rows: undone.rows } : undone;
}

/** The worker's handler of the fix queue (lib/jobs/fix-queue.ts), handed over by lib/runtime/worker-main.ts. */
export async function runFixJob(fixId: number, log: (line: string) => void, options: { databaseUrl?: string } = {}, db: Db = getDb()): Promise<void> {
  const started = performance.now();
  const outcome = await runFix(fixId, options.databaseUrl ?? getEnv().DATABASE_URL, db);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (outcome.ok) log(`fix #${fixId}: changed ${outcome.rowsChanged} rows (${outcome.cellsChanged} cells, ${outcome.skipped} skipped) in ${seconds} s`);
  else log(`fix #${fixId} failed, no row changed: ${outcome.reason}`);
}
