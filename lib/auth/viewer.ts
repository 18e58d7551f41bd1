import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { parseCookies } from "better-auth/cookies";
import { getDb, poolOf, type Db } from "../db/client.ts";
import { preparedStatement } from "../db/prepared-statement.ts";
import { getAuth } from "./auth.ts";
import { staffRoles, type AppRole } from "./roles.ts";
import { decide, type Verb, type Viewer } from "./policy.ts";

// Who is calling: the signed-in user of this request's session cookie. Pages, server actions and
// route handlers ask here; `authorize` adds the policy's answer for one organization and verb.

/** The session's user (from the request's cookie), or null when nobody is signed in. */
export async function getViewer(database?: Db, requestHeaders?: Headers): Promise<Viewer | null> {
  const headers = await headersOf(requestHeaders);
  const db = database ?? getDb();
  const current = await currentSession(db, headers, null);
  if (current) return current.user.role ? viewerOf({ ...current.user, role: current.user.role }) : null;
  return viewerFromBetterAuth(db, headers);
}

/**
 * The viewer and one row more, read in the session's own round trip when the session is live:
 * every request on an import reads its import for the policy (import-access.ts), and the grid
 * asks 200 row pages at once, where each round trip costs the web server's one thread
 * (bench:pages, ADR 0022). `sql` selects at most one row, its parameters numbered from $3; none
 * of its columns may start with "session.". In any other case (no live session) the viewer comes
 * from better-auth and the row from `alone`.
 */
export async function getViewerAndRow<T extends object>(
  row: { sql: string; values: unknown[]; alone: (db: Db) => Promise<T | null> },
  database?: Db,
  requestHeaders?: Headers,
): Promise<{ viewer: Viewer | null; row: T | null }> {
  const headers = await headersOf(requestHeaders);
  const db = database ?? getDb();
  const live = await liveViewerAndRow<T>(row, db, headers);
  if (live) return live;
  const viewer = await viewerFromBetterAuth(db, headers);
  return { viewer, row: viewer ? await row.alone(db) : null };
}

/**
 * getViewerAndRow's common case alone: the viewer and the row when the request's session is live
 * and not due for its refresh, or null for everything better-auth answers (no or a bad cookie, an
 * expired session, one to extend and set again). For a request answered outside Next
 * (lib/runtime/web-server.ts), which hands any other to Next's route.
 */
export async function liveViewerAndRow<T extends object>(row: { sql: string; values: unknown[] }, db: Db, headers: Headers): Promise<{ viewer: Viewer | null; row: T | null } | null> {
  const current = await currentSession<T>(db, headers, row);
  return current ? { viewer: current.user.role ? viewerOf({ ...current.user, role: current.user.role }) : null, row: current.row } : null;
}

// next/headers only inside a request; tests and scripts pass the headers they have. Asked before
// the client is made: at build time it marks the page dynamic, where getDb() would fail for want
// of DATABASE_URL (`next build` prerenders the layout).
async function headersOf(requestHeaders: Headers | undefined): Promise<Headers> {
  return requestHeaders ?? (await (await import("next/headers")).headers());
}

// Everything but a live session is better-auth's: no cookie, a bad signature, an expired or removed
// session (it clears the cookie), and a session due for its refresh (it extends it and sets the cookie).
async function viewerFromBetterAuth(db: Db, headers: Headers): Promise<Viewer | null> {
  const session = await getAuth(db).api.getSession({ headers });
  if (!session) return null;
  const { user } = session;
  if (!user.role) return null; // a user whose sign-in was removed keeps no access
  // better-auth hands ids back as strings, even with generateId "serial".
  const userId = Number(user.id);
  const organizationIds = staffRoles.has(user.role) ? null : (await db.membership.findMany({ where: { userId }, select: { organizationId: true } })).map((m) => m.organizationId);
  return viewerOf({ userId, email: user.email, name: user.name ?? null, role: user.role, organizationIds });
}

type SessionUser = { userId: number; email: string; name: string | null; role: AppRole | null; organizationIds: number[] | null };

function viewerOf(user: SessionUser & { role: AppRole }): Viewer {
  const isStaff = staffRoles.has(user.role);
  return { userId: user.userId, email: user.email, name: user.name, role: user.role, isStaff, organizationIds: isStaff ? "all" : (user.organizationIds ?? []) };
}

/**
 * The common case without better-auth's endpoint machinery: a validly signed session cookie whose
 * session is live and not yet due for its refresh, read with its user and (for a customer) its
 * memberships in one node-postgres query. better-auth's getSession costs ~1.5 ms of CPU a call
 * and this ~0.2 ms; the review's row pages ask it 200 at a time (bench:pages, ADR 0022). The
 * cookie's name, the secret and the session's ages are better-auth's own; any other case returns
 * null and goes to better-auth, so its rules stay the only ones.
 */
async function currentSession<T extends object>(db: Db, headers: Headers, row: { sql: string; values: unknown[] } | null): Promise<{ user: SessionUser; row: T | null } | null> {
  const cookieHeader = headers.get("cookie");
  if (!cookieHeader) return null;
  const context = await getAuth(db).$context;
  const signed = parseCookies(cookieHeader).get(context.authCookies.sessionToken.name);
  const token = signed ? verifiedToken(signed, context.secret) : null;
  if (!token) return null;
  const query = row
    ? preparedStatement(`${sessionSelect}, joined.* ${sessionFrom} LEFT JOIN LATERAL (${row.sql}) joined ON true ${sessionWhere}`, [token, staffRoleList, ...row.values])
    : preparedStatement(`${sessionSelect} ${sessionFrom} ${sessionWhere}`, [token, staffRoleList]);
  const found = (await poolOf(db).query<Record<string, unknown>>(query)).rows[0];
  if (!found) return null;
  const expiresAt = (found["session.expiresAt"] as Date).getTime();
  const { expiresIn, updateAge } = context.sessionConfig;
  const dueForRefresh = expiresAt - expiresIn * 1000 + updateAge * 1000 <= Date.now();
  if (expiresAt <= Date.now() || dueForRefresh) return null;
  const user: SessionUser = {
    userId: found["session.userId"] as number,
    email: found["session.email"] as string,
    name: found["session.name"] as string | null,
    role: found["session.role"] as AppRole | null,
    organizationIds: found["session.organizationIds"] as number[] | null,
  };
  if (!row) return { user, row: null };
  // The joined row's columns, or null when the lateral query found none (every column null).
  const joined: Record<string, unknown> = {};
  let present = false;
  for (const [name, value] of Object.entries(found)) {
    if (name.startsWith("session.")) continue;
    joined[name] = value;
    present ||= value !== null;
  }
  return { user, row: present ? (joined as T) : null };
}

const staffRoleList = [...staffRoles];
// The session's columns are named "session.…", apart from any joined row's.
const sessionSelect = `
  SELECT s."expiresAt" AS "session.expiresAt", u.id AS "session.userId", u.email AS "session.email", u.name AS "session.name", u.role::text AS "session.role",
         CASE WHEN u.role::text = ANY($2) THEN NULL ELSE ARRAY(SELECT m."organizationId" FROM "Membership" m WHERE m."userId" = u.id) END AS "session.organizationIds"`;
const sessionFrom = `FROM "Session" s JOIN "User" u ON u.id = s."userId"`;
const sessionWhere = `WHERE s.token = $1`;

/** The value of a cookie better-call signed (`value.base64(HMAC-SHA256(secret, value))`), or null when its signature is not the secret's. */
function verifiedToken(signed: string, secret: string): string | null {
  const dot = signed.lastIndexOf(".");
  if (dot < 1) return null;
  const value = signed.slice(0, dot);
  const signature = Buffer.from(signed.slice(dot + 1), "base64");
  const expected = createHmac("sha256", secret).update(value).digest();
  return signature.length === expected.length && timingSafeEqual(signature, expected) ? value : null;
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
