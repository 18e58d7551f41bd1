import "server-only";
import { setImmediate } from "node:timers/promises";
import { poolOf, type Db } from "../db/client.ts";
import { readCsv, type ByteSource } from "../engine/read/read-csv.ts";
import { stripErrorReport } from "../engine/report/error-report-csv.ts";
import type { StagedChange } from "./fix-run.ts";
import { unionHeader } from "./error-report.ts";

// Re-uploading a fixed error report patches only the rows it lists. The report carries no row
// ids (contract §6 fixes its columns), so each of its rows is matched to the import's current
// error rows by the cells it still shares with one of them: the row with the most equal cells
// wins, if it shares at least half of them and no other row ties. The CSM sees what matched.
//
// Matching is linear: a report row's candidates are the rows sharing one of its less common
// values (held by at most COMMON_ROWS rows), rarest first, each scored on every cell, until no
// row left could beat or tie the best. A value many rows share ("Pothole", "Yes") would make
// every report row visit every error row (5,000 rows: a 5.8 s stall of the server; 100,000: most
// of an hour). A row outside the candidates shares with the report row only common values, so it
// cannot score more than their number: when the best candidate scores more, it is the exact
// answer; otherwise the row is left unmatched, with why. Below COMMON_ROWS error rows no value is
// common, and matching is exactly the rule above.

export type PatchSummary = {
  reportRows: number;
  matchedRows: number;
  changedRows: number;
  changedCells: number;
  /** How many report rows matched no row; `unmatched` lists the first UNMATCHED_LISTED of them. */
  unmatchedRows: number;
  unmatched: { row: number; reason: string }[];
};

/** Values held by more error rows than this are common: not used to find candidates. */
export const COMMON_ROWS = 256;
/** Unmatched report rows listed with their reason (the rest are counted). */
const UNMATCHED_LISTED = 50;
/** Error rows read (and indexed) at a time: 5,000 held the event loop ~0.2 s at once. */
const INDEX_ROWS = 1000;
/** Report rows matched between two turns of the event loop. */
const ROWS_PER_TURN = 1000;

/**
 * The import's current error rows, laid out on the union header, without their values: each
 * column's distinct trimmed values get an id (`valueIds`: the trimmed value itself is the key, the
 * row's own string when it needs no trimming), each row keeps one id a column (`rowValues`, 0 for
 * blank), and each value lists the rows holding it (`postings`). Scoring a candidate compares ids;
 * the values of a matched row are read back from the database (`collectPending`). At 1M rows the
 * rows' own strings were ~0.8 GB of the worker's 1.7 GB; now only each value's first string is kept.
 */
type ErrorRowIndex = {
  rows: number;
  rowIds: BigInt64Array;
  valueIds: Map<string, number>[];
  rowValues: Uint32Array[];
  postings: Postings[][];
  seen: Uint32Array;
  turn: number;
};
/**
 * The error rows holding one value of one column: a single row's position (most values are held
 * by one row: no array each), the positions of up to COMMON_ROWS rows, or null once common.
 */
type Postings = number | number[] | null;
/** An error row as read for the index and for its changes. */
type StoredValues = { id: string; importFileId: number; values: string[] };
/** The columns of StoredValues, the values as JSON (node-postgres parses that faster than a text[]). */
const storedValuesColumns = `id::text AS id, "importFileId", to_json("values") AS "values"`;
type Cell = { column: number; value: string };
/** A report row's cell, trimmed, with its value's id in its column (undefined: no error row holds it). */
type SharedCell = { column: number; value: string; id: number | undefined };
/** A matched row whose changes wait for its values, read back a batch at a time. */
type PendingRow = { position: number; cells: Cell[] };
/** What the report's rows change, and which of them matched no row. */
type ReportChanges = { reportHeader: string[] | null; reportRows: number; changedRows: number; changedCells: number; matched: Set<number>; unmatchedRows: number; unmatched: PatchSummary["unmatched"]; pending: PendingRow[] };

export type ReportMatch = { ok: true; summary: PatchSummary } | { ok: false; reason: string };

/** Takes the matched rows' changes a batch at a time (row id, its changes), as they are worked out. */
export type ChangeSink = (changes: readonly (readonly [bigint, StagedChange[]])[]) => unknown;

/** Where matching is: error rows indexed so far, then report rows matched so far. */
export type MatchProgress = (progress: { indexed: number; reportRows: number }) => unknown;

/**
 * Matches the rows of an uploaded fixed error report to the import's current error rows (linear,
 * see above) and works out what each matched row changes; the changes keep the values they
 * replace (`from`). A report that cannot be read, or is not this import's, is refused whole.
 */
export async function matchErrorReport(jobId: number, source: ByteSource, db: Db, sink: { onChanges: ChangeSink; onProgress?: MatchProgress }): Promise<ReportMatch> {
  const onProgress = sink.onProgress ?? (() => undefined);
  const job = await db.importJob.findUniqueOrThrow({ where: { id: jobId }, omit: { report: true }, include: { files: { where: { kind: "data" } } } });
  const header = unionHeader(job.files.map((file) => file.header));
  const fileHeaders = new Map(job.files.map((file) => [file.id, file.header]));
  const layouts = layoutsOf(header, fileHeaders);
  const index = await indexErrorRows(db, jobId, header, layouts, onProgress);
  const read = await readReportChanges(source, { db, header, layouts, onChanges: sink.onChanges }, index, onProgress);
  if ("reason" in read) return { ok: false, reason: read.reason };
  if (read.reportHeader === null) return { ok: false, reason: "The uploaded file is empty." };
  const known = new Set(header);
  if (!read.reportHeader.some((name) => known.has(name))) return { ok: false, reason: "The uploaded file has none of this import's columns; is it the right file?" };
  const summary: PatchSummary = { reportRows: read.reportRows, matchedRows: read.matched.size, changedRows: read.changedRows, changedCells: read.changedCells, unmatchedRows: read.unmatchedRows, unmatched: read.unmatched };
  return { ok: true, summary };
}

/** Where each union column sits in each file's header (-1: not in the file). */
function layoutsOf(header: readonly string[], fileHeaders: ReadonlyMap<number, readonly string[]>): Map<number, number[]> {
  return new Map([...fileHeaders].map(([fileId, fileHeader]) => [fileId, header.map((name) => fileHeader.indexOf(name))]));
}

function grown<T extends Uint32Array | BigInt64Array>(array: T, length: number): T {
  if (array.length >= length) return array;
  const bigger = new (array.constructor as new (size: number) => T)(Math.max(length, array.length * 2));
  bigger.set(array as never);
  return bigger;
}

async function indexErrorRows(db: Db, jobId: number, header: readonly string[], layouts: ReadonlyMap<number, readonly number[]>, onProgress: MatchProgress): Promise<ErrorRowIndex> {
  const index: ErrorRowIndex = {
    rows: 0,
    rowIds: new BigInt64Array(INDEX_ROWS),
    valueIds: header.map(() => new Map<string, number>()),
    rowValues: header.map(() => new Uint32Array(INDEX_ROWS)),
    // Value ids start at 1 (0 is blank).
    postings: header.map(() => [null]),
    seen: new Uint32Array(0),
    turn: 0,
  };
  // node-postgres with the values as JSON: through Prisma, reading 1M rows twice (here and for
  // the matched rows' changes) cost most of a minute. (Ordered by the column: `id` alone would
  // name the text output column.) The next page is read while one is indexed.
  const page = (after: string) =>
    poolOf(db).query<StoredValues>(
      `SELECT ${storedValuesColumns} FROM "ImportRow" WHERE "importJobId" = $1 AND "errorCount" > 0 AND id > $2 ORDER BY "ImportRow".id LIMIT ${INDEX_ROWS}`,
      [jobId, after],
    );
  let next = page("0");
  for (;;) {
    const { rows: batch } = await next;
    if (batch.length === 0) break;
    next = page(batch[batch.length - 1]!.id);
    next.catch(() => undefined);
    index.rowIds = grown(index.rowIds, index.rows + batch.length);
    for (let column = 0; column < header.length; column++) index.rowValues[column] = grown(index.rowValues[column]!, index.rows + batch.length);
    for (const row of batch) {
      const position = index.rows++;
      index.rowIds[position] = BigInt(row.id);
      const layout = layouts.get(row.importFileId) ?? [];
      for (let column = 0; column < header.length; column++) {
        const at = layout[column] ?? -1;
        const key = at < 0 ? "" : (row.values[at] ?? "").trim();
        if (!key) continue;
        const ids = index.valueIds[column]!;
        const postings = index.postings[column]!;
        let id = ids.get(key);
        if (id === undefined) {
          id = postings.push(position) - 1;
          ids.set(key, id);
        } else {
          // A common value (null) keeps no list.
          const list = postings[id];
          if (typeof list === "number") postings[id] = [list, position];
          else if (list && list.length === COMMON_ROWS) postings[id] = null;
          else if (list) list.push(position);
        }
        index.rowValues[column]![position] = id;
      }
    }
    await onProgress({ indexed: index.rows, reportRows: 0 });
  }
  index.seen = new Uint32Array(index.rows);
  return index;
}

type Import = { db: Db; header: readonly string[]; layouts: ReadonlyMap<number, readonly number[]>; onChanges: ChangeSink };

/** Reads the uploaded report and matches each of its rows; a report that cannot be read is refused whole. */
async function readReportChanges(source: ByteSource, job: Import, index: ErrorRowIndex, onProgress: MatchProgress): Promise<ReportChanges | { reason: string }> {
  const columnOf = new Map<string, number>();
  job.header.forEach((name, at) => columnOf.has(name) || columnOf.set(name, at));
  let collecting: Promise<void> = Promise.resolve();
  const read: ReportChanges = { reportHeader: null, reportRows: 0, changedRows: 0, changedCells: 0, matched: new Set(), unmatchedRows: 0, unmatched: [], pending: [] };
  try {
    for await (const event of stripErrorReport(readCsv(source))) {
      if (event.kind === "header") {
        read.reportHeader = event.fields;
        continue;
      }
      if (event.kind === "problem") {
        if (event.problem.severity === "error" && (event.problem.code === "invalid_encoding" || event.problem.code === "empty_file" || event.problem.code === "malformed_csv")) {
          await collecting.catch(() => undefined);
          return { reason: `The uploaded report cannot be read: ${event.problem.message}` };
        }
        continue;
      }
      if (!read.reportHeader || event.kind !== "records") continue;
      for (const record of event.records) {
        read.reportRows += 1;
        if (read.reportRows % ROWS_PER_TURN === 0) {
          await onProgress({ indexed: index.rows, reportRows: read.reportRows });
          await setImmediate();
        }
        const cells = read.reportHeader.map((name, at) => ({ column: columnOf.get(name) ?? -1, value: record.fields[at] ?? "" }));
        const best = bestMatch(cells, index, read.matched);
        if (typeof best === "string") {
          read.unmatchedRows += 1;
          if (read.unmatched.length < UNMATCHED_LISTED) read.unmatched.push({ row: record.row, reason: best });
          continue;
        }
        read.matched.add(best);
        read.pending.push({ position: best, cells });
        if (read.pending.length === INDEX_ROWS) {
          // One batch's changes are worked out and handed on while the next report rows are matched.
          await collecting;
          collecting = collectPending(job, index, read);
          collecting.catch(() => undefined);
        }
      }
    }
  } catch (error) {
    // Nothing may still be writing through the caller's connection when it rolls back.
    await collecting.catch(() => undefined);
    throw error;
  }
  await collecting;
  await collectPending(job, index, read);
  return read;
}

/** The error row sharing the most cells with the report's row (at least half, and no tie), or why there is none. */
function bestMatch(cells: readonly Cell[], index: ErrorRowIndex, matched: ReadonlySet<number>): number | string {
  const { valueIds, postings, rowValues, seen } = index;
  const turn = ++index.turn;
  const shared: SharedCell[] = [];
  const lists: number[][] = [];
  let common = 0;
  for (const { column, value } of cells) {
    if (column < 0) continue;
    const trimmed = value.trim();
    if (!trimmed) continue;
    const id = valueIds[column]!.get(trimmed);
    shared.push({ column, value: trimmed, id });
    if (id === undefined) continue;
    const list = postings[column]![id];
    if (list === null) common += 1;
    else if (typeof list === "number") lists.push([list]);
    else if (list) lists.push(list);
  }
  const nonBlank = shared.length;
  // The rarest values first. A row not found through the lists visited so far shares none of
  // their cells, so it scores at most `unvisited`: once the best candidate scores more, no other
  // row can beat or tie it.
  lists.sort((a, b) => a.length - b.length);
  let best = -1;
  let bestVotes = 0;
  let tie = false;
  let unvisited = lists.length + common;
  for (const list of lists) {
    if (bestVotes > unvisited) break;
    unvisited -= 1;
    for (const position of list) {
      if (seen[position] === turn) continue;
      seen[position] = turn;
      let count = 0;
      for (const cell of shared) if (cell.id !== undefined && rowValues[cell.column]![position] === cell.id) count += 1;
      if (count > bestVotes) [best, bestVotes, tie] = [position, count, false];
      else if (count === bestVotes) tie = true;
    }
  }
  // Only rows sharing common values are left unvisited: they could score up to `common`.
  if (common > 0 && common >= bestVotes && common * 2 >= nonBlank) return `shares only values that more than ${COMMON_ROWS} rows have; fix it in the review`;
  if (best < 0 || bestVotes * 2 < nonBlank) return "matches none of the rows that still have errors";
  if (tie) return "matches more than one row equally well";
  if (matched.has(best)) return "matches a row that an earlier report row already fixed";
  return best;
}

/** The matched rows' changes: their values read back (one query a batch), each compared with its report row. */
async function collectPending(job: Import, index: ErrorRowIndex, read: ReportChanges): Promise<void> {
  if (read.pending.length === 0) return;
  const pending = read.pending;
  read.pending = [];
  const ids = pending.map(({ position }) => index.rowIds[position]!.toString());
  const { rows } = await poolOf(job.db).query<StoredValues>(`SELECT ${storedValuesColumns} FROM "ImportRow" WHERE id = ANY($1::bigint[])`, [ids]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const changes: (readonly [bigint, StagedChange[]])[] = [];
  for (const { position, cells } of pending) {
    const row = byId.get(index.rowIds[position]!.toString());
    if (!row) continue;
    const layout = job.layouts.get(row.importFileId) ?? [];
    const values = layout.map((at) => (at < 0 ? "" : (row.values[at] ?? "")));
    const changed = changesOf(layout, values, cells, job.header);
    if (changed.length === 0) continue;
    changes.push([index.rowIds[position]!, changed]);
    read.changedRows += 1;
    read.changedCells += changed.length;
  }
  if (changes.length) await job.onChanges(changes);
}

/** The report row's cells that differ from the matched row's, in the row's own file's columns. */
function changesOf(layout: readonly number[], values: readonly string[], cells: readonly Cell[], header: readonly string[]): StagedChange[] {
  const changes: StagedChange[] = [];
  for (const { column, value } of cells) {
    if (column < 0 || (layout[column] ?? -1) < 0) continue;
    const from = values[column] ?? "";
    // `from`: a cell edited between this upload and the fix's run keeps its edit (stagedSource).
    if (from !== value) changes.push({ column: header[column]!, value, from });
  }
  return changes;
}
