import "server-only";
import type { AccessedImport } from "../auth/import-access.ts";
import { getDb, type Db } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { ImportRowStatus } from "../generated/prisma/enums.ts";
import type { Problem } from "../engine/problem.ts";
import { anchorFor, importVersion, rowFilterSql, versionFields, warmAnchors } from "./row-anchors.ts";

// What the review screen reads: the job, its files, counts by code and column, and pages of rows
// (server-side paging, so a million-row import stays usable).

export async function getImportReview(jobId: number, db: Db = getDb()) {
  const job = await db.importJob.findUnique({
    where: { id: jobId },
    // The report keeps whole-file problems only (ingest.ts storedReport), but older imports kept every problem.
    omit: { report: true },
    include: {
      organization: { select: { id: true, name: true, slug: true, timezone: true, defaultAddress: true, requestTypes: { orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, title: true } }, agencies: { orderBy: { id: "asc" }, select: { name: true, boundary: true } } } },
      files: { orderBy: [{ kind: "asc" }, { position: "asc" }], select: { id: true, kind: true, name: true, header: true, rowCount: true, byteSize: true, blocked: true, sha256: true } },
    },
  });
  return job;
}

export type ImportReview = NonNullable<Awaited<ReturnType<typeof getImportReview>>>;

/**
 * Whole-file problems (row 0) and mapping-file problems, from the stored report, filtered in
 * Postgres: an import validated before the report kept only these holds every problem in it (100
 * MB for a million), and neither Node nor a per-element SQL expansion should go through that
 * (a jsonpath filter took 0.4 s of a 100 MB report where jsonb_array_elements took 2.6 s).
 */
export async function listFileLevelProblems(jobId: number, db: Db = getDb()): Promise<Problem[]> {
  const [stored] = await db.$queryRaw<{ files: Problem[] | null; mapping: Problem[] | null }[]>`
    SELECT jsonb_path_query_array(report, '$.files[*].problems[*] ? (@.row == 0)') AS files,
           report->'mapping'->'problems' AS mapping
      FROM "ImportJob" WHERE id = ${jobId}`;
  return [...(stored?.files ?? []), ...(Array.isArray(stored?.mapping) ? stored.mapping : [])];
}

export type RowQuery = {
  offset: number;
  limit: number;
  onlyErrors?: boolean;
  code?: string;
  column?: string;
  fileId?: number;
  sort?: "row" | "errors" | "warnings";
  direction?: "asc" | "desc";
  /** Count the matching rows too (the grid asks once per filter, not for every page). */
  withTotal?: boolean;
};

/**
 * Where a row stands: `pending` until its import is written; then imported, skipped or failed
 * (with why); `rolled_back` when its issue was imported and a roll back removed it.
 */
export type ReviewRowStatus = "pending" | "imported" | "skipped" | "failed" | "rolled_back";

export type ReviewRow = {
  id: string;
  fileId: number;
  row: number;
  line: number;
  values: string[];
  problems: Problem[];
  errorCount: number;
  warningCount: number;
  status: ReviewRowStatus;
  /** Why a row was skipped or failed ("already imported by import #3"). */
  statusReason: string | null;
};

/** The import's state a page of rows depends on; the rows route has it from the access check (authorizeImportAccess). */
export type RowPageImport = Omit<AccessedImport, "organizationId">;

export async function listImportRows(jobOrId: number | RowPageImport, query: RowQuery, db: Db = getDb()): Promise<{ total: number | null; rows: ReviewRow[] }> {
  const job = typeof jobOrId === "number" ? await readRowPageImport(jobOrId, db) : jobOrId;
  const jobId = typeof jobOrId === "number" ? jobOrId : jobOrId.id;
  const problemMatch: Record<string, string> = {};
  if (query.code) problemMatch.code = query.code;
  if (query.column) problemMatch.column = query.column;
  const where: Prisma.ImportRowWhereInput = {
    importJobId: jobId,
    ...(query.onlyErrors ? { errorCount: { gt: 0 } } : {}),
    ...(query.fileId ? { importFileId: query.fileId } : {}),
    ...(Object.keys(problemMatch).length ? { problems: { array_contains: [problemMatch] } } : {}),
  };
  const direction = query.direction ?? "asc";
  const orderBy: Prisma.ImportRowOrderByWithRelationInput[] =
    query.sort === "errors"
      ? [{ errorCount: direction }, { importFileId: "asc" }, { row: "asc" }]
      : query.sort === "warnings"
        ? [{ warningCount: direction }, { importFileId: "asc" }, { row: "asc" }]
        : [{ importFileId: direction }, { row: direction }];
  // A deep page in the default order starts from the nearest anchor (row-anchors.ts), not from row 1.
  const anchorable = query.sort !== "errors" && query.sort !== "warnings" && direction === "asc";
  const version = importVersion(job);
  const anchored = anchorable ? await anchorFor(jobId, query, query.offset, version, db) : null;
  const [total, rows] = await Promise.all([
    query.withTotal === false ? Promise.resolve(null) : db.importRow.count({ where }),
    anchored
      ? // A row-value comparison, so Postgres starts at the anchor in the (file, row) index (Prisma's `cursor` becomes an OR it scans).
        db.$queryRaw<StoredRow[]>`
          SELECT id, "importFileId", row, line, values, problems, "errorCount", "warningCount", status::text AS status, "statusReason" FROM "ImportRow"
           WHERE ${rowFilterSql(jobId, query)} AND ("importFileId", row) >= (${anchored.anchor.importFileId}, ${anchored.anchor.row})
           ORDER BY "importFileId", row OFFSET ${anchored.skip} LIMIT ${query.limit}`
      : db.importRow.findMany({
          where,
          orderBy,
          skip: query.offset,
          take: query.limit,
          select: { id: true, importFileId: true, row: true, line: true, values: true, problems: true, errorCount: true, warningCount: true, status: true, statusReason: true },
        }),
  ]);
  // Only an import that was queued can have issues: the review before it asks nothing more.
  const imported = job?.queuedAt ? await importedRows(jobId, rows, db) : new Set<string>();
  // A rolled-back import's rows that its chunks wrote were imported once; the others were never reached.
  const written = job?.status === "rolled_back" ? await db.importChunk.findMany({ where: { importJobId: jobId, status: "done" }, select: { firstRowId: true, lastRowId: true } }) : [];
  const rolledBack = (id: bigint) => written.some((chunk) => id >= chunk.firstRowId && id <= chunk.lastRowId);
  if (total !== null && anchorable) warmAnchors(jobId, query, total, version, db);
  return {
    total,
    rows: rows.map((row) => ({
      id: row.id.toString(),
      fileId: row.importFileId,
      row: row.row,
      line: row.line,
      values: row.values,
      problems: row.problems as unknown as Problem[],
      errorCount: row.errorCount,
      warningCount: row.warningCount,
      status: row.status !== "pending" ? row.status : imported.has(`${row.importFileId}:${row.row}`) ? "imported" : rolledBack(row.id) ? "rolled_back" : "pending",
      statusReason: row.statusReason,
    })),
  };
}

async function readRowPageImport(jobId: number, db: Db): Promise<RowPageImport | null> {
  return db.importJob.findUnique({ where: { id: jobId }, select: { id: true, queuedAt: true, status: true, ...versionFields } });
}

type StoredRow = { id: bigint; importFileId: number; row: number; line: number; values: string[]; problems: Prisma.JsonValue; errorCount: number; warningCount: number; status: ImportRowStatus; statusReason: string | null };

/** Which of these rows the import made an issue of ("fileId:row"): the issue is the record of it. */
async function importedRows(jobId: number, rows: readonly { importFileId: number; row: number; status: string }[], db: Db): Promise<Set<string>> {
  const pending = rows.filter((row) => row.status === "pending");
  if (!pending.length) return new Set();
  const found = await db.$queryRaw<{ fileId: number; row: number }[]>`
    SELECT "importFileId" AS "fileId", "sourceRow" AS row FROM "Issue"
    WHERE "importJobId" = ${jobId}
      AND ("importFileId", "sourceRow") IN (SELECT * FROM unnest(${pending.map((row) => row.importFileId)}::int[], ${pending.map((row) => row.row)}::int[]))`;
  return new Set(found.map((issue) => `${issue.fileId}:${issue.row}`));
}

/** A row's position in the grid's default order (file, then row), to open it from the map. */
export async function locateImportRow(jobId: number, rowId: bigint, db: Db = getDb()): Promise<number | null> {
  const [found] = await db.$queryRaw<{ position: bigint }[]>`
    SELECT count(*) AS position FROM "ImportRow" r, (SELECT "importFileId", "row" FROM "ImportRow" WHERE id = ${rowId} AND "importJobId" = ${jobId}) t
     WHERE r."importJobId" = ${jobId} AND (r."importFileId", r."row") < (t."importFileId", t."row")`;
  const exists = await db.importRow.count({ where: { id: rowId, importJobId: jobId } });
  return exists && found ? Number(found.position) : null;
}
