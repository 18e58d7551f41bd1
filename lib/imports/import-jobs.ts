import "server-only";
import { getDb, type Db } from "../db/client.ts";
import { organizationScope, type Viewer } from "../auth/policy.ts";
import { getEnv, getEnvWithoutDatabase } from "../env.ts";
import { ensureGenericUser } from "../crm/org-config-store.ts";
import { dropQueuedChunksSql, ensureQueueInstalled, sendPendingChunksSql } from "../jobs/queue.ts";
import { finalizeCancelSql } from "../jobs/job-sql.ts";
import { fixInProgress } from "./fix-jobs.ts";
import { takeSettingsSnapshot } from "./settings-snapshot.ts";
import { recordAuditEvent } from "../auth/audit-log.ts";
import { describeImportStatus, discardableStatuses, rerunnableStatuses, resumableStatuses, writableStatuses } from "../jobs/import-status.ts";

export async function listImportJobs(viewer: Viewer, options: { take?: number } = {}, db: Db = getDb()) {
  return db.importJob.findMany({
    // A customer sees only its own uploads (the policy's rule for one import, decide()).
    where: { ...organizationScope(viewer), ...(viewer.role === "customer" ? { createdById: viewer.userId } : {}) },
    orderBy: { createdAt: "desc" },
    take: options.take ?? 100,
    omit: { report: true },
    include: { organization: { select: { name: true, slug: true, timezone: true } }, files: { select: { name: true }, orderBy: { position: "asc" } }, submittedBy: { select: { name: true, email: true } },
      // Imported rows are the issues there now (as in import-counts.ts), not the counter a roll back leaves.
      _count: { select: { issues: true } } },
  });
}

export type ImportJobListItem = Awaited<ReturnType<typeof listImportJobs>>[number];

// ─── The import's life cycle (docs/import-executor.md) ──────────────────────────────────────
// draft → validating → ready → queued → running → completed
//                                 └────────┴→ cancelling → cancelled;  running → failed
// completed | cancelled | failed → rolled_back

export type JobResult<T extends object = object> = ({ ok: true } & T) | { ok: false; reason: string };

export async function createImportJob(input: { organizationId: number; createdById?: number | null; onlyValid?: boolean }, db: Db = getDb()) {
  return db.$transaction(async (tx) => {
    const job = await tx.importJob.create({
      data: { organizationId: input.organizationId, createdById: input.createdById ?? null, onlyValid: input.onlyValid ?? false, status: "draft" },
      select: { id: true },
    });
    await recordAuditEvent({ action: "import.created", actorId: input.createdById ?? null, organizationId: input.organizationId, importJobId: job.id, summary: "Started the import" }, tx);
    return job;
  });
}

/**
 * The unfinished import of exactly these files (names, contents and mapping file), for `bulk-import
 * import` run again after a crash: a queued, running or failed one is resumed; one validated but
 * never queued, or whose validation was interrupted (no heartbeat for a minute), is validated
 * again and reused.
 */
export async function findImportJobForFiles(
  input: { organizationId: number; files: readonly { name: string; sha256: string }[]; mapping?: { name: string; sha256: string } | null },
  db: Db = getDb(),
) {
  const candidates = await db.importJob.findMany({
    where: {
      organizationId: input.organizationId,
      OR: [{ status: { in: [...rerunnableStatuses.list] } }, { status: "validating", heartbeatAt: { lt: new Date(Date.now() - 60_000) } }],
    },
    orderBy: { id: "desc" },
    take: 50,
    select: { id: true, status: true, files: { select: { kind: true, name: true, sha256: true, position: true }, orderBy: [{ kind: "asc" }, { position: "asc" }] } },
  });
  const same = (stored: { name: string; sha256: string }[], wanted: readonly { name: string; sha256: string }[], interrupted: boolean) =>
    stored.length === wanted.length &&
    stored.every((file, i) => file.name === wanted[i]!.name && (file.sha256 === wanted[i]!.sha256 || (interrupted && file.sha256 === "")));
  return (
    candidates.find((job) => {
      const interrupted = job.status === "validating";
      return (
        same(job.files.filter((file) => file.kind === "data"), input.files, interrupted) &&
        same(job.files.filter((file) => file.kind === "mapping"), input.mapping ? [input.mapping] : [], interrupted)
      );
    }) ?? null
  );
}

/** Rows of these files the organization already has (an earlier import of the same file), per file and import. */
export async function listAlreadyImported(organizationId: number, sha256s: readonly string[], db: Db = getDb()) {
  if (!sha256s.length) return [];
  const groups = await db.issue.groupBy({
    by: ["sourceSha256", "importJobId"],
    where: { organizationId, sourceSha256: { in: [...sha256s] } },
    _count: { _all: true },
  });
  return groups.map((group) => ({ sha256: group.sourceSha256!, importJobId: group.importJobId, rows: group._count._all }));
}

/**
 * Queues a validated import: plans its chunks (runs of `chunkRows` ImportRows) and sends a queue
 * job per chunk, all in one transaction. Refused while the import has validation errors, unless
 * it imports only the valid rows.
 */
export async function enqueueImportJob(
  importJobId: number,
  options: { databaseUrl?: string; chunkRows?: number; onlyValid?: boolean; queuedById?: number | null } = {},
  db: Db = getDb(),
): Promise<JobResult<{ chunks: number; rows: number }>> {
  const job = await db.importJob.findUnique({ where: { id: importJobId }, select: { organizationId: true, status: true, errorCount: true, onlyValid: true } });
  if (!job) return { ok: false, reason: `There is no import #${importJobId}.` };
  if (job.status !== "ready") return { ok: false, reason: `Import #${importJobId} is ${describeImportStatus(job.status)}; only a validated import can be queued.` };
  const fixing = await fixInProgress(importJobId, db);
  if (fixing) return { ok: false, reason: `A bulk fix of import #${importJobId} is still running; queue the import when it has finished.` };
  // A whole-file error blocks the import, "only valid rows" or not: fix the file, or take it out.
  const blocked = await db.importFile.findMany({ where: { importJobId, kind: "data", blocked: true }, orderBy: { position: "asc" }, select: { name: true } });
  if (blocked.length) {
    const names = blocked.map((file) => file.name).join(", ");
    return { ok: false, reason: `${names} ${blocked.length === 1 ? "has a whole-file error" : "have whole-file errors"}: upload ${blocked.length === 1 ? "it" : "them"} fixed, or remove ${blocked.length === 1 ? "it" : "them"} from the import.` };
  }
  const onlyValid = options.onlyValid ?? job.onlyValid;
  if (job.errorCount > 0 && !onlyValid) {
    return { ok: false, reason: `Import #${importJobId} has ${job.errorCount} validation error${job.errorCount === 1 ? "" : "s"}: fix them, or import only the valid rows.` };
  }
  await ensureQueueInstalled(options.databaseUrl ?? getEnv().DATABASE_URL);
  // The generic user is created (Wrenchbot) before any chunk needs it.
  await ensureGenericUser(job.organizationId, db);
  const chunkRows = Math.max(1, Math.floor(options.chunkRows ?? getEnvWithoutDatabase().IMPORT_CHUNK_ROWS));
  return db.$transaction(
    async (tx) => {
      const locked = await tx.$queryRawUnsafe<{ status: string }[]>(`SELECT status::text FROM "ImportJob" WHERE id = $1 FOR NO KEY UPDATE`, importJobId);
      if (locked[0]?.status !== "ready") return { ok: false as const, reason: `Import #${importJobId} is ${describeImportStatus(locked[0]?.status ?? "gone")}; only a validated import can be queued.` };
      await tx.importChunk.deleteMany({ where: { importJobId } });
      await tx.$executeRawUnsafe(
        `INSERT INTO "ImportChunk" ("importJobId", index, "firstRowId", "lastRowId", "rowCount")
         SELECT $1, (n - 1) / $2, min(id), max(id), count(*)
         FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM "ImportRow" WHERE "importJobId" = $1) AS r
         GROUP BY (n - 1) / $2`,
        importJobId,
        chunkRows,
      );
      const chunks = await tx.importChunk.count({ where: { importJobId } });
      const rows = await tx.importRow.count({ where: { importJobId } });
      const now = new Date();
      await tx.importJob.update({
        where: { id: importJobId },
        data: {
          status: chunks ? "queued" : "completed",
          onlyValid,
          queuedById: options.queuedById ?? null,
          queuedAt: now,
          heartbeatAt: now,
          startedAt: chunks ? null : now,
          finishedAt: chunks ? null : now,
          cancelRequestedAt: null,
          error: null,
          chunksTotal: chunks,
          chunksDone: 0,
          totalRows: rows,
          rowsDone: 0,
          issuesCreated: 0,
          rowsSkipped: 0,
          rowsFailed: 0,
          usersCreated: 0,
          rowsPerSecond: null,
          etaSeconds: null,
        },
      });
      await takeSettingsSnapshot(importJobId, job.organizationId, tx);
      if (chunks) await tx.$executeRawUnsafe(sendPendingChunksSql, importJobId);
      const summary = `Queued the import: ${rows} row${rows === 1 ? "" : "s"}${onlyValid ? ", valid rows only" : ""}`;
      await recordAuditEvent({ action: "import.queued", actorId: options.queuedById ?? null, importJobId, summary, detail: { rows, chunks, onlyValid } }, tx);
      return { ok: true as const, chunks, rows };
    },
    { timeout: 120_000 },
  );
}

/**
 * Continues an import that stopped (a crash, a failure, a cancel): its pending chunks are sent
 * again; the chunks already written stay written. A validated import is queued.
 */
export async function resumeImportJob(
  importJobId: number,
  options: { databaseUrl?: string; chunkRows?: number } = {},
  db: Db = getDb(),
): Promise<JobResult<{ status: string }>> {
  const job = await db.importJob.findUnique({ where: { id: importJobId }, select: { status: true, queuedAt: true } });
  if (!job) return { ok: false, reason: `There is no import #${importJobId}.` };
  if (job.status === "cancelled" && job.queuedAt === null) return { ok: false, reason: `Import #${importJobId} was discarded before it was queued; start a new import of its files.` };
  if (job.status === "ready") {
    const queued = await enqueueImportJob(importJobId, options, db);
    return queued.ok ? { ok: true, status: "queued" } : queued;
  }
  if (job.status === "completed") return { ok: true, status: "completed" };
  if (!resumableStatuses.has(job.status)) {
    return { ok: false, reason: `Import #${importJobId} is ${describeImportStatus(job.status)}; it cannot be resumed.` };
  }
  await ensureQueueInstalled(options.databaseUrl ?? getEnv().DATABASE_URL);
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRawUnsafe<{ status: string; startedAt: Date | null; chunksDone: number; chunksTotal: number }[]>(
      `SELECT status::text, "startedAt", "chunksDone", "chunksTotal" FROM "ImportJob" WHERE id = $1 FOR NO KEY UPDATE`,
      importJobId,
    );
    const current = locked[0]!;
    if (!resumableStatuses.has(current.status)) return { ok: false as const, reason: `Import #${importJobId} is ${describeImportStatus(current.status)}; it cannot be resumed.` };
    await tx.importChunk.updateMany({ where: { importJobId, status: "pending" }, data: { attempts: 0, error: null } });
    const finished = current.chunksDone >= current.chunksTotal;
    const status = finished ? "completed" : current.startedAt ? "running" : "queued";
    await tx.importJob.update({
      where: { id: importJobId },
      data: { status, error: null, finishedAt: finished ? new Date() : null, cancelRequestedAt: null, heartbeatAt: new Date() },
    });
    if (!finished) await tx.$executeRawUnsafe(sendPendingChunksSql, importJobId);
    return { ok: true as const, status };
  });
}

/**
 * Cancels an import: a queued or running one stops after the chunks being written (cancelling →
 * cancelled); one not queued yet is cancelled at once.
 */
export async function cancelImportJob(importJobId: number, actorId: number | null, db: Db = getDb()): Promise<JobResult<{ status: string }>> {
  const result = await db.$transaction(async (tx) => {
    const locked = await tx.$queryRawUnsafe<{ status: string }[]>(`SELECT status::text FROM "ImportJob" WHERE id = $1 FOR NO KEY UPDATE`, importJobId);
    const status = locked[0]?.status;
    if (!status) return { ok: false as const, reason: `There is no import #${importJobId}.` };
    if (status === "cancelling") return { ok: true as const, status };
    if (writableStatuses.has(status)) {
      await tx.importJob.update({ where: { id: importJobId }, data: { status: "cancelling", cancelRequestedAt: new Date() } });
      await recordAuditEvent({ action: "import.cancelled", actorId, importJobId, summary: "Cancelled the import (it stops after the chunks being written)", detail: { from: status } }, tx);
      return { ok: true as const, status: "cancelling" };
    }
    if (discardableStatuses.has(status)) {
      await tx.importJob.update({ where: { id: importJobId }, data: { status: "cancelled", cancelRequestedAt: new Date(), finishedAt: new Date() } });
      await recordAuditEvent({ action: "import.cancelled", actorId, importJobId, summary: "Cancelled the import", detail: { from: status } }, tx);
      return { ok: true as const, status: "cancelled" };
    }
    return { ok: false as const, reason: `Import #${importJobId} is already ${describeImportStatus(status)}.` };
  });
  if (!result.ok || result.status !== "cancelling") return result;
  // No chunk in flight: cancelled now. Otherwise the worker writing the last chunk finishes it.
  const done = await db.$queryRawUnsafe<{ id: number }[]>(finalizeCancelSql, importJobId);
  if (done.length) {
    await db.$executeRawUnsafe(dropQueuedChunksSql, importJobId).catch(() => undefined);
    return { ok: true, status: "cancelled" };
  }
  return result;
}
