import "server-only";
import { getDb, type Db } from "../db/client.ts";
import { organizationScope, type Viewer } from "../auth/policy.ts";
import { dumpOrgConfig } from "./org-config-store.ts";

export async function listOrganizationsForViewer(viewer: Viewer, db: Db = getDb()) {
  const scope = organizationScope(viewer);
  return db.organization.findMany({
    where: scope.organizationId ? { id: scope.organizationId } : {},
    orderBy: { name: "asc" },
    include: { _count: { select: { requestTypes: true, agencies: true, importJobs: true, issues: true, memberships: true } } },
  });
}

export async function getOrganizationDetail(slug: string, db: Db = getDb()) {
  return db.organization.findUnique({
    where: { slug },
    include: {
      genericUser: true,
      agencies: { orderBy: { id: "asc" }, include: { _count: { select: { requestTypes: true } } } },
      requestTypes: {
        orderBy: [{ position: "asc" }, { id: "asc" }],
        include: { agency: true, autoAssignUser: true, questions: { orderBy: [{ position: "asc" }, { id: "asc" }] }, _count: { select: { issues: true } } },
      },
      memberships: { orderBy: { createdAt: "asc" }, include: { user: true } },
      _count: { select: { issues: true, importJobs: true } },
    },
  });
}

export type OrganizationDetail = NonNullable<Awaited<ReturnType<typeof getOrganizationDetail>>>;

export async function getOrganizationConfig(organizationId: number, db: Db = getDb()) {
  const organization = await db.organization.findUnique({ where: { id: organizationId }, select: { slug: true } });
  return organization ? dumpOrgConfig(organization.slug, db) : null;
}
