import "server-only";
import { getDb, type Db } from "../db/client.ts";

// The one authorization policy. Until sign-in lands (the customer-portal issue), the app runs as
// the seeded customer-success account; every page and action still asks this module who is
// calling and which organizations they may touch, so sign-in only changes getViewer().

export type Viewer = { userId: number; email: string; isStaff: boolean; organizationIds: number[] | "all" };

export async function getViewer(db: Db = getDb()): Promise<Viewer | null> {
  const user = await db.user.findFirst({ where: { isStaff: true }, orderBy: { id: "asc" }, include: { memberships: true } });
  if (!user) return null;
  return { userId: user.id, email: user.email, isStaff: user.isStaff, organizationIds: user.isStaff ? "all" : user.memberships.map((m) => m.organizationId) };
}

export function canAccessOrganization(viewer: Viewer, organizationId: number): boolean {
  return viewer.organizationIds === "all" || viewer.organizationIds.includes(organizationId);
}

/** A Prisma `where` fragment limiting a query to the viewer's organizations. */
export function organizationScope(viewer: Viewer): { organizationId?: { in: number[] } } {
  return viewer.organizationIds === "all" ? {} : { organizationId: { in: viewer.organizationIds } };
}
