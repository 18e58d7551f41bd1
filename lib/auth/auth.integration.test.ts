import { beforeAll, describe, expect, it, vi } from "vitest";
import { toNextJsHandler } from "better-auth/next-js";
import { verifyPassword } from "better-auth/crypto";
import { useTestDb } from "../testing/use-test-db.ts";
import { createAuth, getAuth } from "./auth.ts";
import { removeAccount, setPasswordAccount } from "./accounts.ts";
import { getViewer } from "./viewer.ts";
import { listSignInAuditEvents } from "./audit-log.ts";
import { poolOf } from "../db/client.ts";
import { authorizeImportAccess } from "./import-access.ts";
import { seedDemoOrganization } from "../crm/seed.ts";
import { createOrganization } from "../testing/import-fixtures.ts";

const { db } = useTestDb();
const baseURL = "http://127.0.0.1:3100";
const secret = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
const auth = createAuth(db, { baseURL, secret });
const { GET, POST } = toNextJsHandler(auth);

/** The `name=value` pairs of a response's Set-Cookie headers, as a Cookie header. */
function cookieHeader(headers: Headers): string {
  return headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

function post(path: string, body: unknown, extra: Record<string, string> = {}) {
  return new Request(`${baseURL}/api/auth${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseURL, "x-forwarded-for": "10.1.2.3", ...extra },
    body: JSON.stringify(body),
  });
}

async function signIn(email: string, password: string): Promise<string> {
  const { headers } = await auth.api.signInEmail({ body: { email, password }, headers: new Headers(), returnHeaders: true });
  return cookieHeader(headers);
}

async function statusOf(attempt: () => Promise<unknown>): Promise<string> {
  try {
    await attempt();
    return "ok";
  } catch (error) {
    return String((error as { statusCode?: number }).statusCode);
  }
}

beforeAll(async () => {
  // getViewer() builds the process's instance on this client (getAuth(db)): it needs the secret.
  process.env.BETTER_AUTH_SECRET = secret;
  await setPasswordAccount(db, { email: "Admin@Example.com", name: "Ada Admin", role: "admin", password: "correct horse battery" });
});

describe("better-auth on the project's Prisma client", () => {
  it("stores an scrypt hash in a credential Account row with integer ids", async () => {
    const user = await db.user.findUniqueOrThrow({ where: { email: "admin@example.com" }, include: { accounts: true } });
    expect(user.role).toBe("admin");
    expect(user.isStaff).toBe(true);
    expect(user.accounts).toHaveLength(1);
    const account = user.accounts[0]!;
    expect(account).toMatchObject({ providerId: "credential", accountId: String(user.id) });
    expect(account.password).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/);
    expect(await verifyPassword({ hash: account.password!, password: "correct horse battery" })).toBe(true);
  });

  it("signs in, reads the viewer from the cookie, signs out", async () => {
    const cookie = await signIn("ADMIN@example.com", "correct horse battery");
    expect(cookie).toMatch(/^better-auth\.session_token=/);
    const viewer = await getViewer(db, new Headers({ cookie }));
    expect(viewer).toMatchObject({ email: "admin@example.com", name: "Ada Admin", role: "admin", isStaff: true, organizationIds: "all" });
    expect(await db.session.count({ where: { userId: viewer!.userId } })).toBe(1);
    await auth.api.signOut({ headers: new Headers({ cookie }) });
    expect(await db.session.count({ where: { userId: viewer!.userId } })).toBe(0);
    expect(await getViewer(db, new Headers({ cookie }))).toBeNull();
    expect(await getViewer(db, new Headers())).toBeNull();
  });

  it("reads a customer's organizations from its memberships, and drops a user whose role is taken away at once", async () => {
    const { organization } = await createOrganization(db, "viewer-customer");
    await createOrganization(db, "viewer-other");
    await setPasswordAccount(db, { email: "portal-clerk@example.com", name: "Cal Clerk", role: "customer", password: "clerk password 12" });
    const clerk = await db.user.findUniqueOrThrow({ where: { email: "portal-clerk@example.com" } });
    await db.membership.create({ data: { userId: clerk.id, organizationId: organization.id } });
    const cookie = await signIn("portal-clerk@example.com", "clerk password 12");
    expect(await getViewer(db, new Headers({ cookie }))).toEqual({ userId: clerk.id, email: "portal-clerk@example.com", name: "Cal Clerk", role: "customer", isStaff: false, organizationIds: [organization.id] });
    // The session stays; the role it reads goes.
    await db.user.update({ where: { id: clerk.id }, data: { role: null } });
    expect(await db.session.count({ where: { userId: clerk.id } })).toBe(1);
    expect(await getViewer(db, new Headers({ cookie }))).toBeNull();
  });

  it("reads a live session itself, and leaves a forged, expired or due-for-refresh one to better-auth", async () => {
    const getSession = vi.spyOn(getAuth(db).api, "getSession");
    const zone = process.env.TZ;
    try {
      await setPasswordAccount(db, { email: "fast-path@example.com", name: "Fay Fast", role: "csm", password: "fast path password" });
      const cookie = await signIn("fast-path@example.com", "fast path password");
      const [, token] = /^better-auth\.session_token=([^;]+)/.exec(cookie)!;
      const where = { token: decodeURIComponent(token!).split(".")[0]! };
      // Live: the viewer, without better-auth's getSession.
      expect(await getViewer(db, new Headers({ cookie }))).toMatchObject({ email: "fast-path@example.com", role: "csm", isStaff: true, organizationIds: "all" });
      expect(getSession).not.toHaveBeenCalled();
      // An hour from its refresh, east of UTC, where a timestamp read as local time would be past it.
      await db.session.update({ where, data: { expiresAt: new Date(Date.now() + 6 * 24 * 3600 * 1000 + 3600 * 1000) } });
      process.env.TZ = "Pacific/Kiritimati";
      expect(await getViewer(db, new Headers({ cookie }))).toMatchObject({ email: "fast-path@example.com" });
      expect(getSession).not.toHaveBeenCalled();
      process.env.TZ = zone;
      // The same token with another signature, or signed with another secret: nobody.
      const forged = cookie.replace(/\.[^.;]+$/, `.${Buffer.from("x".repeat(32)).toString("base64")}`);
      expect(forged).not.toBe(cookie);
      expect(await getViewer(db, new Headers({ cookie: forged }))).toBeNull();
      const otherAuth = createAuth(db, { baseURL, secret: "another-secret-0123456789-abcdefghijklmnop" });
      const otherCookie = cookieHeader((await otherAuth.api.signInEmail({ body: { email: "fast-path@example.com", password: "fast path password" }, headers: new Headers(), returnHeaders: true })).headers);
      expect(await getViewer(db, new Headers({ cookie: otherCookie }))).toBeNull();
      // Due for its refresh (older than updateAge): better-auth answers and extends it by expiresIn.
      const week = 7 * 24 * 3600 * 1000;
      await db.session.update({ where, data: { expiresAt: new Date(Date.now() + week - 2 * 24 * 3600 * 1000) } });
      getSession.mockClear();
      expect(await getViewer(db, new Headers({ cookie }))).toMatchObject({ email: "fast-path@example.com" });
      expect(getSession).toHaveBeenCalledTimes(1);
      expect((await db.session.findUniqueOrThrow({ where })).expiresAt.getTime()).toBeGreaterThan(Date.now() + week - 60_000);
      // Expired: nobody, and better-auth removes the session. West of UTC too, where a timestamp
      // read as local time would still be hours from expiring.
      await db.session.update({ where, data: { expiresAt: new Date(Date.now() - 60_000) } });
      process.env.TZ = "Pacific/Honolulu";
      expect(await getViewer(db, new Headers({ cookie }))).toBeNull();
      expect(await db.session.count({ where })).toBe(0);
    } finally {
      getSession.mockRestore();
      process.env.TZ = zone;
    }
  });

  it("refuses a wrong password or an unknown address with the same 401", async () => {
    for (const email of ["admin@example.com", "nobody@example.com"]) {
      await expect(auth.api.signInEmail({ body: { email, password: "wrong password!!" }, headers: new Headers() })).rejects.toMatchObject({ statusCode: 401, body: { code: "INVALID_EMAIL_OR_PASSWORD" } });
    }
  });

  it("records each sign-in, wrong password and sign-out of a known account in the audit log, under each of its organizations", async () => {
    const { organization } = await createOrganization(db, "sign-in-audit");
    await setPasswordAccount(db, { email: "audit-clerk@example.com", name: "Aud Clerk", role: "customer", password: "audit clerk pass 1" });
    const clerk = await db.user.findUniqueOrThrow({ where: { email: "audit-clerk@example.com" } });
    await db.membership.create({ data: { userId: clerk.id, organizationId: organization.id } });
    const events = () => db.auditEvent.findMany({ where: { action: { startsWith: "account.sign" }, actorId: clerk.id }, orderBy: { id: "asc" } });

    await expect(auth.api.signInEmail({ body: { email: "Audit-Clerk@example.com", password: "not the password" }, headers: new Headers() })).rejects.toMatchObject({ statusCode: 401 });
    const cookie = await signIn("audit-clerk@example.com", "audit clerk pass 1");
    // Over HTTP too (the route handler), and the event's list on the organization's page.
    const overHttp = await POST(post("/sign-in/email", { email: "audit-clerk@example.com", password: "audit clerk pass 1" }));
    expect(overHttp.status).toBe(200);
    // With the client's address when the request has one (post() sends 10.1.2.3).
    expect((await POST(post("/sign-in/email", { email: "audit-clerk@example.com", password: "wrong again, over http" }))).status).toBe(401);
    // Sign-outs: from server code (the account menu's form), over HTTP, and one without a session (nothing).
    await auth.api.signOut({ headers: new Headers({ cookie }) });
    expect((await POST(post("/sign-out", {}, { cookie: cookieHeader(overHttp.headers) }))).status).toBe(200);
    expect((await POST(post("/sign-out", {}))).status).toBe(200);
    expect((await events()).map((event) => [event.action, event.organizationId, event.summary])).toEqual([
      ["account.sign_in_failed", organization.id, "Sign-in refused: wrong password"],
      ["account.signed_in", organization.id, "Signed in"],
      ["account.signed_in", organization.id, "Signed in from 10.1.2.3"],
      ["account.sign_in_failed", organization.id, "Sign-in refused from 10.1.2.3: wrong password"],
      ["account.signed_out", organization.id, "Signed out"],
      ["account.signed_out", organization.id, "Signed out from 10.1.2.3"],
    ]);
    expect((await events())[2]!.detail).toEqual({ email: "audit-clerk@example.com", address: "10.1.2.3" });
    expect(await db.session.count({ where: { userId: clerk.id } })).toBe(0);
    const listed = await listSignInAuditEvents(organization.id, db);
    expect(listed.map((event) => [event.summary, event.actor])).toEqual([
      ["Signed out from 10.1.2.3", "Aud Clerk"],
      ["Signed out", "Aud Clerk"],
      ["Sign-in refused from 10.1.2.3: wrong password", "Aud Clerk"],
      ["Signed in from 10.1.2.3", "Aud Clerk"],
      ["Signed in", "Aud Clerk"],
      ["Sign-in refused: wrong password", "Aud Clerk"],
    ]);

    // Staff belong to no organization: their events have none. An unknown address leaves nothing.
    const before = await db.auditEvent.count();
    await signIn("admin@example.com", "correct horse battery");
    const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@example.com" } });
    expect(await db.auditEvent.findFirst({ where: { action: "account.signed_in", actorId: admin.id }, orderBy: { id: "desc" } })).toMatchObject({ organizationId: null });
    await expect(auth.api.signInEmail({ body: { email: "nobody-at-all@example.com", password: "wrong password!!" }, headers: new Headers() })).rejects.toMatchObject({ statusCode: 401 });
    expect(await db.auditEvent.count()).toBe(before + 1);
  });

  it("serves /api/auth/* with plain-http cookies; sign-up is closed; a foreign Origin gets 403", async () => {
    const res = await POST(post("/sign-in/email", { email: "admin@example.com", password: "correct horse battery" }));
    expect(res.status).toBe(200);
    const setCookie = res.headers.getSetCookie()[0]!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
    const cookie = cookieHeader(res.headers);
    expect((await (await GET(new Request(`${baseURL}/api/auth/get-session`, { headers: { cookie } }))).json()).user.email).toBe("admin@example.com");

    const signUp = await POST(post("/sign-up/email", { email: "eve@example.com", password: "eve's password!!", name: "Eve" }, { "x-forwarded-for": "10.9.9.9" }));
    expect(signUp.status).toBe(400);
    expect(await db.user.count({ where: { email: "eve@example.com" } })).toBe(0);

    const foreign = await POST(post("/sign-in/email", { email: "admin@example.com", password: "correct horse battery" }, { origin: "http://evil.example", "x-forwarded-for": "10.8.8.8" }));
    expect(foreign.status).toBe(403);

    const out = await POST(new Request(`${baseURL}/api/auth/sign-out`, { method: "POST", headers: { cookie, origin: baseURL, "content-type": "application/json" }, body: "{}" }));
    expect(out.status).toBe(200);
    expect(await (await GET(new Request(`${baseURL}/api/auth/get-session`, { headers: { cookie } }))).json()).toBeNull();
  });

  it("rate-limits sign-in over HTTP per client IP, and per account whatever the IP", async () => {
    await setPasswordAccount(db, { email: "target@example.com", name: "T", role: "csm", password: "target password 1" });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await POST(post("/sign-in/email", { email: "target@example.com", password: `wrong password ${i}` }, { "x-forwarded-for": "10.0.0.7" }))).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect((await POST(post("/sign-in/email", { email: "target@example.com", password: "target password 1" }, { "x-forwarded-for": "10.0.0.7" }))).status).toBe(429);
    // A "new" IP (X-Forwarded-For is the client's to set) passes the IP limit, not the account's.
    expect((await POST(post("/sign-in/email", { email: "target@example.com", password: "target password 1" }, { "x-forwarded-for": "10.0.0.8" }))).status).toBe(429);
    expect((await POST(post("/sign-in/email", { email: "nobody@example.com", password: "wrong again" }, { "x-forwarded-for": "10.0.0.8" }))).status).toBe(401);
  });

  it("limits failed sign-ins from server code (the sign-in form) per account; success clears the count", async () => {
    await setPasswordAccount(db, { email: "csm@example.com", name: "Cy", role: "csm", password: "csm password 123" });
    const statuses: string[] = [];
    for (let i = 0; i < 7; i++) statuses.push(await statusOf(() => auth.api.signInEmail({ body: { email: "csm@example.com", password: `wrong ${i} password` }, headers: new Headers() })));
    expect(statuses).toEqual(["401", "401", "401", "401", "401", "429", "429"]);
    expect(await statusOf(() => signIn("csm@example.com", "csm password 123"))).toBe("429");
    await db.rateLimit.updateMany({ where: { key: "account|csm@example.com" }, data: { lastRequest: BigInt(Date.now() - 61_000) } });
    expect(await signIn("csm@example.com", "csm password 123")).toMatch(/session_token/);
    expect(await db.rateLimit.count({ where: { key: "account|csm@example.com" } })).toBe(0);
  });

  it("gives an existing CRM user a password; a new password or removal ends its sessions", async () => {
    await db.user.create({ data: { email: "reporter@example.com", isGuest: true } });
    await setPasswordAccount(db, { email: "reporter@example.com", role: "csm", password: "reporter password 1" });
    const first = await signIn("reporter@example.com", "reporter password 1");
    expect(await getViewer(db, new Headers({ cookie: first }))).toMatchObject({ role: "csm", name: null });
    await setPasswordAccount(db, { email: "reporter@example.com", role: "csm", password: "reporter password 2" });
    expect(await getViewer(db, new Headers({ cookie: first }))).toBeNull();
    const second = await signIn("reporter@example.com", "reporter password 2");
    expect(await removeAccount(db, "Reporter@example.com")).toBe(true);
    expect(await getViewer(db, new Headers({ cookie: second }))).toBeNull();
    expect(await statusOf(() => signIn("reporter@example.com", "reporter password 2"))).toBe("401");
    expect(await db.user.findUnique({ where: { email: "reporter@example.com" } })).toMatchObject({ role: null, isStaff: false });
    expect(await removeAccount(db, "reporter@example.com")).toBe(false);
    expect(await removeAccount(db, "never@example.com")).toBe(false);
  });
});

describe("authorizeImportAccess with a session", () => {
  it("answers 401 without one, and the policy's answer with one", async () => {
    await seedDemoOrganization(db);
    const organization = await db.organization.findUniqueOrThrow({ where: { slug: "springfield" } });
    const job = await db.importJob.create({ data: { organizationId: organization.id } });
    expect(await authorizeImportAccess(job.id, "view", db, new Headers())).toMatchObject({ ok: false, status: 401 });
    const customer = await setPasswordAccount(db, { email: "clerk@example.com", role: "customer", password: "customer password" });
    const cookie = await signIn("clerk@example.com", "customer password");
    // No membership yet: another organization's import does not exist for this customer.
    expect(await authorizeImportAccess(job.id, "view", db, new Headers({ cookie }))).toMatchObject({ ok: false, status: 404 });
    await db.membership.create({ data: { organizationId: organization.id, userId: customer.id, role: "viewer" } });
    // A member now, but the import is not the customer's own: still absent.
    expect(await authorizeImportAccess(job.id, "view", db, new Headers({ cookie }))).toMatchObject({ ok: false, status: 404 });
    await db.importJob.update({ where: { id: job.id }, data: { createdById: customer.id } });
    // With what the review's row pages need of the import, from the same query.
    const { updatedAt } = await db.importJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(await authorizeImportAccess(job.id, "view", db, new Headers({ cookie }))).toEqual({
      ok: true,
      viewer: expect.objectContaining({ role: "customer" }),
      job: { id: job.id, organizationId: organization.id, status: "draft", queuedAt: null, updatedAt, errorCount: 0, warningCount: 0, validRows: 0, totalRows: 0 },
    });
    // Its timestamps are Prisma's (UTC), whatever the process's time zone.
    const queued = await db.importJob.update({ where: { id: job.id }, data: { queuedAt: new Date("2026-07-01T23:30:00.123Z") } });
    const zone = process.env.TZ;
    process.env.TZ = "Pacific/Honolulu";
    try {
      expect(await authorizeImportAccess(job.id, "view", db, new Headers({ cookie }))).toMatchObject({ ok: true, job: { queuedAt: queued.queuedAt, updatedAt: queued.updatedAt } });
    } finally {
      process.env.TZ = zone;
    }
    expect(await authorizeImportAccess(job.id, "submit", db, new Headers({ cookie }))).toMatchObject({ ok: true });
    expect(await authorizeImportAccess(job.id, "queue", db, new Headers({ cookie }))).toMatchObject({ ok: false, status: 403 });
    const csm = await signIn("admin@example.com", "correct horse battery");
    expect(await authorizeImportAccess(job.id, "rollback", db, new Headers({ cookie: csm }))).toMatchObject({ ok: true });
    expect(await authorizeImportAccess(99999999999, "view", db, new Headers({ cookie: csm }))).toMatchObject({ ok: false, status: 404 });
    expect(await authorizeImportAccess(job.id + 1000, "view", db, new Headers({ cookie: csm }))).toMatchObject({ ok: false, status: 404 });
  });

  it("reads the import in the live session's own query, and beside better-auth's answer otherwise", async () => {
    await seedDemoOrganization(db);
    const organization = await db.organization.findUniqueOrThrow({ where: { slug: "springfield" } });
    const job = await db.importJob.create({ data: { organizationId: organization.id, errorCount: 7 } });
    await setPasswordAccount(db, { email: "one-trip@example.com", role: "csm", password: "one trip password" });
    const cookie = await signIn("one-trip@example.com", "one trip password");
    const where = { token: decodeURIComponent(/^better-auth\.session_token=([^;]+)/.exec(cookie)![1]!).split(".")[0]! };
    const getSession = vi.spyOn(getAuth(db).api, "getSession");
    const query = vi.spyOn(poolOf(db), "query");
    try {
      // Live: one query for the session, its user and the import; better-auth is not asked.
      expect(await authorizeImportAccess(job.id, "view", db, new Headers({ cookie }))).toMatchObject({ ok: true, viewer: { email: "one-trip@example.com" }, job: { id: job.id, errorCount: 7 } });
      expect(query).toHaveBeenCalledTimes(1);
      expect(getSession).not.toHaveBeenCalled();
      // The session found, the import not: 404, from the same one query.
      query.mockClear();
      expect(await authorizeImportAccess(job.id + 1000, "view", db, new Headers({ cookie }))).toMatchObject({ ok: false, status: 404 });
      expect(query).toHaveBeenCalledTimes(1);
      // Due for its refresh: better-auth answers (and extends it), and the import is read on its own.
      await db.session.update({ where, data: { expiresAt: new Date(Date.now() + 5 * 24 * 3600 * 1000) } });
      expect(await authorizeImportAccess(job.id, "view", db, new Headers({ cookie }))).toMatchObject({ ok: true, job: { id: job.id, errorCount: 7 } });
      expect(getSession).toHaveBeenCalledTimes(1);
      // Signed out: 401 before anything is said about the import.
      await db.session.deleteMany({ where });
      expect(await authorizeImportAccess(job.id, "view", db, new Headers({ cookie }))).toMatchObject({ ok: false, status: 401 });
    } finally {
      getSession.mockRestore();
      query.mockRestore();
    }
  });
});
