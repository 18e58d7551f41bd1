import "server-only";
import { getDb, type Db } from "../db/client.ts";
import { findReplaceChanges, type FindReplace } from "../engine/fixes/find-replace.ts";
import { candidateRowsWhere } from "./fix-run.ts";
import { completePreview, PREVIEW_ROWS, type FixPreview } from "./bulk-fixes.ts";

// Find and replace's preview: how many rows and cells it would change, with examples, read a
// page of candidate rows at a time (only rows holding the text are read). Applying it is a bulk
// fix like the others (fix-jobs.ts), with its history and undo.

const PAGE = 5000;

export async function previewFindReplace(jobId: number, spec: FindReplace, db: Db = getDb()): Promise<FixPreview> {
  const preview: FixPreview = { kind: "find_replace", rows: 0, cells: 0, skipped: [], examples: [] };
  const files = await db.importFile.findMany({ where: { importJobId: jobId, kind: "data" }, select: { id: true, name: true, header: true } });
  const byId = new Map(files.map((file) => [file.id, file]));
  const where = candidateRowsWhere("find_replace", { findReplace: spec });
  let after = 0n;
  // The first PREVIEW_ROWS rows holding the text are checked; the rest are counted (bulk-fixes.ts).
  let checked = 0;
  while (checked < PREVIEW_ROWS) {
    const rows = await db.$queryRawUnsafe<{ id: bigint; importFileId: number; row: number; values: string[] }[]>(
      `SELECT r.id, r."importFileId", r.row, r."values" FROM "ImportRow" r WHERE r."importJobId" = $1 AND r.id > $2 AND ${where} ORDER BY r.id LIMIT ${Math.min(PAGE, PREVIEW_ROWS - checked)}`,
      jobId,
      after,
    );
    if (!rows.length) break;
    checked += rows.length;
    for (const row of rows) {
      const file = byId.get(row.importFileId);
      if (!file) continue;
      const changes = findReplaceChanges({ header: file.header, values: row.values }, spec);
      if (!changes.length) continue;
      preview.rows += 1;
      preview.cells += changes.length;
      for (const change of changes) {
        if (preview.examples.length < 5) preview.examples.push({ row: row.row, file: file.name, column: change.column, from: row.values[file.header.indexOf(change.column)] ?? "", to: change.value });
      }
    }
    after = rows[rows.length - 1]!.id;
  }
  return completePreview(preview, checked, where, jobId, db);
}
