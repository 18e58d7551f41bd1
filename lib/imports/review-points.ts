import "server-only";
import { getDb, poolOf, type Db } from "../db/client.ts";
import { preparedStatement } from "../db/prepared-statement.ts";

// The review map's points: every row with numeric coordinates (error rows first, so a huge import
// never hides its problems behind the cap), plus the organization's agency boundaries. Postgres
// writes the points' JSON and the route sends that text as it is: at 1M rows, 50,000 points
// deserialised by Prisma and stringified again were most of the request's time.

export type MapRowPoint = { id: string; lat: number; lng: number; error: boolean; label: string };

type Boundaries = { agencies: { name: string; boundary: unknown }[]; defaultLocation: { lat: number; lng: number } | null };

const NUMBER = "^[+-]?[0-9]+(\\.[0-9]+)?$";

/** One file's points, at most $6, as a JSON array; and how many rows of the file have a point. */
const filePointsQuery = `
  SELECT coalesce(json_agg(point ORDER BY p."errorCount" DESC, p."row"), '[]')::text AS points, coalesce(max(p.total), 0)::int AS total
    FROM (SELECT id, "row", btrim(values[$2]) AS lat, btrim(values[$3]) AS lng, values[$5] AS type, "errorCount", count(*) OVER () AS total
            FROM "ImportRow"
           WHERE "importFileId" = $1 AND btrim(values[$2]) ~ '${NUMBER}' AND btrim(values[$3]) ~ '${NUMBER}'
           ORDER BY "errorCount" DESC, "row"
           LIMIT $6) p,
         LATERAL (SELECT p.id::text AS id, p.lat::float8 AS lat, p.lng::float8 AS lng, p."errorCount" > 0 AS error,
                         $4::text || ' row ' || p."row" || coalesce(' · ' || nullif(p.type, ''), '') AS label) point`;

/** The points as JSON text (each file's array joined into one), their count, and the boundaries. */
export async function importPointsJson(jobId: number, options: { limit?: number } = {}, db: Db = getDb()): Promise<Boundaries & { pointsJson: string; total: number }> {
  const limit = options.limit ?? 50_000;
  const job = await db.importJob.findUniqueOrThrow({
    where: { id: jobId },
    omit: { report: true },
    include: { files: { where: { kind: "data" } }, organization: { include: { agencies: { orderBy: { id: "asc" } } } } },
  });
  const arrays: string[] = [];
  let shown = 0;
  let total = 0;
  for (const file of job.files) {
    const lat = file.header.indexOf("lat") + 1;
    const lng = file.header.indexOf("lng") + 1;
    const type = file.header.indexOf("request_type") + 1;
    if (!lat || !lng || shown >= limit) continue;
    const { rows } = await poolOf(db).query<{ points: string; total: number }>(preparedStatement(filePointsQuery, [file.id, lat, lng, file.name, type, limit - shown]));
    const { points, total: fileTotal } = rows[0]!;
    total += fileTotal;
    shown += Math.min(fileTotal, limit - shown);
    if (points !== "[]") arrays.push(points.slice(1, -1));
  }
  return {
    pointsJson: `[${arrays.join(",")}]`,
    total,
    agencies: job.organization.agencies.map((agency) => ({ name: agency.name, boundary: agency.boundary })),
    defaultLocation: job.organization.defaultLat !== null && job.organization.defaultLng !== null ? { lat: job.organization.defaultLat, lng: job.organization.defaultLng } : null,
  };
}

/** The points as objects (what the map receives, parsed). */
export async function listImportPoints(jobId: number, options: { limit?: number } = {}, db: Db = getDb()) {
  const { pointsJson, ...rest } = await importPointsJson(jobId, options, db);
  return { points: JSON.parse(pointsJson) as MapRowPoint[], ...rest };
}
