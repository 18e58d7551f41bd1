import "server-only";
import { getDb, type Db } from "../db/client.ts";

// The review map's points: every row with numeric coordinates (error rows first, so a huge import
// never hides its problems behind the cap), plus the organization's agency boundaries.

export type MapRowPoint = { id: string; lat: number; lng: number; error: boolean; label: string };

const NUMBER = "^[+-]?[0-9]+(\\.[0-9]+)?$";

export async function listImportPoints(jobId: number, options: { limit?: number } = {}, db: Db = getDb()) {
  const limit = options.limit ?? 50_000;
  const job = await db.importJob.findUniqueOrThrow({
    where: { id: jobId },
    omit: { report: true },
    include: { files: { where: { kind: "data" } }, organization: { include: { agencies: { orderBy: { id: "asc" } } } } },
  });
  const points: MapRowPoint[] = [];
  let total = 0;
  for (const file of job.files) {
    const lat = file.header.indexOf("lat") + 1;
    const lng = file.header.indexOf("lng") + 1;
    const type = file.header.indexOf("request_type") + 1;
    if (!lat || !lng) continue;
    const rows = await db.$queryRaw<{ id: bigint; row: number; lat: string; lng: string; type: string | null; errorCount: number; total: bigint }[]>`
      SELECT id, "row", btrim(values[${lat}]) AS lat, btrim(values[${lng}]) AS lng, CASE WHEN ${type} > 0 THEN values[${type}] END AS type, "errorCount", count(*) OVER () AS total
        FROM "ImportRow"
       WHERE "importFileId" = ${file.id} AND btrim(values[${lat}]) ~ ${NUMBER} AND btrim(values[${lng}]) ~ ${NUMBER}
       ORDER BY "errorCount" DESC, "row"
       LIMIT ${limit - points.length}`;
    total += Number(rows[0]?.total ?? 0);
    for (const row of rows) {
      points.push({ id: row.id.toString(), lat: Number(row.lat), lng: Number(row.lng), error: row.errorCount > 0, label: `${file.name} row ${row.row}${row.type ? ` · ${row.type}` : ""}` });
    }
    if (points.length >= limit) break;
  }
  return {
    points,
    total,
    agencies: job.organization.agencies.map((agency) => ({ name: agency.name, boundary: agency.boundary })),
    defaultLocation: job.organization.defaultLat !== null && job.organization.defaultLng !== null ? { lat: job.organization.defaultLat, lng: job.organization.defaultLng } : null,
  };
}
