import "server-only";
import { randomUUID } from "node:crypto";
import { getDb, type Db, type Tx } from "../db/client.ts";
import { dumpOrgConfig } from "../crm/org-config-store.ts";
import { createFileValidator, createRunContext, type FileValidator } from "../engine/validate.ts";
import type { Problem } from "../engine/problem.ts";
import { fillSkippedCells, rawRowProblem } from "../engine/raw-row.ts";
import type { OrgConfig } from "../org/org-config-schema.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { describeImportStatus, editableStatuses } from "../jobs/import-status.ts";
import { ProblemTally } from "./problem-counts.ts";
import { recordAuditEvent, type AuditAction } from "../auth/audit-log.ts";

// Editing stored rows: every change re-validates the row with the same engine that validated the
// file, is recorded (who, when, old → new) and can be undone. Bulk fixes use the same path, with
// one batch id per fix so a whole fix undoes at once.


/** Rules that look beyond one row keep their earlier verdict when a single row changes. */
const crossRowCodes = new Set(["duplicate_row"]);

export type RevalidationContext = { validatorFor(fileId: number): FileValidator | undefined; config: OrgConfig };

/** Builds the engine for one job: its organization's configuration, mapping and each file's header. */
export async function loadRevalidationContext(jobId: number, db: Db | Tx = getDb()): Promise<RevalidationContext> {
  // Not the job's own columns: an import validated before reports were trimmed keeps its whole report.
  const job = await db.importJob.findUniqueOrThrow({
    where: { id: jobId },
    select: { organization: { select: { slug: true } }, files: { where: { kind: "data" }, select: { id: true, name: true, header: true } }, mappings: { select: { oldValue: true, newValue: true } } },
  });
  const config = await dumpOrgConfig(job.organization.slug, db);
  if (!config) throw new Error(`Organization ${job.organization.slug} is gone.`);
  const mapping = new Map(job.mappings.map((entry) => [entry.oldValue, entry.newValue]));
  const run = createRunContext(config, { mapping });
  const titles = new Set(config.requestTypes.map((type) => type.title));
  const validators = new Map<number, FileValidator>();
  for (const file of job.files) {
    const typeIndex = file.header.indexOf("request_type");
    const inFile = new Set<string>();
    if (typeIndex >= 0) {
      const rows = await db.$queryRaw<{ value: string | null }[]>`
        SELECT DISTINCT btrim(values[${typeIndex + 1}]) AS value FROM "ImportRow" WHERE "importFileId" = ${file.id}`;
      for (const { value } of rows) {
        const mapped = value ? (mapping.get(value) ?? value) : "";
        if (titles.has(mapped)) inFile.add(mapped);
      }
    }
    validators.set(file.id, createFileValidator(run, file.name, file.header, { requestTypesInFile: inFile }));
  }
  return { validatorFor: (fileId) => validators.get(fileId), config };
}

// Building a context reads the organization and scans each file for its request types; inline
// edits come one after another, so the web process keeps it for a minute.
const CONTEXT_TTL_MS = 60_000;
const revalidationContexts = new Map<number, { context: RevalidationContext; at: number }>();

async function cachedRevalidationContext(jobId: number, db: Db): Promise<RevalidationContext> {
  const cached = revalidationContexts.get(jobId);
  if (cached && Date.now() - cached.at < CONTEXT_TTL_MS) return cached.context;
  const context = await loadRevalidationContext(jobId, db);
  revalidationContexts.set(jobId, { context, at: Date.now() });
  return context;
}

/** Drops the web process's cached context of an import (after a fix that may change its request types). */
export function forgetRevalidationContext(jobId: number): void {
  revalidationContexts.delete(jobId);
}

export function revalidate(validator: FileValidator, values: string[], row: number, line: number, previous: Problem[]): Problem[] {
  const raw = rawRowProblem(validator.file, validator.header, values, row, line, previous);
  if (raw) return [raw];
  const fresh = validator.validateRecord(values, row, line);
  const kept = previous.filter((problem) => crossRowCodes.has(problem.code));
  return [...fresh, ...kept];
}

const countBy = (problems: Problem[], severity: "error" | "warning") => problems.filter((problem) => problem.severity === severity).length;

export type RowChange = { rowId: bigint; column: string; value: string };
export type ChangedRow = { id: string; values: string[]; problems: Problem[]; errorCount: number; warningCount: number };


/** The audit event a change writes in its transaction (ADR 0018). */
export type ChangeAudit = { action: AuditAction; summary: string; detail?: Record<string, unknown> };

type ChangeOptions = { userId: number | null; batchId?: string; fixKind?: string; context?: RevalidationContext; audit?: ChangeAudit };

/**
 * Applies changes to rows in one transaction: new values, fresh problems, one edit record per
 * changed cell, the job's counters and problem counts moved by the difference, and the audit
 * event (an edit of the rows named, unless the caller says what it was).
 */
export async function applyRowChanges(jobId: number, changes: RowChange[], options: ChangeOptions, db: Db = getDb()): Promise<ChangedRow[]> {
  const context = options.context ?? (await cachedRevalidationContext(jobId, db));
  // A new request type in the file can change how other rows' answers read: build afresh next time.
  if (changes.some((change) => change.column === "request_type")) revalidationContexts.delete(jobId);
  return db.$transaction(
    async (tx) => {
      const changed = await changeRows(jobId, changes, { ...options, context }, tx);
      const audit = options.audit ?? (await describeEdit(tx, changes, options.fixKind));
      await recordAuditEvent({ ...audit, actorId: options.userId, importJobId: jobId }, tx);
      return changed;
    },
    { timeout: 120_000 },
  );
}

/** "Edited row 12 of potholes.csv: description" (or moved on the map). */
async function describeEdit(tx: Tx, changes: readonly RowChange[], fixKind: string | undefined): Promise<ChangeAudit> {
  const rows = await tx.importRow.findMany({ where: { id: { in: [...new Set(changes.map((change) => change.rowId))] } }, select: { row: true, importFile: { select: { name: true } } }, orderBy: { id: "asc" } });
  const columns = [...new Set(changes.map((change) => change.column))];
  const where = rows.map((row) => `row ${row.row} of ${row.importFile.name}`).join(", ");
  const verb = fixKind === "moved on map" ? "Moved on the map" : "Edited";
  return { action: "row.edited", summary: `${verb} ${where}: ${columns.join(", ")}`, detail: { rows: rows.map((row) => ({ row: row.row, file: row.importFile.name })), columns, ...(fixKind ? { fixKind } : {}) } };
}

/**
 * `applyRowChanges` inside the caller's transaction, so a bulk fix of many slices of rows is all
 * or nothing.
 */
export async function changeRows(jobId: number, changes: RowChange[], options: ChangeOptions & { context: RevalidationContext }, tx: Tx): Promise<ChangedRow[]> {
  const { context } = options;
  // Rows change only before the import is queued. The job row is locked as its counters'
  // UPDATE below would lock it, so it cannot be queued meanwhile, and two edits of one import
  // queue up here instead of deadlocking on that UPDATE.
  const [job] = await tx.$queryRaw<{ status: string }[]>`SELECT status::text FROM "ImportJob" WHERE id = ${jobId} FOR NO KEY UPDATE`;
  if (!job) throw new Error(`There is no import #${jobId}.`);
  if (!editableStatuses.has(job.status)) throw new Error(`Import #${jobId} is ${describeImportStatus(job.status)}; rows can no longer change.`);
  const rowIds = [...new Set(changes.map((change) => change.rowId))];
  const rows = await tx.importRow.findMany({
    where: { id: { in: rowIds }, importJobId: jobId },
    include: { importFile: { select: { header: true, blocked: true } } },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const changed: ChangedRow[] = [];
  const edits: Prisma.ImportRowEditCreateManyInput[] = [];
  let errorDelta = 0;
  let warningDelta = 0;
  let validDelta = 0;
  const tally = new ProblemTally();
  const batchId = options.batchId ?? (changes.length > 1 ? randomUUID() : undefined);
  for (const rowId of rowIds) {
    const row = byId.get(rowId);
    if (!row) throw new Error(`Row ${rowId} is not part of import #${jobId}.`);
    if (row.status !== "pending") throw new Error(`Row ${row.row} was already ${row.status} by the import; it can no longer change.`);
    const values = [...row.values];
    for (const change of changes.filter((c) => c.rowId === rowId)) {
      const index = row.importFile.header.indexOf(change.column);
      if (index < 0) throw new Error(`The file has no column ${change.column}.`);
      const oldValue = values[index] ?? "";
      if (oldValue === change.value) continue;
      values[index] = change.value;
      edits.push({ importRowId: rowId, userId: options.userId, column: change.column, oldValue, newValue: change.value, batchId, fixKind: options.fixKind });
    }
    fillSkippedCells(values);
    const validator = context.validatorFor(row.importFileId);
    if (!validator) throw new Error(`File of row ${row.row} is not a data file.`);
    const previous = row.problems as unknown as Problem[];
    const problems = revalidate(validator, values, row.row, row.line, previous);
    tally.add(row.importFileId, previous, -1);
    tally.add(row.importFileId, problems);
    const errorCount = countBy(problems, "error");
    const warningCount = countBy(problems, "warning");
    errorDelta += errorCount - row.errorCount;
    warningDelta += warningCount - row.warningCount;
    // A row of a file blocked by a whole-file error never counts as valid.
    if (!row.importFile.blocked) validDelta += (errorCount === 0 ? 1 : 0) - (row.errorCount === 0 ? 1 : 0);
    changed.push({ id: rowId.toString(), values, problems, errorCount, warningCount });
  }
  // One statement for all rows: a bulk fix may touch tens of thousands.
  if (changed.length) {
    const payload = JSON.stringify(changed.map((row) => ({ id: row.id, values: row.values, problems: row.problems, e: row.errorCount, w: row.warningCount })));
    await tx.$executeRaw`
      UPDATE "ImportRow" AS r
         SET "values" = ARRAY(SELECT jsonb_array_elements_text(u.v->'values')),
             problems = u.v->'problems',
             "errorCount" = (u.v->>'e')::int,
             "warningCount" = (u.v->>'w')::int,
             "updatedAt" = now()
        FROM jsonb_array_elements(${payload}::jsonb) AS u(v)
       WHERE r.id = (u.v->>'id')::bigint`;
  }
  if (edits.length) await tx.importRowEdit.createMany({ data: edits });
  await tally.write(jobId, tx);
  if (errorDelta || warningDelta || validDelta) {
    await tx.importJob.update({
      where: { id: jobId },
      data: { errorCount: { increment: errorDelta }, warningCount: { increment: warningDelta }, validRows: { increment: validDelta } },
    });
  }
  return changed;
}

/** Rows changed per statement when many change at once. */
const SLICE_ROWS = 1000;

/**
 * Many changes (a bulk fix, a re-uploaded error report) in one transaction, a slice of rows at a
 * time: a failure anywhere leaves every row as it was.
 */
export async function changeRowsAtOnce(jobId: number, changes: readonly RowChange[], options: ChangeOptions & { context: RevalidationContext }, db: Db = getDb()): Promise<number> {
  const byRow = new Map<bigint, RowChange[]>();
  for (const change of changes) {
    const list = byRow.get(change.rowId);
    if (list) list.push(change);
    else byRow.set(change.rowId, [change]);
  }
  const rowIds = [...byRow.keys()];
  if (changes.some((change) => change.column === "request_type")) revalidationContexts.delete(jobId);
  await db.$transaction(
    async (tx) => {
      for (let start = 0; start < rowIds.length; start += SLICE_ROWS) {
        await changeRows(jobId, rowIds.slice(start, start + SLICE_ROWS).flatMap((id) => byRow.get(id)!), options, tx);
      }
      if (options.audit) await recordAuditEvent({ ...options.audit, actorId: options.userId, importJobId: jobId, detail: { rows: rowIds.length, cells: changes.length, ...options.audit.detail } }, tx);
    },
    { timeout: 60 * 60_000, maxWait: 60_000 },
  );
  return rowIds.length;
}

/**
 * SQL: the edit `alias` still stands, neither undone by itself nor part of a bulk fix that was
 * undone (a fix's undo stamps the fix, not each of its edits: see the schema). `undoneBatches`
 * names a text[] parameter holding the import's undone fixes' batch ids (`undoneFixBatchesSql`).
 * A list, not a NOT EXISTS on ImportFix: the planner misjudged that anti-join as keeping a few
 * rows and turned the later-edits check of a 1M-row fix into a 3.3M-probe nested loop (6.5 s).
 */
export const liveEditSql = (alias: string, undoneBatches: string) =>
  `${alias}."undoneAt" IS NULL AND (${alias}."batchId" IS NULL OR ${alias}."batchId" <> ALL(${undoneBatches}::text[]))`;

/**
 * SQL: the edit `alias` is an undo's own record (an edit or a fix undone). It put back the value
 * the undone change replaced, and that change came after any edit still standing on the cell (an
 * undo is refused over later edits), so it never stands in the way of undoing an earlier edit.
 */
export const undoRecordSql = (alias: string) => `${alias}."fixKind" IS NOT DISTINCT FROM 'undo'`;

/** SQL, with the import's id as $1: the batch ids of its bulk fixes that were undone. */
export const undoneFixBatchesSql = `SELECT coalesce(array_agg("batchId"), '{}') AS batches FROM "ImportFix" WHERE "importJobId" = $1 AND "undoneAt" IS NOT NULL`;

/**
 * Undoes one edit, or every edit of its batch (a marker moved: both coordinates), restoring the
 * values they replaced. A bulk fix's edits are refused here: the fix is undone whole, as a fix
 * (undoChange in fix-jobs.ts).
 */
export async function undoEdit(jobId: number, editId: bigint, userId: number | null, db: Db = getDb()): Promise<{ ok: true; rows: ChangedRow[]; changedRows: number } | { ok: false; reason: string }> {
  const edit = await db.importRowEdit.findUnique({ where: { id: editId }, include: { importRow: { select: { importJobId: true } } } });
  if (!edit || edit.importRow.importJobId !== jobId) return { ok: false, reason: "No such change." };
  if (edit.undoneAt) return { ok: false, reason: "That change was already undone." };
  // A bulk fix's change is undone only with the whole fix, as its own job (undoChange): never by loading its edits here.
  if (edit.batchId && (await db.importFix.count({ where: { batchId: edit.batchId } }))) return { ok: false, reason: "That change was made by a bulk fix: undo the fix." };
  const group = edit.batchId
    ? await db.importRowEdit.findMany({ where: { batchId: edit.batchId, undoneAt: null }, orderBy: { id: "desc" } })
    : [edit];
  // A later edit of the same cell would be silently lost; ask for that one to be undone first.
  const ids = group.map((item) => item.id);
  const [undone] = await db.$queryRawUnsafe<{ batches: string[] }[]>(undoneFixBatchesSql, jobId);
  const [later] = await db.$queryRawUnsafe<{ column: string }[]>(
    `SELECT e2."column" FROM "ImportRowEdit" e JOIN "ImportRowEdit" e2
      ON e2."importRowId" = e."importRowId" AND e2."column" = e."column" AND e2.id > e.id AND ${liveEditSql("e2", "$2")} AND NOT ${undoRecordSql("e2")}
     AND (e."batchId" IS NULL OR e2."batchId" IS DISTINCT FROM e."batchId")
    WHERE e.id = ANY($1::bigint[]) LIMIT 1`,
    ids,
    undone?.batches ?? [],
  );
  if (later) return { ok: false, reason: `The ${later.column} cell changed again after this; undo that change first.` };
  const changes = group.map((item) => ({ rowId: item.importRowId, column: item.column, value: item.oldValue }));
  const what = edit.fixKind && edit.fixKind !== "moved on map" ? edit.fixKind : `the edit of ${edit.column}`;
  const audit: ChangeAudit = { action: "edit.undone", summary: `Undid ${what}`, detail: { editId: editId.toString(), batchId: edit.batchId } };
  const options = { userId, fixKind: "undo", batchId: `undo-${editId}`, audit };
  // A small batch comes back row by row for the grid; a big one (a bulk fix) is counted, and undone all or nothing.
  const rowCount = new Set(changes.map((change) => change.rowId)).size;
  const rows = rowCount <= SLICE_ROWS ? await applyRowChanges(jobId, changes, options, db) : [];
  const changedRows = rows.length ? rows.length : await changeRowsAtOnce(jobId, changes, { ...options, context: await loadRevalidationContext(jobId, db) }, db);
  // The undo is recorded too (fixKind "undo"), and is not itself offered for undoing.
  await db.importRowEdit.updateMany({ where: { id: { in: ids } }, data: { undoneAt: new Date() } });
  // A bulk fix's history (ImportFix, ADR 0013) shows it undone, whichever way it was.
  if (edit.batchId) await db.importFix.updateMany({ where: { batchId: edit.batchId, undoneAt: null }, data: { undoneAt: new Date() } });
  return { ok: true, rows, changedRows };
}

/** A row's last 50 changes, newest first; `bulkFix` marks those a bulk fix made (undone with the whole fix), `undone` those undone either way. */
export async function listRowEdits(jobId: number, rowId: bigint, db: Db = getDb()) {
  const edits = await db.importRowEdit.findMany({
    where: { importRowId: rowId, importRow: { importJobId: jobId } },
    orderBy: { id: "desc" },
    take: 50,
    include: { user: { select: { email: true, name: true } } },
  });
  const batchIds = [...new Set(edits.flatMap((edit) => (edit.batchId ? [edit.batchId] : [])))];
  const fixes = batchIds.length ? await db.importFix.findMany({ where: { importJobId: jobId, batchId: { in: batchIds } }, select: { batchId: true, undoneAt: true } }) : [];
  const fixOf = new Map(fixes.map((fix) => [fix.batchId, fix]));
  return edits.map((edit) => {
    const fix = edit.batchId === null ? undefined : fixOf.get(edit.batchId);
    return { ...edit, bulkFix: fix !== undefined, undone: edit.undoneAt !== null || Boolean(fix?.undoneAt) };
  });
}
