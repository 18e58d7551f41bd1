import "server-only";
import { betterAuth } from "better-auth/minimal"; // no Kysely: the Prisma adapter does all the queries
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { getDb, type Db } from "../db/client.ts";
import { appRoles } from "./roles.ts";
import { recordAuditEvent } from "./audit-log.ts";

// Sign-in: better-auth on the project's own Prisma client (ADR 0014). Staff (admin, csm) and, later,
// portal customers are rows of `User` with a `role`; the password hash (scrypt) sits in `Account`
// (providerId "credential"), sessions in `Session`, the rate limiters in `RateLimit`.

export type AuthOptions = { baseURL: string; secret: string; trustedOrigins?: string[]; rateLimit?: { enabled?: boolean; storage?: "database" | "memory" } };

/** Failed sign-ins allowed per account and window (seconds), whatever the client's IP. */
export const accountLimit = { window: 60, max: 5 };

export function createAuth(db: Db, options: AuthOptions) {
  return betterAuth({
    appName: "Bulk import",
    baseURL: options.baseURL,
    basePath: "/api/auth",
    secret: options.secret,
    trustedOrigins: options.trustedOrigins ?? [options.baseURL],
    database: prismaAdapter(db, { provider: "postgresql" }),
    // Nobody signs up: admins create staff (`bulk-import accounts add`), invites will create customers.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 256 },
    // input: false — no endpoint lets a caller set the role; only server code (Prisma) does.
    user: { additionalFields: { role: { type: [...appRoles], required: false, input: false } } },
    // No cookieCache: a removed account or a signed-out session must stop working at once.
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    rateLimit: {
      enabled: options.rateLimit?.enabled ?? true, // better-auth's default is "production only"
      storage: options.rateLimit?.storage ?? "database",
      window: 60,
      max: 100,
      customRules: { "/sign-in/email": { window: 60, max: 5 } },
    },
    advanced: {
      // better-auth turns its Origin/CSRF check off when NODE_ENV=test (vitest): keep it on.
      disableOriginCheck: false,
      // Int @id @default(autoincrement()) on every auth model; a session read with its user in one query, not two.
      database: { generateId: "serial", joins: true },
      // Secure cookies only over https: `next start` on http://127.0.0.1 would otherwise set them.
      useSecureCookies: options.baseURL.startsWith("https://"),
    },
    hooks: { before: beforeAuthRequest(db), after: afterSignIn(db) },
    logger: { level: "error" }, // not a warning per wrong password
    telemetry: { enabled: false },
    plugins: [nextCookies()], // must stay last: sets cookies from server actions via next/headers
  });
}

// A second limit, per account and on failures only: better-auth's own limiter keys on the client
// IP (from X-Forwarded-For, which a client reaching Next directly can set) and runs only for
// requests through the route handler, not for auth.api calls from server actions. These run for
// both, as does the audit of sign-ins and sign-outs.
function beforeAuthRequest(db: Db) {
  return createAuthMiddleware(async (ctx) => {
    if (ctx.path === "/sign-out") {
      // Before the session goes: whose it is can only be read now.
      const session = await getSessionFromCtx(ctx).catch(() => null);
      if (session) await recordAccountEvent(db, { id: Number(session.user.id) }, "signed_out", vouchedClientAddress(ctx.headers));
      return;
    }
    if (ctx.path !== "/sign-in/email") return;
    const email = accountEmail(ctx.body?.email);
    if (email && (await failedAttempts(db, accountKey(email))) >= accountLimit.max) {
      throw new APIError("TOO_MANY_REQUESTS", { message: "Too many failed sign-ins for this account. Wait a minute and try again.", code: "TOO_MANY_FAILED_SIGN_INS" });
    }
  });
}

function afterSignIn(db: Db) {
  return createAuthMiddleware(async (ctx) => {
    if (ctx.path !== "/sign-in/email") return;
    const email = accountEmail(ctx.body?.email);
    if (!email) return;
    const key = accountKey(email);
    const returned = ctx.context.returned;
    const account = { email };
    const address = vouchedClientAddress(ctx.headers);
    if (returned instanceof APIError && returned.statusCode === 401) {
      await recordFailedAttempt(db, key);
      await recordAccountEvent(db, account, "sign_in_failed", address);
    } else if (!(returned instanceof Error)) {
      await db.rateLimit.deleteMany({ where: { key } });
      await recordAccountEvent(db, account, "signed_in", address);
    }
  });
}

/**
 * The client's address as `npm start`'s server vouched for it (the one address it leaves in
 * X-Forwarded-For: lib/runtime/client-address.ts), if the request has one.
 */
function vouchedClientAddress(headers: Headers | undefined): string | null {
  return headers?.get("x-forwarded-for")?.split(",")[0]?.trim() || null;
}

const accountEvents = {
  signed_in: { action: "account.signed_in", summary: (from: string) => `Signed in${from}` },
  sign_in_failed: { action: "account.sign_in_failed", summary: (from: string) => `Sign-in refused${from}: wrong password` },
  signed_out: { action: "account.signed_out", summary: (from: string) => `Signed out${from}` },
} as const;

/**
 * A sign-in, a wrong password or a sign-out of a known account: one audit event for each
 * organization the account belongs to (a portal customer's shows on its organization's page), or
 * one without an organization (staff). Its actor is the account. Nothing for an address that has
 * no account (the rate limiters see those). With the client's address, when the request had one.
 * A failure to record is logged, not the user's: the sign-in or sign-out stands.
 */
async function recordAccountEvent(db: Db, account: { id: number } | { email: string }, kind: keyof typeof accountEvents, address: string | null): Promise<void> {
  try {
    const user = await db.user.findUnique({ where: account, select: { id: true, email: true, memberships: { select: { organizationId: true } } } });
    if (!user) return;
    const organizations = user.memberships.length > 0 ? user.memberships.map((membership) => membership.organizationId) : [null];
    const { action, summary } = accountEvents[kind];
    const detail = { email: user.email, ...(address ? { address } : {}) };
    for (const organizationId of organizations) {
      await recordAuditEvent({ action, actorId: user.id, organizationId, summary: summary(address ? ` from ${address}` : ""), detail }, db);
    }
  } catch (error) {
    const who = "email" in account ? account.email : `account ${account.id}`;
    console.error(`bulk-import: the ${kind.replace(/_/g, " ")} of ${who} was not recorded in the audit log: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A sign-in's e-mail address as accounts are keyed (trimmed, lower case); null when there is none. */
function accountEmail(email: unknown): string | null {
  return typeof email === "string" && email.trim() ? email.trim().toLowerCase() : null;
}

/** The rate limiter's key of an account's failed sign-ins. */
function accountKey(email: string): string {
  return `account|${email}`;
}

async function failedAttempts(db: Db, key: string): Promise<number> {
  const row = await db.rateLimit.findUnique({ where: { key } });
  return row && Number(row.lastRequest) > Date.now() - accountLimit.window * 1000 ? row.count : 0;
}

/** One step of a fixed-window counter in the RateLimit table, in one statement (no lost updates). */
async function recordFailedAttempt(db: Db, key: string): Promise<void> {
  const now = Date.now();
  const windowStart = now - accountLimit.window * 1000;
  await db.$executeRaw`
    INSERT INTO "RateLimit" ("key", "count", "lastRequest") VALUES (${key}, 1, ${now})
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."lastRequest" <= ${windowStart} THEN 1 ELSE "RateLimit"."count" + 1 END,
      "lastRequest" = CASE WHEN "RateLimit"."lastRequest" <= ${windowStart} THEN ${now} ELSE "RateLimit"."lastRequest" END`;
}

export type Auth = ReturnType<typeof createAuth>;

/** The origins a browser may post from: APP_URL and the local names proxy.ts accepts, on PORT. */
export function appOrigins(env: Record<string, string | undefined> = process.env): { baseURL: string; trustedOrigins: string[] } {
  const port = env.PORT ?? "3000";
  const local = [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`];
  const appUrl = env.APP_URL ? new URL(env.APP_URL).origin : null;
  return { baseURL: appUrl ?? local[0]!, trustedOrigins: appUrl ? [appUrl, ...local] : local };
}

const globalForAuth = globalThis as unknown as { bulkImportAuth?: WeakMap<Db, Auth> };

/**
 * The process-wide instance for a client (the web app's getDb() unless a test or script passes its
 * own), built on first use so `next build` can load this module without the secret.
 */
export function getAuth(db: Db = getDb()): Auth {
  const secret = process.env.BETTER_AUTH_SECRET;
  if (!secret) throw new Error("BETTER_AUTH_SECRET is not set (npm start keeps one in .data/auth-secret).");
  const instances = (globalForAuth.bulkImportAuth ??= new WeakMap());
  let auth = instances.get(db);
  if (!auth) instances.set(db, (auth = createAuth(db, { ...appOrigins(), secret })));
  return auth;
}
