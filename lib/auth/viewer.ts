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
  // next/headers only inside a request; tests and scripts pass the headers they have. Asked before
  // the client is made: at build time it marks the page dynamic, where getDb() would fail for want
  // of DATABASE_URL (`next build` prerenders the layout).
  const headers = requestHeaders ?? (await (await import("next/headers")).headers());
  const db = database ?? getDb();
  const current = await currentSession(db, headers);
  if (current) return current.role ? viewerOf({ ...current, role: current.role }) : null;
  // Everything else is better-auth's: no cookie, a bad signature, an expired or removed session
  // (it clears the cookie), and a session due for its refresh (it extends it and sets the cookie).
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
async function currentSession(db: Db, headers: Headers): Promise<SessionUser | null> {
  const cookieHeader = headers.get("cookie");
  if (!cookieHeader) return null;
  const context = await getAuth(db).$context;
  const signed = parseCookies(cookieHeader).get(context.authCookies.sessionToken.name);
  const token = signed ? verifiedToken(signed, context.secret) : null;
  if (!token) return null;
  const { rows } = await poolOf(db).query<SessionUser & { expiresAt: Date }>(preparedStatement(sessionQuery, [token, staffRoleList]));
  const found = rows[0];
  if (!found) return null;
  const { expiresIn, updateAge } = context.sessionConfig;
  const dueForRefresh = found.expiresAt.getTime() - expiresIn * 1000 + updateAge * 1000 <= Date.now();
  if (found.expiresAt.getTime() <= Date.now() || dueForRefresh) return null;
  return found;
}

const staffRoleList = [...staffRoles];
const sessionQuery = `
  SELECT s."expiresAt", u.id AS "userId", u.email, u.name, u.role::text AS role,
         CASE WHEN u.role::text = ANY($2) THEN NULL ELSE ARRAY(SELECT m."organizationId" FROM "Membership" m WHERE m."userId" = u.id) END AS "organizationIds"
    FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE s.token = $1`;

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
