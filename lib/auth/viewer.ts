import "server-only";
import { getDb, type Db } from "../db/client.ts";
import { getAuth } from "./auth.ts";
import { staffRoles } from "./roles.ts";
import { decide, type Verb, type Viewer } from "./policy.ts";

// Who is calling: the signed-in user of this request's session cookie. Pages, server actions and
// route handlers ask here; `authorize` adds the policy's answer for one organization and verb.

/** The session's user (from the request's cookie), or null when nobody is signed in. */
export async function getViewer(db: Db = getDb(), requestHeaders?: Headers): Promise<Viewer | null> {
  // next/headers only inside a request; tests and scripts pass the headers they have.
  const headers = requestHeaders ?? (await (await import("next/headers")).headers());
  const session = await getAuth(db).api.getSession({ headers });
  if (!session) return null;
  // The session's user is the User row better-auth has just read, role included (an additional
  // field): read again, it cost every request a query (bench:pages).
  const { user } = session;
  if (!user.role) return null; // a user whose sign-in was removed keeps no access
  // better-auth hands ids back as strings, even with generateId "serial".
  const userId = Number(user.id);
  const isStaff = staffRoles.has(user.role);
  const organizationIds = isStaff ? ("all" as const) : (await db.membership.findMany({ where: { userId }, select: { organizationId: true } })).map((m) => m.organizationId);
  return { userId, email: user.email, name: user.name ?? null, role: user.role, isStaff, organizationIds };
}

export type Authorized = { ok: true; viewer: Viewer } | { ok: false; status: 401 | 403 | 404; reason: string };

/** The policy for this request: may its viewer do `verb` to `organizationId`? */
export async function authorize(verb: Verb, organizationId: number, db: Db = getDb(), requestHeaders?: Headers): Promise<Authorized> {
  const viewer = await getViewer(db, requestHeaders);
  const decision = decide(viewer, verb, organizationId);
  return decision.ok ? { ok: true, viewer: viewer! } : decision;
}

/** Staff only, whatever the organization: making a new one (there is no organization to ask about yet). */
export async function authorizeStaff(db: Db = getDb(), requestHeaders?: Headers): Promise<Authorized> {
  const viewer = await getViewer(db, requestHeaders);
  if (!viewer) return { ok: false, status: 401, reason: "Sign in first." };
  return viewer.isStaff ? { ok: true, viewer } : { ok: false, status: 403, reason: "You may not do that." };
}
