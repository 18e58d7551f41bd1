import "server-only";
import { getDb, type Db } from "../db/client.ts";
import { listImportCreatedUsers } from "./new-users.ts";
import { getSnapshotRequestTypeTitles } from "./settings-snapshot.ts";

// What an import produced: issues per request type, the users it created and where its issues
// are. How many rows were imported, skipped or failed, and why, is the counts module's
// (import-counts.ts); the issues per type add up to its `imported`.

export async function getImportResults(jobId: number, db: Db = getDb()) {
  const [byType, users, points] = await Promise.all([
    db.issue.groupBy({ by: ["requestTypeId"], where: { importJobId: jobId }, _count: { _all: true } }),
    listImportCreatedUsers(jobId, db),
    db.issue.findMany({ where: { importJobId: jobId }, select: { id: true, lat: true, lng: true, summary: true, status: true }, take: 20_000, orderBy: { id: "asc" } }),
  ]);
  const types = await db.requestType.findMany({ where: { id: { in: byType.map((group) => group.requestTypeId) } }, select: { id: true, title: true } });
  const titles = new Map(types.map((type) => [type.id, type.title]));
  // The titles when the import was queued: a request type renamed since reads as it was, with its new name beside it.
  const then = await getSnapshotRequestTypeTitles(jobId, db);
  return {
    byType: byType
      .map((group) => {
        const now = titles.get(group.requestTypeId) ?? null;
        const title = then?.get(group.requestTypeId) ?? now ?? `#${group.requestTypeId}`;
        return { title, renamedTo: now !== null && now !== title ? now : null, issues: group._count._all };
      })
      .sort((a, b) => b.issues - a.issues),
    users,
    points: points.map((point) => ({ id: String(point.id), lat: point.lat, lng: point.lng, error: false, label: `Issue ${point.id} · ${point.status} · ${point.summary}` })),
  };
}

export type ImportResults = Awaited<ReturnType<typeof getImportResults>>;
