import "server-only";
import { randomUUID } from "node:crypto";
import { getDb, type Db } from "../db/client.ts";
import { readCsv, type ByteSource } from "../engine/read/read-csv.ts";
import { isErrorReportHeader, stripErrorReport } from "../engine/report/error-report-csv.ts";
import { applyRowChanges, loadRevalidationContext, type RowChange } from "./row-edits.ts";
import { unionHeader } from "./error-report.ts";

// Re-uploading a fixed error report patches only the rows it lists. The report carries no row
// ids (contract §6 fixes its columns), so each of its rows is matched to the import's current
// error rows by the cells it still shares with one of them: the row with the most equal cells
// wins, if it shares at least half of them and no other row ties. The CSM sees what matched.

const APPLY_BATCH = 1000;

export type PatchSummary = {
  reportRows: number;
  matchedRows: number;
  changedRows: number;
  changedCells: number;
  unmatched: { row: number; reason: string }[];
  batchId: string | null;
};

type Candidate = { id: bigint; fileId: number; values: string[] };

export async function patchFromErrorReport(jobId: number, source: ByteSource, userId: number | null, db: Db = getDb()): Promise<{ ok: true; summary: PatchSummary } | { ok: false; reason: string }> {
  const job = await db.importJob.findUniqueOrThrow({ where: { id: jobId }, include: { files: { where: { kind: "data" } } } });
  const header = unionHeader(job.files.map((file) => file.header));
  const fileHeaders = new Map(job.files.map((file) => [file.id, file.header]));

  // Index the current error rows by (column, value): a vote per shared cell.
  const candidates: Candidate[] = [];
  const index = new Map<string, number[]>();
  let after = 0n;
  for (;;) {
    const batch = await db.importRow.findMany({ where: { importJobId: jobId, errorCount: { gt: 0 }, id: { gt: after } }, orderBy: { id: "asc" }, take: 5000, select: { id: true, importFileId: true, values: true } });
    if (batch.length === 0) break;
    for (const row of batch) {
      const fileHeader = fileHeaders.get(row.importFileId) ?? [];
      const values = header.map((name) => {
        const at = fileHeader.indexOf(name);
        return at < 0 ? "" : (row.values[at] ?? "");
      });
      const position = candidates.push({ id: row.id, fileId: row.importFileId, values }) - 1;
      values.forEach((value, column) => {
        if (!value.trim()) return;
        const key = `${column}\u0000${value.trim()}`;
        const list = index.get(key);
        if (list) list.push(position);
        else index.set(key, [position]);
      });
    }
    after = batch[batch.length - 1]!.id;
  }

  let reportHeader: string[] | null = null;
  let reportRows = 0;
  const unmatched: PatchSummary["unmatched"] = [];
  const changes: RowChange[] = [];
  const matched = new Set<number>();
  const changedRowIds = new Set<bigint>();

  for await (const event of stripErrorReport(readCsv(source))) {
    if (event.kind === "header") {
      reportHeader = event.fields;
      continue;
    }
    if (event.kind === "problem") {
      if (event.problem.severity === "error" && (event.problem.code === "invalid_encoding" || event.problem.code === "empty_file" || event.problem.code === "malformed_csv")) {
        return { ok: false, reason: `The uploaded report cannot be read: ${event.problem.message}` };
      }
      continue;
    }
    if (!reportHeader || event.kind !== "records") continue;
    for (const record of event.records) {
      reportRows += 1;
      const cells = reportHeader.map((name, at) => ({ column: header.indexOf(name), value: record.fields[at] ?? "" }));
      const votes = new Map<number, number>();
      let nonBlank = 0;
      for (const { column, value } of cells) {
        if (column < 0 || !value.trim()) continue;
        nonBlank += 1;
        for (const position of index.get(`${column}\u0000${value.trim()}`) ?? []) votes.set(position, (votes.get(position) ?? 0) + 1);
      }
      let best = -1;
      let bestVotes = 0;
      let tie = false;
      for (const [position, count] of votes) {
        if (count > bestVotes) [best, bestVotes, tie] = [position, count, false];
        else if (count === bestVotes) tie = true;
      }
      if (best < 0 || bestVotes * 2 < nonBlank) {
        unmatched.push({ row: record.row, reason: "matches none of the rows that still have errors" });
        continue;
      }
      if (tie) {
        unmatched.push({ row: record.row, reason: "matches more than one row equally well" });
        continue;
      }
      if (matched.has(best)) {
        unmatched.push({ row: record.row, reason: "matches a row that an earlier report row already fixed" });
        continue;
      }
      matched.add(best);
      const candidate = candidates[best]!;
      const fileHeader = fileHeaders.get(candidate.fileId) ?? [];
      for (const { column, value } of cells) {
        if (column < 0) continue;
        const name = header[column]!;
        if (!fileHeader.includes(name)) continue;
        if ((candidate.values[column] ?? "") !== value) {
          changes.push({ rowId: candidate.id, column: name, value });
          changedRowIds.add(candidate.id);
        }
      }
    }
  }
  if (reportHeader === null) return { ok: false, reason: "The uploaded file is empty." };
  if (!reportHeader.some((name) => header.includes(name))) return { ok: false, reason: "The uploaded file has none of this import's columns; is it the right file?" };

  const batchId = changes.length ? randomUUID() : null;
  if (batchId) {
    const context = await loadRevalidationContext(jobId, db);
    const rowIds = [...changedRowIds];
    for (let start = 0; start < rowIds.length; start += APPLY_BATCH) {
      const slice = new Set(rowIds.slice(start, start + APPLY_BATCH));
      await applyRowChanges(jobId, changes.filter((change) => slice.has(change.rowId)), { userId, batchId, fixKind: "error report re-upload", context }, db);
    }
  }
  return { ok: true, summary: { reportRows, matchedRows: matched.size, changedRows: changedRowIds.size, changedCells: changes.length, unmatched: unmatched.slice(0, 50), batchId } };
}

export { isErrorReportHeader };
