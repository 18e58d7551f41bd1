import "server-only";
import { getDb, type Db } from "../db/client.ts";
import { bulkFixes, type BulkFixKind, type FixContext } from "../engine/fixes/bulk-fixes.ts";
import type { Problem } from "../engine/problem.ts";
import { candidateRowsWhere } from "./fix-run.ts";
import { getOrganizationConfig } from "../crm/organizations.ts";

// Bulk fixes over a stored import: the preview (how many rows would change, and which cannot).
// The fix itself is an ImportFix run by fix-run.ts (ADR 0013).

const SCAN_BATCH = 2000;

/**
 * A preview runs the fix itself on at most this many candidate rows (the first, in row order);
 * the rest are counted in Postgres. The review asks a preview of each fix it offers whenever it
 * opens, and reading every candidate of a 1M-row import into the web server took minutes of its
 * CPU each time (issue #11). The fix itself, run by the worker, still goes through every row.
 */
export const PREVIEW_ROWS = 20_000;

export type FixPreview = {
  kind: BulkFixKind;
  /** Rows the fix would change; with `partial`, the checked rows that would change plus every unchecked candidate (at most this many). */
  rows: number;
  /** Cells it would change, in the checked rows. */
  cells: number;
  /** Checked rows it cannot fix, the first 200. */
  skipped: { row: number; file: string; reason: string }[];
  examples: { row: number; file: string; column: string; from: string; to: string }[];
  /** Set when only the first `checked` of `candidates` rows were checked. */
  partial?: { checked: number; candidates: number };
};

/** Finishes a preview that stopped after `checked` rows: the candidates past them count as changing, at most. */
export async function completePreview(preview: FixPreview, checked: number, candidatesWhere: string, jobId: number, db: Db): Promise<FixPreview> {
  if (checked < PREVIEW_ROWS) return preview;
  const [count] = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "ImportRow" r WHERE r."importJobId" = $1 AND ${candidatesWhere}`, jobId);
  const candidates = Number(count?.n ?? 0);
  if (candidates <= checked) return preview;
  return { ...preview, rows: preview.rows + (candidates - checked), partial: { checked, candidates } };
}

async function* candidateRows(jobId: number, kind: BulkFixKind, db: Db, limit: number) {
  const codes = bulkFixes[kind].codes;
  let after = 0n;
  for (let read = 0; read < limit; ) {
    const batch = await db.importRow.findMany({
      where: { importJobId: jobId, id: { gt: after }, status: "pending", OR: codes.map((code) => ({ problems: { array_contains: [{ code }] } })) },
      orderBy: { id: "asc" },
      take: Math.min(SCAN_BATCH, limit - read),
      select: { id: true, row: true, values: true, problems: true, importFile: { select: { name: true, header: true } } },
    });
    if (batch.length === 0) return;
    yield batch;
    read += batch.length;
    after = batch[batch.length - 1]!.id;
  }
}

/** What a fix needs: the organization's configuration only (not the revalidation context, which scans every row for its request types). */
async function fixContext(jobId: number, db: Db, requestTypeMapping?: ReadonlyMap<string, string>): Promise<FixContext> {
  const job = await db.importJob.findUniqueOrThrow({ where: { id: jobId }, select: { organizationId: true } });
  const config = await getOrganizationConfig(job.organizationId, db);
  if (!config) throw new Error(`The organization of import #${jobId} is gone.`);
  return { config, requestTypeMapping };
}

/** Runs the fix on the candidate rows, at most `limit` of them; returns how many it read. */
async function plan(jobId: number, kind: BulkFixKind, context: FixContext, db: Db, onChange: (rowId: bigint, row: number, file: string, changes: { column: string; from: string; to: string }[]) => void, onSkip: (row: number, file: string, reason: string) => void, limit = Infinity): Promise<number> {
  let read = 0;
  for await (const batch of candidateRows(jobId, kind, db, limit)) {
    read += batch.length;
    for (const row of batch) {
      const result = bulkFixes[kind].fix({ header: row.importFile.header, values: row.values, problems: row.problems as unknown as Problem[] }, context);
      if (result.kind === "skip") onSkip(row.row, row.importFile.name, result.reason);
      if (result.kind === "change" && result.left) onSkip(row.row, row.importFile.name, result.left);
      if (result.kind === "change" && result.changes.length) {
        onChange(
          row.id,
          row.row,
          row.importFile.name,
          result.changes.map((change) => ({ column: change.column, from: row.values[row.importFile.header.indexOf(change.column)] ?? "", to: change.value })),
        );
      }
    }
  }
  return read;
}

export async function previewBulkFix(jobId: number, kind: BulkFixKind, options: { requestTypeMapping?: ReadonlyMap<string, string> } = {}, db: Db = getDb()): Promise<FixPreview> {
  const context = await fixContext(jobId, db, options.requestTypeMapping);
  const preview: FixPreview = { kind, rows: 0, cells: 0, skipped: [], examples: [] };
  const checked = await plan(
    jobId,
    kind,
    context,
    db,
    (_id, row, file, changes) => {
      preview.rows += 1;
      preview.cells += changes.length;
      for (const change of changes) if (preview.examples.length < 5) preview.examples.push({ row, file, ...change });
    },
    (row, file, reason) => {
      if (preview.skipped.length < 200) preview.skipped.push({ row, file, reason });
    },
    PREVIEW_ROWS,
  );
  return completePreview(preview, checked, candidateRowsWhere(kind), jobId, db);
}

/** The organization keeps the CSM's mapping choices for its later imports. */
export async function saveOrganizationMapping(jobId: number, mapping: ReadonlyMap<string, string>, db: Db) {
  const job = await db.importJob.findUniqueOrThrow({ where: { id: jobId }, select: { organizationId: true } });
  const types = await db.requestType.findMany({ where: { organizationId: job.organizationId, title: { in: [...mapping.values()] } }, select: { id: true, title: true } });
  const ids = new Map(types.map((type) => [type.title, type.id]));
  await db.$transaction(
    [...mapping].flatMap(([oldValue, title]) => {
      const requestTypeId = ids.get(title);
      if (!requestTypeId) return [];
      return [db.requestTypeMapping.upsert({ where: { organizationId_oldValue: { organizationId: job.organizationId, oldValue } }, update: { requestTypeId }, create: { organizationId: job.organizationId, oldValue, requestTypeId } })];
    }),
  );
}

/** The unknown request-type values of an import, with counts and the organization's saved guesses. */
export async function listUnknownRequestTypes(jobId: number, db: Db = getDb()) {
  const rows = await db.$queryRaw<{ value: string; count: bigint }[]>`
    SELECT p->>'value' AS value, count(*) AS count
      FROM "ImportRow" r, jsonb_array_elements(r.problems) p
     WHERE r."importJobId" = ${jobId} AND r."errorCount" > 0 AND p->>'code' = 'unknown_request_type'
     GROUP BY 1 ORDER BY 2 DESC LIMIT 200`;
  const job = await db.importJob.findUniqueOrThrow({ where: { id: jobId }, select: { organizationId: true } });
  const saved = await db.requestTypeMapping.findMany({ where: { organizationId: job.organizationId, oldValue: { in: rows.map((row) => row.value) } }, include: { requestType: { select: { title: true } } } });
  const savedByValue = new Map(saved.map((entry) => [entry.oldValue, entry.requestType.title]));
  return rows.map((row) => ({ value: row.value, count: Number(row.count), suggestion: savedByValue.get(row.value) ?? null }));
}
