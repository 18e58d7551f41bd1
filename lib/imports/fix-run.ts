import "server-only";
import { setImmediate } from "node:timers/promises";
import pg from "pg";
import { getDb, type Db } from "../db/client.ts";
import { pgConfigFromUrl } from "../db/database-url.ts";
import { CopyBuffer, copyRows } from "../db/copy-rows.ts";
import { ANALYZE_AFTER_ROWS, refreshPlannerStatistics } from "../db/planner-statistics.ts";
import { restoreRowTriggers, skipRowTriggers } from "../db/row-triggers.ts";
import { bulkFixes, type BulkFixKind, type CellChange, type FixContext } from "../engine/fixes/bulk-fixes.ts";
import { describeFindReplace, type FindReplace } from "../engine/fixes/find-replace.ts";
import { auditEventSql } from "../auth/audit-log.ts";
import { conversionProblemCodes, type Problem } from "../engine/problem.ts";
import { fillSkippedCells, rawRowCodes } from "../engine/raw-row.ts";
import { describeImportStatus, editableStatuses } from "../jobs/import-status.ts";
import { forgetRevalidationContext, liveEditSql, undoRecordSql, loadRevalidationContext, revalidate, undoneFixBatchesSql, type RevalidationContext } from "./row-edits.ts";
import { ProblemTally } from "./problem-counts.ts";
import { subscriptCells } from "./subscript-cells.ts";
import { recheckKind, settleRecheckedFiles, type RecheckOutcome } from "./settings-recheck-run.ts";

// Running one ImportFix (a bulk fix, or the undo of one) set-based, in one transaction on its own
// connection (ADR 0013): the rows are read through a cursor a few thousand at a time, fixed and
// re-validated by the engine, their new values COPYed into a temporary table and written with
// one UPDATE … FROM per batch, the edit records COPYed straight into ImportRowEdit. Memory is one
// batch. A failure anywhere rolls every row back, and the fix says why. Progress is written on
// another connection (the caller's Prisma client), so the review sees it while the fix runs.

const FETCH_ROWS = 10_000;
const PROGRESS_MS = 500;
/**
 * The rows fixed between two turns of the event loop. The writer's statements are sent as the
 * previous one ends, which needs the event loop: fixing a whole batch in one go left the writing
 * connection idle for its length (bench:fix, 1M rows: 46 → 37 s).
 */
const ROWS_PER_TURN = 500;

type StoredRow = { id: string; importFileId: number; row: number; line: number; values: string[]; problems: Problem[]; errorCount: number; warningCount: number };
type FileInfo = { header: readonly string[]; columns: Map<string, number>; blocked: boolean };
type EditStamp = { userId: number | null; batchId: string; fixKind: string };

export type FixOutcome = { ok: true; rowsChanged: number; cellsChanged: number; skipped: number } | { ok: false; reason: string };

/** A text[] literal ({"a","b\"c"}), which COPY's text format then escapes as any value. */
function textArray(values: readonly string[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? "";
    out += `${i ? "," : ""}"${value.includes("\\") || value.includes('"') ? value.replace(/[\\"]/g, "\\$&") : value}"`;
  }
  return `${out}}`;
}

/** Problems that come from the file itself rather than the organization's settings. */
const keptOnRecheck = new Set<string>(["duplicate_row", ...conversionProblemCodes]);

/** Stored problems come back from jsonb with their keys reordered: compare them by content. */
function problemKey(problem: Problem): string {
  return JSON.stringify(problem, Object.keys(problem).sort());
}

function sameProblems(a: readonly Problem[], b: readonly Problem[]): boolean {
  if (a.length !== b.length) return false;
  const left = a.map(problemKey).sort();
  const right = b.map(problemKey).sort();
  return left.every((key, i) => key === right[i]);
}

/** Changes rows of one import, re-validates them and buffers what they become; `flush` writes a batch. */
class RowRewriter {
  rowsChanged = 0;
  cellsChanged = 0;
  skipped = 0;
  private errorDelta = 0;
  private warningDelta = 0;
  private validDelta = 0;
  private readonly tally = new ProblemTally();
  /** Rows sending all their values (fix_rows), rows sending one or two cells (fix_cells), edit records. */
  private rows = new CopyBuffer();
  private cells = new CopyBuffer();
  private edits = new CopyBuffer();

  constructor(
    private readonly context: RevalidationContext,
    private readonly files: ReadonlyMap<number, FileInfo>,
    private readonly stamp: EditStamp,
  ) {}

  /** Applies the changes to one row (recording each changed cell) and re-validates it. */
  change(row: StoredRow, changes: readonly CellChange[]): void {
    const file = this.files.get(row.importFileId);
    const validator = this.context.validatorFor(row.importFileId);
    if (!file || !validator) throw new Error(`File of row ${row.row} is not a data file.`);
    const values = [...row.values];
    const changed: number[] = [];
    let cells = 0;
    for (const change of changes) {
      const index = file.columns.get(change.column);
      if (index === undefined) throw new Error(`The file has no column ${change.column}.`);
      const oldValue = values[index] ?? "";
      if (oldValue === change.value) continue;
      values[index] = change.value;
      this.edits.add([row.id, this.stamp.userId, change.column, oldValue, change.value, this.stamp.batchId, this.stamp.fixKind]);
      if (!changed.includes(index)) changed.push(index);
      cells += 1;
    }
    if (cells === 0) return;
    fillSkippedCells(values);
    const problems = revalidate(validator, values, row.row, row.line, row.problems);
    const { errorCount, warningCount } = this.recount(row, problems);
    this.errorDelta += errorCount - row.errorCount;
    this.warningDelta += warningCount - row.warningCount;
    // A row of a file blocked by a whole-file error never counts as valid.
    if (!file.blocked) this.validDelta += (errorCount === 0 ? 1 : 0) - (row.errorCount === 0 ? 1 : 0);
    this.buffer(row, values, changed, problems, errorCount, warningCount);
    this.rowsChanged += 1;
    this.cellsChanged += cells;
  }

  /** Buffers a row's new state: its changed cells alone when they can be written by subscript (subscript-cells.ts), else all its values. */
  private buffer(row: StoredRow, values: readonly string[], changed: readonly number[], problems: readonly Problem[], errorCount: number, warningCount: number): void {
    const cells = subscriptCells(row.values, changed);
    if (cells) {
      const [first, second] = cells;
      this.cells.add([row.id, first + 1, values[first] ?? "", second + 1, values[second] ?? "", JSON.stringify(problems), errorCount, warningCount]);
    } else {
      this.rows.add([row.id, textArray(values), JSON.stringify(problems), errorCount, warningCount]);
    }
  }

  /**
   * A settings re-check (settings-recheck.ts): the row, unchanged, validated against the
   * organization's settings as they are now. Written only when its problems differ. The reader's
   * error rows (raw fields) are left as they are; `duplicate_row` and the conversion's findings
   * come from the file, not the settings, so they are kept.
   */
  recheck(row: StoredRow): void {
    const validator = this.context.validatorFor(row.importFileId);
    if (!validator) throw new Error(`File of row ${row.row} is not a data file.`);
    if (row.problems.some((problem) => rawRowCodes.has(problem.code))) return;
    const kept = row.problems.filter((problem) => keptOnRecheck.has(problem.code));
    const problems = [...validator.validateRecord(row.values, row.row, row.line), ...kept];
    if (sameProblems(problems, row.problems)) return;
    const { errorCount, warningCount } = this.recount(row, problems);
    if (row.errorCount > 0 && errorCount === 0) this.rowsCleared += 1;
    if (row.errorCount === 0 && errorCount > 0) this.rowsNewlyFailing += 1;
    // No cell changes: its first is written with the value it has.
    this.buffer(row, row.values, [], problems, errorCount, warningCount);
    this.rowsChanged += 1;
  }

  rowsCleared = 0;
  rowsNewlyFailing = 0;

  /** The problem counts moved by the rows re-checked (the counters are recounted whole after a re-check). */
  async writeTally(client: pg.ClientBase, jobId: number): Promise<void> {
    for (const statement of this.tally.statements(jobId)) await client.query(statement.text, statement.values);
  }

  /** Moves the problem counts from the row's old problems to its new ones; the new error and warning counts. */
  private recount(row: StoredRow, problems: readonly Problem[]): { errorCount: number; warningCount: number } {
    this.tally.add(row.importFileId, row.problems, -1);
    this.tally.add(row.importFileId, problems);
    let errorCount = 0;
    let warningCount = 0;
    for (const problem of problems) {
      if (problem.severity === "error") errorCount += 1;
      else if (problem.severity === "warning") warningCount += 1;
    }
    return { errorCount, warningCount };
  }

  /** Writes the rows buffered so far (COPY into the temporary tables, one UPDATE … FROM each) and their edits; the next batch may fill meanwhile. */
  flush(client: pg.ClientBase): Promise<void> {
    const { rows, cells, edits } = this;
    this.rows = new CopyBuffer();
    this.cells = new CopyBuffer();
    this.edits = new CopyBuffer();
    return RowRewriter.write(client, rows, cells, edits);
  }

  private static async write(client: pg.ClientBase, rows: CopyBuffer, cells: CopyBuffer, edits: CopyBuffer): Promise<void> {
    if (cells.rows > 0) {
      await copyRows(client, "fix_cells", ["id", "i1", "v1", "i2", "v2", "problems", "e", "w"], cells);
      await client.query(`
        UPDATE "ImportRow" AS r
           SET "values"[n.i1] = n.v1, "values"[n.i2] = n.v2, problems = n.problems, "errorCount" = n.e, "warningCount" = n.w, "updatedAt" = now()
          FROM fix_cells AS n
         WHERE r.id = n.id`);
      await client.query(`TRUNCATE fix_cells`);
    }
    if (rows.rows > 0) {
      await copyRows(client, "fix_rows", ["id", "values", "problems", "e", "w"], rows);
      await client.query(`
        UPDATE "ImportRow" AS r
           SET "values" = n."values", problems = n.problems, "errorCount" = n.e, "warningCount" = n.w, "updatedAt" = now()
          FROM fix_rows AS n
         WHERE r.id = n.id`);
      await client.query(`TRUNCATE fix_rows`);
    }
    await copyRows(client, "ImportRowEdit", ["importRowId", "userId", "column", "oldValue", "newValue", "batchId", "fixKind"], edits);
  }

  /** The import's problem counts and counters, moved by the difference. */
  async finish(client: pg.ClientBase, jobId: number): Promise<void> {
    for (const statement of this.tally.statements(jobId)) await client.query(statement.text, statement.values);
    if (this.errorDelta || this.warningDelta || this.validDelta) {
      await client.query(
        `UPDATE "ImportJob" SET "errorCount" = "errorCount" + $2, "warningCount" = "warningCount" + $3, "validRows" = "validRows" + $4, "updatedAt" = now() WHERE id = $1`,
        [jobId, this.errorDelta, this.warningDelta, this.validDelta],
      );
    }
  }
}

type Fix = { id: number; importJobId: number; kind: string; batchId: string; options: unknown; createdById: number | null; undoOf: { id: number; batchId: string; kind: string; options: unknown } | null };

/** Where the rows of a fix come from, and what to change in each. */
/** A row's changes, and whether some of its cells were left for the CSM (counted as skipped). */
type RowChanges = { changes: CellChange[]; left: boolean };
type RowSource = { query: string; changesOf(row: StoredRow & { cols?: string[]; olds?: string[]; changes?: CellChange[] }): RowChanges | "skip" | null };

const requestTypeMapping = (options: unknown): ReadonlyMap<string, string> | undefined => {
  const mapping = (options as { requestTypeMapping?: Record<string, string> } | null)?.requestTypeMapping;
  return mapping ? new Map(Object.entries(mapping)) : undefined;
};

/** A find-and-replace fix's parameters, kept in its options. */
export function findReplaceOf(options: unknown): FindReplace | null {
  const spec = (options as { findReplace?: FindReplace } | null)?.findReplace;
  return spec && typeof spec.find === "string" && spec.find !== "" ? spec : null;
}

/** A string literal (standard_conforming_strings is on since Postgres 9.1). */
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

// The values as JSON: node-postgres parses a text[] character by character in JavaScript (a sixth
// of the worker's time on a 1M-row fix, and much of its garbage); json goes through JSON.parse.
const rowColumns = `r.id, r."importFileId", r.row, r.line, to_json(r."values") AS "values", r.problems, r."errorCount", r."warningCount"`;

/** The rows a fix kind looks at (those with one of its problem codes; for find and replace, those holding the text), and the fix of each. */
export function candidateRowsWhere(kind: BulkFixKind, options: unknown = null): string {
  const spec = findReplaceOf(options);
  if (kind === "find_replace") {
    if (!spec) return "false";
    const test = spec.wholeCell ? `v = ${literal(spec.find)}` : `strpos(v, ${literal(spec.find)}) > 0`;
    return `r.status = 'pending' AND EXISTS (SELECT 1 FROM unnest(r."values") AS v WHERE ${test})`;
  }
  const codes = bulkFixes[kind].codes.map((code) => `r.problems @> ${literal(JSON.stringify([{ code }]))}::jsonb`);
  return `r.status = 'pending' AND (${codes.join(" OR ")})`;
}

function fixSource(fix: Fix, context: RevalidationContext, files: ReadonlyMap<number, FileInfo>): RowSource {
  const kind = fix.kind as BulkFixKind;
  const bulkFix = bulkFixes[kind];
  if (!bulkFix) throw new Error(`There is no bulk fix "${fix.kind}".`);
  const findReplace = findReplaceOf(fix.options);
  const fixContext: FixContext = { config: context.config, requestTypeMapping: requestTypeMapping(fix.options), ...(findReplace ? { findReplace } : {}) };
  return {
    query: `SELECT ${rowColumns} FROM "ImportRow" r WHERE r."importJobId" = ${fix.importJobId} AND ${candidateRowsWhere(kind, fix.options)}`,
    changesOf(row) {
      const result = bulkFix.fix({ header: files.get(row.importFileId)?.header ?? [], values: row.values, problems: row.problems }, fixContext);
      if (result.kind === "skip") return "skip";
      return result.kind === "change" ? { changes: result.changes, left: result.left !== undefined } : null;
    },
  };
}

/** A fixed error report uploaded (error-report-patch.ts): its rows' changes, matched when it was uploaded. */
export const errorReportKind = "error_report";
/** What a fixed error report's edits and history entries are called. */
export const errorReportTitle = "Fixed error report uploaded";

/** A fix's title in the history; a find and replace says what it replaced. */
export function fixTitle(kind: string, options: unknown): string {
  if (kind === errorReportKind) return errorReportTitle;
  if (kind === recheckKind) return `Re-checked after a settings change: ${((options as { changes?: string[] } | null)?.changes ?? []).join("; ")}`;
  const spec = kind === "find_replace" ? findReplaceOf(options) : null;
  return spec ? describeFindReplace(spec) : (bulkFixes[kind as BulkFixKind]?.title ?? kind);
}

/** What an undo takes back, as its title and audit name it ("Undo of …", "Undid …"). */
export function undoneFixTitle(kind: string, options: unknown): string {
  return kind === errorReportKind ? "the fixed error report" : fixTitle(kind, options);
}

/** A staged change (ImportFixChange) with the value it replaces as it was when staged. */
export type StagedChange = CellChange & { from?: string };

/**
 * The changes waiting in ImportFixChange, each row's as they were matched. A cell whose value is
 * no longer the one the change was matched against (the CSM edited it while the fix waited in the
 * queue) keeps that edit: the change is left out and counted as left for the CSM.
 */
function stagedSource(fix: Fix, files: ReadonlyMap<number, FileInfo>): RowSource {
  return {
    query: `
      SELECT ${rowColumns}, r.status::text AS status, c.changes
        FROM "ImportFixChange" c JOIN "ImportRow" r ON r.id = c."importRowId"
       WHERE c."fixId" = ${fix.id} AND r."importJobId" = ${fix.importJobId}`,
    changesOf(row) {
      const columns = files.get(row.importFileId)?.columns;
      const staged = row.changes as StagedChange[];
      const changes: CellChange[] = [];
      let left = false;
      for (const { column, value, from } of staged) {
        const at = columns?.get(column);
        const current = at === undefined ? undefined : (row.values[at] ?? "");
        if (from === undefined || current === from) changes.push({ column, value });
        else if (current !== value) left = true;
      }
      return { changes, left };
    },
  };
}

/** An undo: every row the fix changed, with the values its edits replaced (the earliest wins). */
function undoSource(fix: Fix): RowSource {
  if (!fix.undoOf) throw new Error("An undo must name the fix it takes back.");
  return {
    query: `
      SELECT ${rowColumns}, r.status::text AS status,
             json_agg(e."column" ORDER BY e.id DESC) AS cols, json_agg(e."oldValue" ORDER BY e.id DESC) AS olds
        FROM "ImportRowEdit" e JOIN "ImportRow" r ON r.id = e."importRowId"
       WHERE e."batchId" = ${literal(fix.undoOf.batchId)} AND e."undoneAt" IS NULL AND r."importJobId" = ${fix.importJobId}
       GROUP BY r.id`,
    changesOf(row) {
      const target = new Map<string, string>();
      row.cols!.forEach((column, i) => target.set(column, row.olds![i]!));
      return { changes: [...target].map(([column, value]) => ({ column, value })), left: false };
    },
  };
}

/** Throws when a later change touched a cell the fix changed: undoing would silently lose it. */
async function refuseLaterEdits(client: pg.ClientBase, jobId: number, batchId: string): Promise<void> {
  const undone = await client.query<{ batches: string[] }>(undoneFixBatchesSql, [jobId]);
  const later = await client.query<{ column: string }>(
    `SELECT e2."column" FROM "ImportRowEdit" e JOIN "ImportRowEdit" e2
        ON e2."importRowId" = e."importRowId" AND e2."column" = e."column" AND e2.id > e.id AND ${liveEditSql("e2", "$2")} AND NOT ${undoRecordSql("e2")} AND e2."batchId" IS DISTINCT FROM e."batchId"
      WHERE e."batchId" = $1 AND e."undoneAt" IS NULL LIMIT 1`,
    [batchId, undone.rows[0]?.batches ?? []],
  );
  if (later.rows[0]) throw new Error(`The ${later.rows[0].column} cell changed again after this fix; undo that change first.`);
}

/** The user who asked for the fix, locked until commit; null once deleted (as the edits' foreign key would then make it). */
async function lockUser(client: pg.ClientBase, userId: number | null): Promise<number | null> {
  if (userId === null) return null;
  const user = await client.query(`SELECT id FROM "User" WHERE id = $1 FOR KEY SHARE`, [userId]);
  return user.rows[0] ? userId : null;
}

async function loadFiles(client: pg.ClientBase, jobId: number): Promise<Map<number, FileInfo>> {
  const files = await client.query<{ id: number; header: string[]; blocked: boolean }>(`SELECT id, header, blocked FROM "ImportFile" WHERE "importJobId" = $1 AND kind = 'data'`, [jobId]);
  return new Map(files.rows.map((file) => [file.id, { header: file.header, blocked: file.blocked, columns: new Map(file.header.map((column, i) => [column, i])) }]));
}

type Fetched = StoredRow & { status?: string; cols?: string[]; olds?: string[]; changes?: CellChange[] };

/**
 * Reads the source's rows through a cursor on `reader` (a read-only snapshot taken once the
 * writer holds the import, so nothing else changes its rows meanwhile), and rewrites them batch
 * by batch on `writer`; the next batch is fetched while one is written. Returns the rows read.
 */
async function rewriteRows(connections: { writer: pg.ClientBase; reader: pg.ClientBase }, source: RowSource, rewriter: RowRewriter, onProgress: (rowsDone: number) => Promise<void>): Promise<number> {
  const { writer, reader } = connections;
  await writer.query(`CREATE TEMP TABLE fix_rows (id bigint, "values" text[], problems jsonb, e int, w int) ON COMMIT DROP`);
  await writer.query(`CREATE TEMP TABLE fix_cells (id bigint, i1 int, v1 text, i2 int, v2 text, problems jsonb, e int, w int) ON COMMIT DROP`);
  // The batch's UPDATE … FROM finds each row by its id: never a scan of the whole import. The
  // temporary table has no statistics, so its guessed size made every batch's UPDATE JIT-compile.
  await writer.query(`SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off; SET LOCAL jit = off`);
  // The edit records refer to rows this transaction has just updated (and so locked) and to a
  // user locked by the caller: their foreign keys need no check per record.
  const triggersSkipped = (await skipRowTriggers(writer)).ok;
  await reader.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`);
  await reader.query(`DECLARE fix_cursor NO SCROLL CURSOR FOR ${source.query}`);
  const fetch = () => reader.query<Fetched>(`FETCH ${FETCH_ROWS} FROM fix_cursor`);
  let next = fetch();
  let writing: Promise<void> = Promise.resolve();
  let rowsDone = 0;
  let reported = performance.now();
  try {
    for (;;) {
      const batch = await next;
      if (batch.rows.length === 0) break;
      next = fetch();
      let inTurn = 0;
      for (const row of batch.rows) {
        if (++inTurn === ROWS_PER_TURN) {
          inTurn = 0;
          await setImmediate();
        }
        if (row.status !== undefined && row.status !== "pending") throw new Error(`Row ${row.row} was already ${row.status} by the import; it can no longer change.`);
        const changes = source.changesOf(row);
        if (changes === "skip") rewriter.skipped += 1;
        else if (changes) {
          rewriter.change(row, changes.changes);
          if (changes.left) rewriter.skipped += 1;
        }
      }
      // One batch is written while the next is read and fixed.
      await writing;
      writing = rewriter.flush(writer);
      writing.catch(() => undefined);
      rowsDone += batch.rows.length;
      if (performance.now() - reported > PROGRESS_MS) {
        reported = performance.now();
        await onProgress(rowsDone);
      }
    }
    await writing;
    if (triggersSkipped) await restoreRowTriggers(writer);
  } finally {
    // A fetch or write still in flight when a batch failed is dropped with its transaction.
    await Promise.all([next.catch(() => undefined), writing.catch(() => undefined)]);
    await reader.query(`ROLLBACK`).catch(() => undefined);
  }
  return rowsDone;
}

/** The fix's whole work inside the caller's transaction on `client`. */
async function runInTransaction(fix: Fix, connections: { writer: pg.ClientBase; reader: pg.ClientBase }, loadingContext: Promise<RevalidationContext>, onProgress: (rowsDone: number) => Promise<void>) {
  const client = connections.writer;
  // Rows change only before the import is queued; the lock keeps it from being queued meanwhile.
  const job = await client.query<{ status: string }>(`SELECT status::text FROM "ImportJob" WHERE id = $1 FOR NO KEY UPDATE`, [fix.importJobId]);
  if (!job.rows[0]) throw new Error(`There is no import #${fix.importJobId}.`);
  if (!editableStatuses.has(job.rows[0].status)) throw new Error(`Import #${fix.importJobId} is ${describeImportStatus(job.rows[0].status)}; rows can no longer change.`);
  const files = await loadFiles(client, fix.importJobId);
  if (fix.kind === recheckKind) return recheckInTransaction(fix, connections, await loadingContext, files, onProgress);
  const undo = fix.kind === "undo";
  if (undo) await refuseLaterEdits(client, fix.importJobId, fix.undoOf!.batchId);
  const context = await loadingContext;
  const staged = fix.kind === errorReportKind;
  const fixKind = undo ? "undo" : fixTitle(fix.kind, null);
  const rewriter = new RowRewriter(context, files, { userId: await lockUser(client, fix.createdById), batchId: fix.batchId, fixKind });
  const source = undo ? undoSource(fix) : staged ? stagedSource(fix, files) : fixSource(fix, context, files);
  const rowsDone = await rewriteRows(connections, source, rewriter, onProgress);
  await rewriter.finish(client, fix.importJobId);
  // The fix's edits are undone with it (liveEditSql): stamping each of them cost a 1M-row fix's
  // undo 16.5 of its 55 s.
  if (undo) await client.query(`UPDATE "ImportFix" SET "undoneAt" = now(), "updatedAt" = now() WHERE id = $1`, [fix.undoOf!.id]);
  if (staged) await client.query(`DELETE FROM "ImportFixChange" WHERE "fixId" = $1`, [fix.id]);
  const rows = `${rewriter.rowsChanged} row${rewriter.rowsChanged === 1 ? "" : "s"}`;
  const audit = undo
    ? { action: "fix.undone" as const, summary: `Undid ${undoneFixTitle(fix.undoOf!.kind, fix.undoOf!.options)}: ${rows} restored` }
    : staged
      ? { action: "error_report.applied" as const, summary: `Uploaded a fixed error report: ${rows} changed` }
      : { action: "fix.applied" as const, summary: `Applied ${fixTitle(fix.kind, fix.options)}: ${rows} changed` };
  const event = auditEventSql({ ...audit, actorId: fix.createdById, importJobId: fix.importJobId, detail: { fixId: fix.id, kind: fix.kind, rowsChanged: rewriter.rowsChanged, cellsChanged: rewriter.cellsChanged, skipped: rewriter.skipped } });
  await client.query(event.text, event.values);
  await client.query(
    `UPDATE "ImportFix" SET status = 'done', "rowsDone" = $2, "rowsChanged" = $3, "cellsChanged" = $4, skipped = $5, error = NULL, "finishedAt" = clock_timestamp(), "updatedAt" = clock_timestamp() WHERE id = $1`,
    [fix.id, rowsDone, rewriter.rowsChanged, rewriter.cellsChanged, rewriter.skipped],
  );
  return { rowsChanged: rewriter.rowsChanged, cellsChanged: rewriter.cellsChanged, skipped: rewriter.skipped };
}

/** A settings re-check: every row validated again, then the files' whole-file problems and the import's counters. */
async function recheckInTransaction(fix: Fix, connections: { writer: pg.ClientBase; reader: pg.ClientBase }, context: RevalidationContext, files: ReadonlyMap<number, FileInfo>, onProgress: (rowsDone: number) => Promise<void>) {
  const client = connections.writer;
  const rewriter = new RowRewriter(context, files, { userId: fix.createdById, batchId: fix.batchId, fixKind: recheckKind });
  const source: RowSource = {
    // In file and row order, as the file was validated: the whole-file findings come out the same.
    query: `SELECT ${rowColumns} FROM "ImportRow" r WHERE r."importJobId" = ${fix.importJobId} ORDER BY r."importFileId", r.row`,
    changesOf(row) {
      rewriter.recheck(row);
      return null;
    },
  };
  const rowsDone = await rewriteRows(connections, source, rewriter, onProgress);
  await rewriter.writeTally(client, fix.importJobId);
  const settled = await settleRecheckedFiles(client, fix.importJobId, context);
  const outcome: RecheckOutcome = { ...settled, rowsChanged: rewriter.rowsChanged, rowsCleared: rewriter.rowsCleared, rowsNewlyFailing: rewriter.rowsNewlyFailing };
  const changes = (fix.options as { changes?: string[] } | null)?.changes ?? [];
  const summary = `Re-checked the rows${changes.length ? ` after ${changes.join(", ")}` : " after a settings change"}: ${outcome.rowsCleared} no longer ha${outcome.rowsCleared === 1 ? "s" : "ve"} errors, ${outcome.rowsNewlyFailing} newly failing`;
  const event = auditEventSql({ action: "import.rechecked", actorId: fix.createdById, importJobId: fix.importJobId, summary, detail: { fixId: fix.id, ...outcome } });
  await client.query(event.text, event.values);
  await client.query(
    `UPDATE "ImportFix" SET status = 'done', "rowsDone" = $2, "rowsChanged" = $3, "cellsChanged" = 0, skipped = 0, options = options || $4::jsonb, error = NULL, "finishedAt" = clock_timestamp(), "updatedAt" = clock_timestamp() WHERE id = $1`,
    [fix.id, rowsDone, rewriter.rowsChanged, JSON.stringify({ outcome })],
  );
  return { rowsChanged: rewriter.rowsChanged, cellsChanged: 0, skipped: 0 };
}

/**
 * Runs one queued ImportFix to its end, in the worker (a big fix) or the web request (a small
 * one): done with what it changed, or failed with the reason and no row changed. A fix already
 * done or failed is not run again (a retried queue job).
 */
export async function runImportFix(fixId: number, options: { databaseUrl: string }, db: Db = getDb()): Promise<FixOutcome> {
  const client = new pg.Client({ ...pgConfigFromUrl(options.databaseUrl), application_name: "bulk-import-fix" });
  const reader = new pg.Client({ ...pgConfigFromUrl(options.databaseUrl), application_name: "bulk-import-fix-reader" });
  try {
    await Promise.all([client.connect(), reader.connect()]);
    // One runner at a time: a retried queue job finds the lock free only once its first runner's connection is gone.
    const claimed = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(hashtext('import-fix'), $1) AS ok`, [fixId]);
    if (!claimed.rows[0]?.ok) return { ok: false, reason: `Fix #${fixId} is already running.` };
    const fix = await db.importFix.findUniqueOrThrow({ where: { id: fixId }, include: { undoOf: { select: { id: true, batchId: true, kind: true, options: true } } } });
    if (fix.status === "done") return { ok: true, rowsChanged: fix.rowsChanged, cellsChanged: fix.cellsChanged, skipped: fix.skipped };
    if (fix.status === "failed") return { ok: false, reason: fix.error ?? "The fix failed." };
    await db.importFix.update({ where: { id: fixId }, data: { status: "running", startedAt: new Date(), updatedAt: new Date(), rowsDone: 0 } });
    const onProgress = async (rowsDone: number) => {
      await db.importFix.update({ where: { id: fixId }, data: { rowsDone, updatedAt: new Date() } });
    };
    // Loaded (2.3 s at 1M rows) while the transaction locks the import and an undo checks for later edits.
    const context = loadRevalidationContext(fix.importJobId, db);
    context.catch(() => undefined);
    await client.query("BEGIN");
    const result = await runInTransaction(fix, { writer: client, reader }, context, onProgress);
    await client.query("COMMIT");
    forgetRevalidationContext(fix.importJobId);
    if (result.rowsChanged >= ANALYZE_AFTER_ROWS) await refreshPlannerStatistics((sql) => client.query(sql), ["ImportRow", "ImportRowEdit"]);
    return { ok: true, ...result };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    await db.importFix.update({ where: { id: fixId }, data: { status: "failed", error: reason, finishedAt: new Date(), updatedAt: new Date() } });
    // A failed fix is not run again: changes it was to write go with it.
    await db.importFixChange.deleteMany({ where: { fixId } });
    return { ok: false, reason };
  } finally {
    await client.end().catch(() => undefined);
    await reader.end().catch(() => undefined);
  }
}
