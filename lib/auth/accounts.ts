import { randomBytes } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import type { Db, Tx } from "../db/client.ts";
import { staffRoles, type AppRole } from "./roles.ts";
import { recordAuditEvent } from "./audit-log.ts";

// Server-side account management: the CLI (`bulk-import accounts`), `npm start`'s first admin, and
// later invite acceptance. No HTTP endpoint creates users: sign-up is disabled (ADR 0014).

export const minPasswordLength = 12;

/** A password to print once: 16 random bytes, URL-safe (22 characters). */
export function generatePassword(): string {
  return randomBytes(16).toString("base64url");
}

/** `actorId`: who did it, for the audit log; none for the command line and `npm start`. */
export type AccountInput = { email: string; name?: string | null; role: AppRole; password: string; actorId?: number | null };

/** Creates the user, or gives an existing one (a CRM reporter, a guest) a role and a new password. */
export async function setPasswordAccount(db: Db, input: AccountInput) {
  if (input.password.length < minPasswordLength) throw new Error(`The password needs at least ${minPasswordLength} characters.`);
  // scrypt takes ~80 ms of a libuv thread: hash before the transaction, not inside it.
  const hash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const user = await writePasswordAccount(tx, { ...input, hash });
    await recordAuditEvent({ action: "account.saved", actorId: input.actorId ?? null, summary: `Set the password of ${user.email} (${input.role})`, detail: { userId: user.id, email: user.email, role: input.role } }, tx);
    return user;
  });
}

/** The writes of setPasswordAccount, for callers already in a transaction. */
export async function writePasswordAccount(tx: Tx, input: Omit<AccountInput, "password"> & { hash: string }) {
  const email = input.email.trim().toLowerCase();
  const isStaff = staffRoles.has(input.role);
  const name = input.name === undefined ? {} : { name: input.name };
  const user = await tx.user.upsert({ where: { email }, create: { email, ...name, role: input.role, isStaff }, update: { ...name, role: input.role, isStaff } });
  await tx.account.upsert({
    where: { providerId_accountId: { providerId: "credential", accountId: String(user.id) } },
    create: { providerId: "credential", accountId: String(user.id), userId: user.id, password: input.hash },
    update: { password: input.hash },
  });
  // A new password ends every session the account had.
  await tx.session.deleteMany({ where: { userId: user.id } });
  return user;
}

/** Ends the sign-in; the User row stays (it may own CRM issues and imports). False when unknown. */
export async function removeAccount(db: Db, email: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user || (!user.role && !(await db.account.count({ where: { userId: user.id } })))) return false;
  await db.$transaction(async (tx) => {
    await tx.account.deleteMany({ where: { userId: user.id } });
    await tx.session.deleteMany({ where: { userId: user.id } });
    await tx.user.update({ where: { id: user.id }, data: { role: null, isStaff: false } });
    await recordAuditEvent({ action: "account.removed", actorId: null, summary: `Removed the sign-in of ${user.email}`, detail: { userId: user.id, email: user.email, role: user.role } }, tx);
  });
  return true;
}

export type AccountSummary = { email: string; name: string | null; role: AppRole; hasPassword: boolean; lastSignIn: Date | null };

/** Everyone with a role, oldest first. */
export async function listAccounts(db: Db): Promise<AccountSummary[]> {
  const users = await db.user.findMany({
    where: { role: { not: null } },
    orderBy: { id: "asc" },
    select: { email: true, name: true, role: true, accounts: { select: { password: true } }, sessions: { select: { createdAt: true }, orderBy: { createdAt: "desc" }, take: 1 } },
  });
  return users.map((user) => ({
    email: user.email,
    name: user.name,
    role: user.role!,
    hasPassword: user.accounts.some((account) => account.password !== null),
    lastSignIn: user.sessions[0]?.createdAt ?? null,
  }));
}

/** Whether some admin can sign in (npm start creates one when not). */
export async function hasAdminWithPassword(db: Db): Promise<boolean> {
  return (await db.user.count({ where: { role: "admin", accounts: { some: { password: { not: null } } } } })) > 0;
}
