import type pg from "pg";
import type { Db } from "../db/client.ts";
import { skipRowTriggers } from "../db/row-triggers.ts";
import { ensureGenericUser } from "../crm/org-config-store.ts";
import { dropQueuedChunkSql, dropQueuedChunksSql } from "./queue.ts";
import { clockUtc, finalizeCancelSql, nowUtc } from "./job-sql.ts";
import { CrmRows } from "./crm-rows.ts";
import { fileLayout, planRow, type FileLayout, type PlannedIssue, type RequestTypeLookup } from "./row-plan.ts";
import type { ExecutorSettings } from "./settings.ts";
import { finishedStatuses, writableStatuses } from "./import-status.ts";

/**
 * The import executor (docs/import-executor.md): writes one chunk of an import's rows as CRM
 * issues in ONE transaction, which also marks the chunk done and advances the import's progress
 * counters, so a chunk happens exactly once whatever crashes. The chunk is claimed with
 * `SELECT … FOR UPDATE SKIP LOCKED`, so two workers never write the same chunk, and a duplicate
 * queue job for a done chunk finds nothing to do. Every issue carries its source (file sha256 +
 * row), unique per organization, so a row already imported into the organization (by an earlier
 * import of the same file) is skipped with a reason.
 *
 * The hot path is a handful of statements per chunk through the pg driver, the CRM rows written
 * with COPY (`crm-rows.ts`), not Prisma; Prisma only loads the job's context once per worker.
 */

type JobContext = {
  importJobId: number;
  organizationId: number;
  genericUserId: number;
  /** The organization's message for a blank acknowledge_message; null: the CRM's default. */
  acknowledgeMessage: string | null;
  types: RequestTypeLookup;
  files: ReadonlyMap<number, { name: string; sha256: string; blocked: boolean; layout: FileLayout }>;
};

export type ChunkOutcome =
  | { kind: "written"; chunkId: number; rows: number; issuesCreated: number; status: string }
  /** No pending chunk could be claimed (all done, or being written by other workers). */
  | { kind: "none" }
  /** The import is not running (cancelled, failed, rolled back, …): nothing was written. */
  | { kind: "stopped"; status: string | null };

type Planned = { record: ImportRowRecord; sha256: string; fileName: string; issue: PlannedIssue };

type ImportRowRecord = { id: string; importFileId: number; row: number; values: string[]; errorCount: number; problems: { code?: string }[] | null };

// deadlock_detected, serialization_failure, and unique_violation: a concurrent import wrote the
// same source rows between this chunk's check and its COPY; the retry skips them.
const retryableCodes = new Set(["40P01", "40001", "23505"]);


function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class ImportExecutor {
  /** Imports with chunks in flight in this process → how many (the heartbeat refreshes these). */
  readonly active = new Map<number, number>();
  private readonly contexts = new Map<number, Promise<JobContext>>();
  private stopping = false;
  /** Whether this database lets the executor batch its referential checks (null: not tried yet). */
  private replicaRole: boolean | null = null;
  private issueIdSequence: string | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly db: Db,
    private readonly settings: ExecutorSettings,
    readonly workerId: string,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** After the chunk in hand, take no more (graceful stop). */
  stop(): void {
    this.stopping = true;
  }

  /**
   * A queue job: writes its chunk, then keeps taking the import's other pending chunks (for up
   * to drainBudgetMs) so that one queue fetch is not paid per chunk. A chunk taken this way has
   * its own waiting queue job dropped in the same transaction.
   */
  async runChunkJob(data: { importJobId: number; chunkId: number }): Promise<{ chunks: number; rows: number }> {
    const deadline = Date.now() + this.settings.drainBudgetMs;
    let chunks = 0;
    let rows = 0;
    let next: number | null = data.chunkId;
    this.active.set(data.importJobId, (this.active.get(data.importJobId) ?? 0) + 1);
    try {
      for (;;) {
        const outcome = await this.processChunk(data.importJobId, next);
        if (outcome.kind !== "written") break;
        chunks++;
        rows += outcome.rows;
        if (outcome.status !== "running" || this.stopping || Date.now() > deadline) break;
        next = null;
      }
    } finally {
      const left = (this.active.get(data.importJobId) ?? 1) - 1;
      if (left > 0) this.active.set(data.importJobId, left);
      else this.active.delete(data.importJobId);
    }
    return { chunks, rows };
  }

  /** Writes one chunk: `chunkId` if it is still pending and free, else any pending free chunk of the import. */
  async processChunk(importJobId: number, chunkId: number | null): Promise<ChunkOutcome> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    let claimedId: number | null = null;
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          await client.query("BEGIN");
          const claimed = await this.claim(client, importJobId, chunkId);
          if (!claimed) {
            await client.query("COMMIT");
            return { kind: "none" };
          }
          claimedId = claimed.id;
          const job = await client.query<{ status: string }>(`SELECT status FROM "ImportJob" WHERE id = $1`, [importJobId]);
          const status = job.rows[0]?.status ?? null;
          if (status === null || !writableStatuses.has(status)) {
            await client.query("ROLLBACK");
            return { kind: "stopped", status };
          }
          const outcome = await this.writeChunk(client, await this.context(importJobId), claimed);
          await client.query("COMMIT");
          // The chunk is written: tidying up after it must not count as the chunk failing.
          await this.afterCommit(importJobId, outcome.status).catch((error: unknown) => this.log(`import #${importJobId}: after chunk ${claimed.id}: ${describeError(error)}`));
          return outcome;
        } catch (error) {
          await client.query("ROLLBACK").catch((rollbackError: Error) => {
            broken = rollbackError;
          });
          if (broken) throw error;
          const code = (error as { code?: string }).code;
          if (code && retryableCodes.has(code) && attempt < 5) {
            await sleep(20 * attempt);
            continue;
          }
          if (claimedId !== null) await this.recordFailure(importJobId, claimedId, error);
          throw error;
        }
      }
    } finally {
      client.release(broken);
    }
  }

  private async claim(client: pg.PoolClient, importJobId: number, chunkId: number | null) {
    type Claimed = { id: number; firstRowId: string; lastRowId: string };
    if (chunkId !== null) {
      const own = await client.query<Claimed>(
        `SELECT id, "firstRowId", "lastRowId" FROM "ImportChunk" WHERE id = $1 AND "importJobId" = $2 AND status = 'pending' FOR UPDATE SKIP LOCKED`,
        [chunkId, importJobId],
      );
      if (own.rows[0]) return own.rows[0];
    }
    const any = await client.query<Claimed>(
      `SELECT id, "firstRowId", "lastRowId" FROM "ImportChunk" WHERE "importJobId" = $1 AND status = 'pending' ORDER BY index LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [importJobId],
    );
    return any.rows[0] ?? null;
  }

  /** One chunk in one transaction: read its rows, plan them, write the issues, record the rest, advance the job. */
  private async writeChunk(client: pg.PoolClient, context: JobContext, chunk: { id: number; firstRowId: string; lastRowId: string }) {
    const rows = await readChunkRows(client, context.importJobId, chunk);
    const { planned, outcome } = planChunkRows(context, rows);
    const { userIds, usersCreated } = await ensureReporters(client, context.importJobId, planned);
    if (planned.length) await this.batchReferenceChecks(client, context, planned, userIds);
    const fresh = await skipRowsImportedBefore(client, context, planned, outcome);
    if (fresh.length) await this.insertIssues(client, context, fresh, userIds);
    await recordRowOutcomes(client, outcome);
    if (this.settings.testChunkDelayMs > 0) await sleep(this.settings.testChunkDelayMs);
    const status = await this.finishChunk(client, context.importJobId, chunk.id, {
      rows: rows.length,
      issuesCreated: fresh.length,
      skipped: countOutcomes(outcome, "skipped"),
      failed: countOutcomes(outcome, "failed"),
      usersCreated,
    });
    return { kind: "written" as const, chunkId: chunk.id, rows: rows.length, issuesCreated: fresh.length, status };
  }

  /** Marks the chunk done and advances the job's counters; the job row is updated last, so chunk transactions of one import serialize only here. */
  private async finishChunk(client: pg.PoolClient, importJobId: number, chunkId: number, counts: ChunkCounts): Promise<string> {
    await client.query(dropQueuedChunkSql, [chunkId]);
    await client.query(
      `UPDATE "ImportChunk" SET status = 'done', attempts = attempts + 1, "startedAt" = ${nowUtc}, "finishedAt" = ${clockUtc}, "workerId" = $2, error = NULL WHERE id = $1`,
      [chunkId, this.workerId],
    );
    const job = await client.query<{ status: string }>(advanceJobSql, [importJobId, counts.rows, counts.issuesCreated, counts.skipped, counts.failed, counts.usersCreated]);
    return job.rows[0]?.status ?? "running";
  }

  /**
   * Referential checks once per chunk instead of once per row (lib/db/row-triggers.ts): for a
   * chunk of 2,000 issues the foreign keys' row triggers did ~16 lookups per issue. Every parent
   * the chunk refers to (organization, import, files, request types, questions, users) is locked
   * FOR KEY SHARE once and checked to exist, then the row triggers are off for the rest of this
   * transaction. Without the right to do so (or with IMPORT_BATCH_REFERENCE_CHECKS=0) the foreign
   * keys check every row as usual.
   */
  private async batchReferenceChecks(
    client: pg.PoolClient,
    context: JobContext,
    planned: { record: ImportRowRecord; issue: PlannedIssue }[],
    userIds: ReadonlyMap<string, number>,
  ): Promise<void> {
    if (!this.settings.batchReferenceChecks || this.replicaRole === false) return;
    const skipped = await skipRowTriggers(client);
    this.replicaRole = skipped.ok;
    if (!skipped.ok) {
      this.log(`row-by-row foreign key checks (cannot set session_replication_role: ${skipped.reason})`);
      return;
    }
    const files = new Set<number>();
    const types = new Set<number>();
    const questions = new Set<number>();
    const users = new Set<number>([context.genericUserId]);
    for (const { record, issue } of planned) {
      files.add(record.importFileId);
      types.add(issue.requestTypeId);
      for (const answer of issue.answers) questions.add(answer.questionId);
      if (issue.assigneeId !== null) users.add(issue.assigneeId);
      if (issue.reporterEmail !== null) {
        const id = userIds.get(issue.reporterEmail);
        if (id !== undefined) users.add(id);
      }
    }
    const expected = { o: 1, j: 1, f: files.size, t: types.size, q: questions.size, u: users.size };
    const { rows } = await client.query<typeof expected>(
      `WITH o AS (SELECT id FROM "Organization" WHERE id = $1 FOR KEY SHARE),
            j AS (SELECT id FROM "ImportJob" WHERE id = $2 FOR KEY SHARE),
            f AS (SELECT id FROM "ImportFile" WHERE id = ANY($3::int[]) FOR KEY SHARE),
            t AS (SELECT id FROM "RequestType" WHERE id = ANY($4::int[]) AND "organizationId" = $1 FOR KEY SHARE),
            q AS (SELECT id FROM "Question" WHERE id = ANY($5::int[]) FOR KEY SHARE),
            u AS (SELECT id FROM "User" WHERE id = ANY($6::int[]) FOR KEY SHARE)
       SELECT (SELECT count(*) FROM o)::int AS o, (SELECT count(*) FROM j)::int AS j, (SELECT count(*) FROM f)::int AS f,
              (SELECT count(*) FROM t)::int AS t, (SELECT count(*) FROM q)::int AS q, (SELECT count(*) FROM u)::int AS u`,
      [context.organizationId, context.importJobId, [...files], [...types], [...questions], [...users]],
    );
    const found = rows[0]!;
    for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
      if (found[key] !== expected[key]) {
        this.contexts.delete(context.importJobId);
        throw new Error(`a row this chunk refers to was deleted meanwhile (${key}: ${found[key]} of ${expected[key]}); the chunk will be retried`);
      }
    }
  }

  /**
   * The chunk's new issues, then their events, comments and answers: one COPY per table
   * (`CrmRows`). The issues' ids are drawn from their sequence first, so the other tables can
   * refer to them without a round trip per row.
   */
  private async insertIssues(client: pg.PoolClient, context: JobContext, planned: readonly Planned[], userIds: ReadonlyMap<string, number>): Promise<void> {
    const { importJobId, genericUserId, organizationId, acknowledgeMessage } = context;
    const drawn = await client.query<{ now: string; ids: number[] }>(
      `SELECT ${nowUtc}::text AS now, ARRAY(SELECT nextval($1::regclass)::int FROM generate_series(1, $2)) AS ids`,
      [await this.issueSequence(client), planned.length],
    );
    const { now, ids } = drawn.rows[0]!;
    const rows = new CrmRows({ organizationId, importJobId, genericUserId, now, acknowledgeMessage });
    for (const [i, { record, sha256, fileName, issue: plan }] of planned.entries()) {
      const reporter = plan.reporterEmail === null ? genericUserId : userIds.get(plan.reporterEmail);
      if (reporter === undefined) throw new Error(`no user for reporter ${plan.reporterEmail}`);
      rows.add(ids[i]!, { importFileId: record.importFileId, fileName, sha256, row: record.row }, plan, reporter);
    }
    await rows.copy(client);
  }

  /** The sequence of Issue.id, looked up once. */
  private async issueSequence(client: pg.PoolClient): Promise<string> {
    if (!this.issueIdSequence) {
      const found = await client.query<{ name: string }>(`SELECT pg_get_serial_sequence('"Issue"', 'id') AS name`);
      this.issueIdSequence = found.rows[0]!.name;
    }
    return this.issueIdSequence;
  }

  private async afterCommit(importJobId: number, status: string): Promise<void> {
    if (finishedStatuses.has(status)) {
      this.contexts.delete(importJobId);
      await this.pool.query(dropQueuedChunksSql, [importJobId]).catch(() => undefined);
    } else if (status === "cancelling") {
      const done = await this.pool.query(finalizeCancelSql, [importJobId]);
      if (done.rowCount) await this.pool.query(dropQueuedChunksSql, [importJobId]).catch(() => undefined);
    }
  }

  /** A chunk that threw: count the attempt; after maxAttempts the import fails with the error. */
  private async recordFailure(importJobId: number, chunkId: number, error: unknown): Promise<void> {
    const message = describeError(error).slice(0, 2000);
    try {
      const chunk = await this.pool.query<{ attempts: number }>(`UPDATE "ImportChunk" SET attempts = attempts + 1, error = $2 WHERE id = $1 RETURNING attempts`, [chunkId, message]);
      const attempts = chunk.rows[0]?.attempts ?? 0;
      this.log(`import #${importJobId} chunk ${chunkId} failed (attempt ${attempts}): ${message}`);
      if (attempts >= this.settings.maxAttempts) {
        await this.pool.query(
          `UPDATE "ImportJob" SET status = 'failed', error = $2, "finishedAt" = ${clockUtc}, "etaSeconds" = NULL, "updatedAt" = ${clockUtc}
           WHERE id = $1 AND status IN ('queued', 'running')`,
          [importJobId, `A chunk failed ${attempts} times: ${message}`],
        );
        await this.pool.query(finalizeCancelSql, [importJobId]);
      }
    } catch (recordError) {
      this.log(`import #${importJobId}: could not record a chunk failure: ${describeError(recordError)}`);
    }
  }

  /** Keeps the heartbeat of the imports this worker is writing fresh (the sweeper leaves them alone). */
  async heartbeat(): Promise<void> {
    const ids = [...this.active.keys()];
    if (!ids.length) return;
    await this.pool.query(`UPDATE "ImportJob" SET "heartbeatAt" = ${clockUtc} WHERE id = ANY($1::int[]) AND status IN ('queued', 'running', 'cancelling')`, [ids]);
  }

  private context(importJobId: number): Promise<JobContext> {
    let context = this.contexts.get(importJobId);
    if (!context) {
      context = loadJobContext(this.db, importJobId);
      context.catch(() => this.contexts.delete(importJobId));
      if (this.contexts.size > 50) this.contexts.clear();
      this.contexts.set(importJobId, context);
    }
    return context;
  }
}

/** What every chunk of an import needs: its organization's request types and questions, the mapping, its files, the generic user. */
export async function loadJobContext(db: Db, importJobId: number): Promise<JobContext> {
  const job = await db.importJob.findUniqueOrThrow({
    where: { id: importJobId },
    select: {
      organizationId: true,
      mappings: { select: { oldValue: true, newValue: true } },
      files: { where: { kind: "data" }, select: { id: true, name: true, sha256: true, header: true, blocked: true } },
    },
  });
  const requestTypes = await db.requestType.findMany({
    where: { organizationId: job.organizationId },
    select: { id: true, title: true, autoAssignUserId: true, questions: { select: { id: true, text: true } } },
  });
  const generic = await ensureGenericUser(job.organizationId, db);
  const organization = await db.organization.findUniqueOrThrow({ where: { id: job.organizationId }, select: { acknowledgeMessage: true } });
  return {
    importJobId,
    organizationId: job.organizationId,
    genericUserId: generic.id,
    acknowledgeMessage: organization.acknowledgeMessage,
    types: {
      byTitle: new Map(
        requestTypes.map((type) => [type.title, { id: type.id, autoAssignUserId: type.autoAssignUserId, questions: new Map(type.questions.map((q) => [q.text, q.id])) }]),
      ),
      mapping: new Map(job.mappings.map((m) => [m.oldValue, m.newValue])),
    },
    files: new Map(job.files.map((file) => [file.id, { name: file.name, sha256: file.sha256, blocked: file.blocked, layout: fileLayout(file.header) }])),
  };
}

type RowOutcome = { status: "skipped" | "failed"; reason: string };
type ChunkCounts = { rows: number; issuesCreated: number; skipped: number; failed: number; usersCreated: number };

/** The chunk's rows, values read as JSON text: JSON.parse reads them ~3× faster than pg's parser of text[]. */
async function readChunkRows(client: pg.PoolClient, importJobId: number, chunk: { firstRowId: string; lastRowId: string }): Promise<ImportRowRecord[]> {
  const read = await client.query<Omit<ImportRowRecord, "values"> & { values: string }>(
    `SELECT id, "importFileId", row, array_to_json(values)::text AS values, "errorCount", CASE WHEN "errorCount" > 0 THEN problems END AS problems
     FROM "ImportRow" WHERE "importJobId" = $1 AND id BETWEEN $2 AND $3 ORDER BY id`,
    [importJobId, chunk.firstRowId, chunk.lastRowId],
  );
  return read.rows.map((row) => ({ ...row, values: JSON.parse(row.values) as string[] }));
}

/**
 * Plans every row. Rows with errors (imports run with --only-valid) are skipped, not imported by
 * choice; rows that no longer fit the configuration fail with a reason; an imported row needs no
 * outcome of its own: its issue records it.
 */
function planChunkRows(context: JobContext, rows: readonly ImportRowRecord[]): { planned: Planned[]; outcome: Map<string, RowOutcome> } {
  const planned: Planned[] = [];
  const outcome = new Map<string, RowOutcome>();
  for (const record of rows) {
    const file = context.files.get(record.importFileId);
    if (!file) {
      outcome.set(record.id, { status: "failed", reason: "its file is not part of the import any more" });
    } else if (file.blocked) {
      // Rows with errors reach the executor only when the import takes the valid rows alone: not imported by choice.
      outcome.set(record.id, { status: "skipped", reason: "its file has a file-level error, so none of its rows is imported" });
    } else if (record.errorCount > 0) {
      const codes = [...new Set((record.problems ?? []).map((problem) => problem.code).filter(Boolean))];
      outcome.set(record.id, { status: "skipped", reason: `has ${record.errorCount} validation error${record.errorCount === 1 ? "" : "s"}${codes.length ? ` (${codes.join(", ")})` : ""}` });
    } else {
      const plan = planRow(file.layout, context.types, record.values);
      if (plan.ok) planned.push({ record, sha256: file.sha256, fileName: file.name, issue: plan.issue });
      else outcome.set(record.id, { status: "failed", reason: plan.reason });
    }
  }
  return { planned, outcome };
}

/** Reporters: existing users by email (case-insensitive), else new guest users of this import. */
async function ensureReporters(client: pg.PoolClient, importJobId: number, planned: readonly Planned[]): Promise<{ userIds: Map<string, number>; usersCreated: number }> {
  const emails = [...new Set(planned.flatMap((p) => (p.issue.reporterEmail ? [p.issue.reporterEmail] : [])))].sort();
  const userIds = new Map<string, number>();
  if (!emails.length) return { userIds, usersCreated: 0 };
  const created = await client.query(
    `INSERT INTO "User" (email, "isGuest", "invitationState", "createdByImportId", "createdAt", "updatedAt")
     SELECT e, true, 'pending', $2, ${nowUtc}, ${nowUtc} FROM unnest($1::text[]) AS e ORDER BY e
     ON CONFLICT DO NOTHING RETURNING id`,
    [emails, importJobId],
  );
  const found = await client.query<{ id: number; email: string }>(`SELECT id, lower(email) AS email FROM "User" WHERE lower(email) = ANY($1::text[]) FOR KEY SHARE`, [emails]);
  for (const user of found.rows) userIds.set(user.email, user.id);
  return { userIds, usersCreated: created.rowCount ?? 0 };
}

/**
 * Source rows the organization already has (an earlier import of the same file, or an identical
 * file earlier in this one) are skipped, saying by which import; returns the rows still to write.
 * A concurrent transaction writing the same source rows makes the COPY fail on the unique index;
 * the chunk is then retried and finds them here.
 */
async function skipRowsImportedBefore(client: pg.PoolClient, context: JobContext, planned: readonly Planned[], outcome: Map<string, RowOutcome>): Promise<Planned[]> {
  const earlier = await findEarlierIssues(client, context.organizationId, planned);
  const fresh: Planned[] = [];
  for (const p of planned) {
    const key = `${p.sha256}:${p.record.row}`;
    const other = earlier.get(key);
    if (other === undefined) {
      fresh.push(p);
      earlier.set(key, { importJobId: context.importJobId }); // a later copy in this chunk is skipped
      continue;
    }
    const reason = other.importJobId === null
      ? "already imported into the organization"
      : other.importJobId === context.importJobId
        ? "an identical file earlier in this import has the same row"
        : `already imported by import #${other.importJobId}`;
    outcome.set(p.record.id, { status: "skipped", reason });
  }
  return fresh;
}

/** The organization's issues of these source rows, by `sha256:row`. */
async function findEarlierIssues(client: pg.PoolClient, organizationId: number, planned: readonly Planned[]): Promise<Map<string, { importJobId: number | null }>> {
  const earlier = new Map<string, { importJobId: number | null }>();
  const rowsBySha = new Map<string, number[]>();
  for (const p of planned) {
    const list = rowsBySha.get(p.sha256);
    if (list) list.push(p.record.row);
    else rowsBySha.set(p.sha256, [p.record.row]);
  }
  for (const [sha256, sourceRows] of rowsBySha) {
    // Usually the organization has none of these rows: one probe of the unique index over the
    // chunk's range of rows says so (earlier chunks of the same file cover other ranges).
    let first = sourceRows[0]!;
    let last = first;
    for (const row of sourceRows) {
      if (row < first) first = row;
      if (row > last) last = row;
    }
    const any = await client.query(
      `SELECT 1 FROM "Issue" WHERE "organizationId" = $1 AND "sourceSha256" = $2 AND "sourceRow" BETWEEN $3 AND $4 LIMIT 1`,
      [organizationId, sha256, first, last],
    );
    if (!any.rowCount) continue;
    const found = await client.query<{ row: number; importJobId: number | null }>(
      `SELECT "sourceRow" AS row, "importJobId" FROM "Issue" WHERE "organizationId" = $1 AND "sourceSha256" = $2 AND "sourceRow" = ANY($3::int[])`,
      [organizationId, sha256, sourceRows],
    );
    for (const issue of found.rows) earlier.set(`${sha256}:${issue.row}`, issue);
  }
  return earlier;
}

/** Rows not imported, and why. */
async function recordRowOutcomes(client: pg.PoolClient, outcome: ReadonlyMap<string, RowOutcome>): Promise<void> {
  if (!outcome.size) return;
  await client.query(
    `UPDATE "ImportRow" AS r SET status = u.status::"ImportRowStatus", "statusReason" = u.reason, "updatedAt" = ${nowUtc}
     FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(id, status, reason) WHERE r.id = u.id`,
    [[...outcome.keys()], [...outcome.values()].map((result) => result.status), [...outcome.values()].map((result) => result.reason)],
  );
}

function countOutcomes(outcome: ReadonlyMap<string, RowOutcome>, status: RowOutcome["status"]): number {
  let n = 0;
  for (const result of outcome.values()) if (result.status === status) n++;
  return n;
}

/** Advances the job by one chunk; the last chunk completes it (or ends its cancellation). */
const advanceJobSql = `UPDATE "ImportJob" SET
   "rowsDone" = "rowsDone" + $2, "issuesCreated" = "issuesCreated" + $3, "rowsSkipped" = "rowsSkipped" + $4,
   "rowsFailed" = "rowsFailed" + $5, "usersCreated" = "usersCreated" + $6, "chunksDone" = "chunksDone" + 1,
   status = (CASE
     WHEN "chunksDone" + 1 >= "chunksTotal" THEN CASE WHEN status = 'cancelling' THEN 'cancelled' ELSE 'completed' END
     WHEN status = 'queued' THEN 'running'
     ELSE status::text END)::"ImportJobStatus",
   "startedAt" = COALESCE("startedAt", ${nowUtc}),
   "finishedAt" = CASE WHEN "chunksDone" + 1 >= "chunksTotal" THEN ${clockUtc} ELSE "finishedAt" END,
   "rowsPerSecond" = ("rowsDone" + $2) / GREATEST(EXTRACT(EPOCH FROM ${clockUtc} - COALESCE("startedAt", ${nowUtc})), 0.001),
   "etaSeconds" = CASE WHEN "chunksDone" + 1 >= "chunksTotal" THEN 0 ELSE CEIL(GREATEST("totalRows" - "rowsDone" - $2, 0)
     * GREATEST(EXTRACT(EPOCH FROM ${clockUtc} - COALESCE("startedAt", ${nowUtc})), 0.001) / GREATEST("rowsDone" + $2, 1))::int END,
   "heartbeatAt" = ${clockUtc}, "updatedAt" = ${clockUtc}
 WHERE id = $1 RETURNING status`;
