import { staffRoles, type AppRole } from "./roles.ts";

// The one authorization policy: who (the viewer's role) × which organization × which verb. Every
// server action and route handler asks `decide` through authorize()/authorizeImportAccess(); pure,
// so its whole matrix is a unit test (policy.test.ts).

export type Viewer = { userId: number; email: string; name: string | null; role: AppRole; isStaff: boolean; organizationIds: number[] | "all" };

/** What a caller wants to do to an organization's imports, or to its settings (`configure`) or portal invites (`invite`). */
export const verbs = ["view", "upload", "edit", "download", "submit", "queue", "cancel", "rollback", "discard", "configure", "invite"] as const;
export type Verb = (typeof verbs)[number];

// A customer prepares files (upload, edit, fix, download the error report, submit them for a CSM's
// review) but never moves an import into the CRM or out of it (issue #13).
const customerVerbs: ReadonlySet<Verb> = new Set(["view", "upload", "edit", "download", "submit"]);

/** The import a verb is about, when there is one: a customer sees only the imports it created. */
export type Resource = { createdById: number | null };

export type Decision = { ok: true } | { ok: false; status: 401 | 403 | 404; reason: string };

export function canAccessOrganization(viewer: Viewer, organizationId: number): boolean {
  return viewer.organizationIds === "all" || viewer.organizationIds.includes(organizationId);
}

/** May `viewer` do `verb` to organization `organizationId`'s imports (or to `resource`, one of them)? */
export function decide(viewer: Viewer | null, verb: Verb, organizationId: number, resource?: Resource): Decision {
  if (!viewer) return { ok: false, status: 401, reason: "Sign in first." };
  // Another organization's import is not forbidden but absent: its id reveals nothing. So is a
  // colleague's import for a customer: the portal shows a customer its own uploads only.
  if (!canAccessOrganization(viewer, organizationId)) return { ok: false, status: 404, reason: "Not found." };
  if (resource && viewer.role === "customer" && resource.createdById !== viewer.userId) return { ok: false, status: 404, reason: "Not found." };
  if (staffRoles.has(viewer.role) || (viewer.role === "customer" && customerVerbs.has(verb))) return { ok: true };
  return { ok: false, status: 403, reason: "You may not do that." };
}

/** A Prisma `where` fragment limiting a query to the viewer's organizations. */
export function organizationScope(viewer: Viewer): { organizationId?: { in: number[] } } {
  return viewer.organizationIds === "all" ? {} : { organizationId: { in: viewer.organizationIds } };
}
