import "server-only";
import type { AccessedImport } from "../auth/import-access.ts";
import { getDb, poolOf, type Db } from "../db/client.ts";
import { preparedStatement } from "../db/prepared-statement.ts";
import { Prisma } from "../generated/prisma/client.ts";
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
  const page = await readRowPage(jobOrId, query, db);
  return { total: page.total, rows: JSON.parse(page.rowsJson) as ReviewRow[] };
}

/**
 * A page of rows as the JSON text the grid receives (`rowsJson`, a ReviewRow[]), made by
 * Postgres: the route hands it on as it is. 200 pages at once are mostly the web server's CPU
 * (bench:pages), and Prisma's parse of 100 rows, then JSON.parse and JSON.stringify of their
 * values and problems, cost it more than Postgres takes to write the JSON.
 */
export async function readRowPage(jobOrId: number | RowPageImport, query: RowQuery, db: Db = getDb()): Promise<{ total: number | null; rowsJson: string }> {
  const job = typeof jobOrId === "number" ? await readRowPageImport(jobOrId, db) : jobOrId;
  const jobId = typeof jobOrId === "number" ? jobOrId : jobOrId.id;
  const pool = poolOf(db);
  const direction = query.direction === "desc" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  const order =
    query.sort === "errors"
      ? Prisma.sql`"errorCount" ${direction}, "importFileId", row`
      : query.sort === "warnings"
        ? Prisma.sql`"warningCount" ${direction}, "importFileId", row`
        : Prisma.sql`"importFileId" ${direction}, row ${direction}`;
  // A deep page in the default order starts from the nearest anchor (row-anchors.ts), not from row 1.
  const anchorable = query.sort !== "errors" && query.sort !== "warnings" && query.direction !== "desc";
  const version = importVersion(job);
  const anchored = anchorable ? await anchorFor(jobId, query, query.offset, version, db) : null;
  // A row-value comparison, so Postgres starts at the anchor in the (file, row) index.
  const from = anchored ? Prisma.sql` AND ("importFileId", row) >= (${anchored.anchor.importFileId}, ${anchored.anchor.row})` : Prisma.empty;
  const skip = anchored ? anchored.skip : query.offset;
  // Only an import that was queued can have issues, and only a rolled-back one rolled rows back:
  // a pending row is imported when the import made an issue of it (the issue is the record of
  // it); rolled back when a chunk its import wrote held it.
  const page = Prisma.sql`
    WITH page AS (
      SELECT id, "importFileId", row, line, values, problems, "errorCount", "warningCount", status, "statusReason" FROM "ImportRow"
       WHERE ${rowFilterSql(jobId, query)}${from}
       ORDER BY ${order} OFFSET ${skip} LIMIT ${query.limit})
    SELECT coalesce(json_agg(json_build_object(
      'id', id::text, 'fileId', "importFileId", 'row', row, 'line', line, 'values', values, 'problems', problems,
      'errorCount', "errorCount", 'warningCount', "warningCount",
      'status', CASE
        WHEN status <> 'pending' THEN status::text
        WHEN ${job?.queuedAt != null} AND EXISTS (SELECT FROM "Issue" i WHERE i."importJobId" = ${jobId} AND i."importFileId" = page."importFileId" AND i."sourceRow" = page.row) THEN 'imported'
        WHEN ${job?.status === "rolled_back"} AND EXISTS (SELECT FROM "ImportChunk" c WHERE c."importJobId" = ${jobId} AND c.status = 'done' AND page.id BETWEEN c."firstRowId" AND c."lastRowId") THEN 'rolled_back'
        ELSE 'pending' END,
      'statusReason', "statusReason") ORDER BY ${order}), '[]')::text AS rows
    FROM page`;
  const count = Prisma.sql`SELECT count(*)::int AS total FROM "ImportRow" WHERE ${rowFilterSql(jobId, query)}`;
  const [total, rows] = await Promise.all([
    query.withTotal === false ? null : pool.query<{ total: number }>(preparedStatement(count.text, count.values)).then((result) => result.rows[0]!.total),
    pool.query<{ rows: string }>(preparedStatement(page.text, page.values)),
  ]);
  if (total !== null && anchorable) warmAnchors(jobId, query, total, version, db);
  return { total, rowsJson: rows.rows[0]!.rows };
}

async function readRowPageImport(jobId: number, db: Db): Promise<RowPageImport | null> {
  return db.importJob.findUnique({ where: { id: jobId }, select: { id: true, queuedAt: true, status: true, ...versionFields } });
}

/** A row's position in the grid's default order (file, then row), to open it from the map. */
export async function locateImportRow(jobId: number, rowId: bigint, db: Db = getDb()): Promise<number | null> {
  const [found] = await db.$queryRaw<{ position: bigint }[]>`
    SELECT count(*) AS position FROM "ImportRow" r, (SELECT "importFileId", "row" FROM "ImportRow" WHERE id = ${rowId} AND "importJobId" = ${jobId}) t
     WHERE r."importJobId" = ${jobId} AND (r."importFileId", r."row") < (t."importFileId", t."row")`;
  const exists = await db.importRow.count({ where: { id: rowId, importJobId: jobId } });
  return exists && found ? Number(found.position) : null;
}
