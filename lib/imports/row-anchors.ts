import "server-only";
import { getDb, type Db } from "../db/client.ts";
import { Prisma } from "../generated/prisma/client.ts";

/**
 * Fast deep pages in the review's default order (file, then row). An OFFSET of half a million
 * rows walks half a million rows; the grid asks for pages anywhere as it scrolls, many at once.
 * So the key (file, row) of every ANCHOR_EVERY-th row of a filtered view is read once, with one
 * index scan, and kept a short while; a page then starts from the nearest anchor and skips
 * fewer than ANCHOR_EVERY rows. The anchors belong to a version of the import (its counters and
 * last change), so an edit that moves rows in or out of the view builds them afresh.
 */

// A page skips up to ANCHOR_EVERY - 1 rows from its anchor, each a heap row Postgres reads: at 500
// a deep page of a 1M-row import took 6.5 ms of Postgres, at 100 3.9 ms (random anchors, pgbench),
// for 10,000 anchors of two numbers each.
export const ANCHOR_EVERY = 100;
const KEEP_MS = 60_000;

export type RowFilter = { onlyErrors?: boolean; fileId?: number; code?: string; column?: string };
export type Anchor = { importFileId: number; row: number };

type Entry = { version: string; at: number; anchors: Promise<Anchor[]> };
const cache = new Map<string, Entry>();

/** The anchor at or before `offset` in the filtered view, and how many rows lie between them; null when the page is near the start. */
export async function anchorFor(jobId: number, filter: RowFilter, offset: number, version: string, db: Db = getDb()): Promise<{ anchor: Anchor; skip: number } | null> {
  if (offset < ANCHOR_EVERY) return null;
  const anchors = await anchorsOf(jobId, filter, version, db);
  const index = Math.floor(offset / ANCHOR_EVERY);
  const anchor = anchors[index];
  return anchor ? { anchor, skip: offset - index * ANCHOR_EVERY } : null;
}

/**
 * Starts reading a view's anchors without waiting for them. The grid asks a view's total once,
 * when it opens the view and before it scrolls; a view longer than one anchor step will be
 * scrolled, so its anchors are ready by then instead of holding up the first deep pages.
 */
export function warmAnchors(jobId: number, filter: RowFilter, total: number, version: string, db: Db = getDb()): void {
  if (total > ANCHOR_EVERY) anchorsOf(jobId, filter, version, db).catch(() => undefined);
}

function anchorsOf(jobId: number, filter: RowFilter, version: string, db: Db): Promise<Anchor[]> {
  const key = JSON.stringify([jobId, filter.onlyErrors ?? false, filter.fileId ?? null, filter.code ?? null, filter.column ?? null]);
  let entry = cache.get(key);
  if (!entry || entry.version !== version || Date.now() - entry.at > KEEP_MS) {
    entry = { version, at: Date.now(), anchors: readAnchors(jobId, filter, db) };
    entry.anchors.catch(() => cache.delete(key));
    cache.set(key, entry);
    for (const [other, old] of cache) if (Date.now() - old.at > KEEP_MS) cache.delete(other);
  }
  return entry.anchors;
}

export const versionFields = { updatedAt: true, errorCount: true, warningCount: true, validRows: true, totalRows: true } as const;

/** What changes whenever rows move in or out of a view: the import's counters and its last update (read with `versionFields`). */
export function importVersion(job: { updatedAt: Date; errorCount: number; warningCount: number; validRows: number; totalRows: number } | null): string {
  return job ? `${job.updatedAt.getTime()}:${job.errorCount}:${job.warningCount}:${job.validRows}:${job.totalRows}` : "gone";
}

/** The SQL condition of a filtered view, shared by the anchors and the page read from one. */
export function rowFilterSql(jobId: number, filter: RowFilter): Prisma.Sql {
  const conditions = [Prisma.sql`"importJobId" = ${jobId}`];
  if (filter.onlyErrors) conditions.push(Prisma.sql`"errorCount" > 0`);
  if (filter.fileId) conditions.push(Prisma.sql`"importFileId" = ${filter.fileId}`);
  const match: Record<string, string> = {};
  if (filter.code) match.code = filter.code;
  if (filter.column) match.column = filter.column;
  if (Object.keys(match).length) conditions.push(Prisma.sql`problems @> ${JSON.stringify([match])}::jsonb`);
  return Prisma.join(conditions, " AND ");
}

async function readAnchors(jobId: number, filter: RowFilter, db: Db): Promise<Anchor[]> {
  const files = await filesOfWholeView(jobId, filter, db);
  if (files) return wholeFileAnchors(files, db);
  return db.$queryRaw<Anchor[]>`
    SELECT "importFileId", row FROM (
      SELECT "importFileId", row, row_number() OVER (ORDER BY "importFileId", row) AS n FROM "ImportRow" WHERE ${rowFilterSql(jobId, filter)}
    ) AS numbered WHERE (n - 1) % ${ANCHOR_EVERY} = 0 ORDER BY n`;
}

type FileRows = { importFileId: number; count: number; first: number; last: number };

/**
 * The view's files, in order, with how many rows each has and its first and last row, when the
 * view holds every row of its files: no problem filter, and "errors only" only while no row of
 * the import is without errors (an import whose every row lacks an offset, the commonest real
 * file). Null otherwise. Read from the (file, row) index alone: at 1M rows 0.06–0.19 s, where
 * numbering the rows through the heap with the job's filter took 0.7–0.9 s (issue #11).
 */
async function filesOfWholeView(jobId: number, filter: RowFilter, db: Db): Promise<FileRows[] | null> {
  if (filter.code || filter.column) return null;
  if (filter.onlyErrors) {
    const [valid] = await db.$queryRaw<{ found: boolean }[]>`SELECT EXISTS (SELECT FROM "ImportRow" WHERE "importJobId" = ${jobId} AND "errorCount" = 0) AS found`;
    if (valid?.found !== false) return null;
  }
  const onlyFile = filter.fileId ? Prisma.sql` AND f.id = ${filter.fileId}` : Prisma.empty;
  return db.$queryRaw<FileRows[]>`
    SELECT f.id AS "importFileId", s.count, s.first, s.last
      FROM "ImportFile" f,
           LATERAL (SELECT count(*)::int AS count, min(r.row) AS first, max(r.row) AS last FROM "ImportRow" r WHERE r."importFileId" = f.id) s
     WHERE f."importJobId" = ${jobId}${onlyFile} AND s.count > 0
     ORDER BY f.id`;
}

/**
 * The anchors of a view that holds every row of `files`: the row at every ANCHOR_EVERY-th
 * position, counted through the files in order. A file whose rows run without a gap (as ingest
 * numbers them) gives them by arithmetic; any other is numbered in its own index.
 */
async function wholeFileAnchors(files: FileRows[], db: Db): Promise<Anchor[]> {
  const anchors: Anchor[] = [];
  let before = 0;
  for (const file of files) {
    // The first position at or after this file's start that is an anchor's (positions from 0).
    const firstAt = Math.ceil(before / ANCHOR_EVERY) * ANCHOR_EVERY - before;
    if (file.count === file.last - file.first + 1) {
      for (let at = firstAt; at < file.count; at += ANCHOR_EVERY) anchors.push({ importFileId: file.importFileId, row: file.first + at });
    } else {
      const rows = await db.$queryRaw<{ row: number }[]>`
        SELECT row FROM (SELECT row, row_number() OVER (ORDER BY row) - 1 AS at FROM "ImportRow" WHERE "importFileId" = ${file.importFileId}) AS numbered
         WHERE at >= ${firstAt} AND (at - ${firstAt}) % ${ANCHOR_EVERY} = 0 ORDER BY at`;
      for (const { row } of rows) anchors.push({ importFileId: file.importFileId, row });
    }
    before += file.count;
  }
  return anchors;
}
