import "server-only";
import { getDb, type Db } from "../db/client.ts";
import { organizationScope, type Viewer } from "../auth/viewer.ts";

export async function listImportJobs(viewer: Viewer, options: { take?: number } = {}, db: Db = getDb()) {
  return db.importJob.findMany({
    where: organizationScope(viewer),
    orderBy: { createdAt: "desc" },
    take: options.take ?? 100,
    include: { organization: { select: { name: true, slug: true } }, files: { select: { name: true }, orderBy: { position: "asc" } } },
  });
}

export type ImportJobListItem = Awaited<ReturnType<typeof listImportJobs>>[number];
