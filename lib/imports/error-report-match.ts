import "server-only";
import { setImmediate } from "node:timers/promises";
import type { Db } from "../db/client.ts";
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

type Candidate = { id: bigint; fileId: number; values: string[] };
/**
 * The import's current error rows, each laid out on the union header, indexed by (column, trimmed
 * value); a value held by more than COMMON_ROWS rows is kept as `null` (common), without its rows.
 */
type ErrorRowIndex = { candidates: Candidate[]; byColumn: Map<string, Postings>[]; seen: Uint32Array; turn: number };
/**
 * The error rows holding one value of one column: a single row's position (most values are held
 * by one row: no array each), the positions of up to COMMON_ROWS rows, or null once common. The
 * maps are one per column, keyed by the trimmed value itself (the row's own string when it needs
 * no trimming), so a key costs no string of its own.
 */
type Postings = number | number[] | null;
type Cell = { column: number; value: string };
/** What the report's rows change, and which of them matched no row. */
type ReportChanges = { reportHeader: string[] | null; reportRows: number; changes: Map<bigint, StagedChange[]>; changedCells: number; matched: Set<number>; unmatchedRows: number; unmatched: PatchSummary["unmatched"] };


export type ReportMatch = { ok: true; summary: PatchSummary; changes: Map<bigint, StagedChange[]> } | { ok: false; reason: string };

/** Where matching is: error rows indexed so far, then report rows matched so far. */
export type MatchProgress = (progress: { indexed: number; reportRows: number }) => unknown;

/**
 * Matches the rows of an uploaded fixed error report to the import's current error rows (linear,
 * see above) and works out what each matched row changes; the changes keep the values they
 * replace (`from`). A report that cannot be read, or is not this import's, is refused whole.
 */
export async function matchErrorReport(jobId: number, source: ByteSource, db: Db, onProgress: MatchProgress = () => undefined): Promise<ReportMatch> {
  const job = await db.importJob.findUniqueOrThrow({ where: { id: jobId }, omit: { report: true }, include: { files: { where: { kind: "data" } } } });
  const header = unionHeader(job.files.map((file) => file.header));
  const fileHeaders = new Map(job.files.map((file) => [file.id, file.header]));
  const index = await indexErrorRows(db, jobId, header, fileHeaders, onProgress);
  const read = await readReportChanges(source, header, fileHeaders, index, onProgress);
  if ("reason" in read) return { ok: false, reason: read.reason };
  if (read.reportHeader === null) return { ok: false, reason: "The uploaded file is empty." };
  const known = new Set(header);
  if (!read.reportHeader.some((name) => known.has(name))) return { ok: false, reason: "The uploaded file has none of this import's columns; is it the right file?" };
  const summary: PatchSummary = { reportRows: read.reportRows, matchedRows: read.matched.size, changedRows: read.changes.size, changedCells: read.changedCells, unmatchedRows: read.unmatchedRows, unmatched: read.unmatched };
  return { ok: true, summary, changes: read.changes };
}

async function indexErrorRows(db: Db, jobId: number, header: readonly string[], fileHeaders: ReadonlyMap<number, readonly string[]>, onProgress: MatchProgress): Promise<ErrorRowIndex> {
  const candidates: Candidate[] = [];
  const byColumn = header.map(() => new Map<string, Postings>());
  // Where each union column sits in each file's header.
  const layouts = new Map<number, number[]>();
  let after = 0n;
  for (;;) {
    const batch = await db.importRow.findMany({ where: { importJobId: jobId, errorCount: { gt: 0 }, id: { gt: after } }, orderBy: { id: "asc" }, take: INDEX_ROWS, select: { id: true, importFileId: true, values: true } });
    if (batch.length === 0) break;
    for (const row of batch) {
      let layout = layouts.get(row.importFileId);
      if (!layout) {
        const fileHeader = fileHeaders.get(row.importFileId) ?? [];
        layout = header.map((name) => fileHeader.indexOf(name));
        layouts.set(row.importFileId, layout);
      }
      const values = layout.map((at) => (at < 0 ? "" : (row.values[at] ?? "")));
      const position = candidates.push({ id: row.id, fileId: row.importFileId, values }) - 1;
      values.forEach((value, column) => {
        const key = value.trim();
        if (!key) return;
        const byValue = byColumn[column]!;
        const list = byValue.get(key);
        if (list === undefined) byValue.set(key, position);
        else if (list === null) return;
        else if (typeof list === "number") byValue.set(key, [list, position]);
        else if (list.length === COMMON_ROWS) byValue.set(key, null);
        else list.push(position);
      });
    }
    after = batch[batch.length - 1]!.id;
    await onProgress({ indexed: candidates.length, reportRows: 0 });
  }
  return { candidates, byColumn, seen: new Uint32Array(candidates.length), turn: 0 };
}

/** Reads the uploaded report and matches each of its rows; a report that cannot be read is refused whole. */
async function readReportChanges(
  source: ByteSource,
  header: readonly string[],
  fileHeaders: ReadonlyMap<number, readonly string[]>,
  index: ErrorRowIndex,
  onProgress: MatchProgress,
): Promise<ReportChanges | { reason: string }> {
  const columnOf = new Map<string, number>();
  header.forEach((name, at) => columnOf.has(name) || columnOf.set(name, at));
  const read: ReportChanges = { reportHeader: null, reportRows: 0, changes: new Map(), changedCells: 0, matched: new Set(), unmatchedRows: 0, unmatched: [] };
  for await (const event of stripErrorReport(readCsv(source))) {
    if (event.kind === "header") {
      read.reportHeader = event.fields;
      continue;
    }
    if (event.kind === "problem") {
      if (event.problem.severity === "error" && (event.problem.code === "invalid_encoding" || event.problem.code === "empty_file" || event.problem.code === "malformed_csv")) {
        return { reason: `The uploaded report cannot be read: ${event.problem.message}` };
      }
      continue;
    }
    if (!read.reportHeader || event.kind !== "records") continue;
    for (const record of event.records) {
      read.reportRows += 1;
      if (read.reportRows % ROWS_PER_TURN === 0) {
        await onProgress({ indexed: index.candidates.length, reportRows: read.reportRows });
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
      collectChanges(index.candidates[best]!, cells, header, fileHeaders, read);
    }
  }
  return read;
}

/** The error row sharing the most cells with the report's row (at least half, and no tie), or why there is none. */
function bestMatch(cells: readonly Cell[], index: ErrorRowIndex, matched: ReadonlySet<number>): number | string {
  const { byColumn, candidates, seen } = index;
  const turn = ++index.turn;
  const shared: Cell[] = [];
  const lists: number[][] = [];
  let common = 0;
  for (const { column, value } of cells) {
    if (column < 0) continue;
    const trimmed = value.trim();
    if (!trimmed) continue;
    shared.push({ column, value: trimmed });
    const list = byColumn[column]!.get(trimmed);
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
      const values = candidates[position]!.values;
      let count = 0;
      for (const cell of shared) if ((values[cell.column] ?? "").trim() === cell.value) count += 1;
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

function collectChanges(candidate: Candidate, cells: readonly Cell[], header: readonly string[], fileHeaders: ReadonlyMap<number, readonly string[]>, read: ReportChanges): void {
  const fileHeader = new Set(fileHeaders.get(candidate.fileId) ?? []);
  for (const { column, value } of cells) {
    if (column < 0) continue;
    const name = header[column]!;
    if (!fileHeader.has(name)) continue;
    const from = candidate.values[column] ?? "";
    if (from !== value) {
      // `from`: a cell edited between this upload and the fix's run keeps its edit (stagedSource).
      const row = read.changes.get(candidate.id);
      if (row) row.push({ column: name, value, from });
      else read.changes.set(candidate.id, [{ column: name, value, from }]);
      read.changedCells += 1;
    }
  }
}

