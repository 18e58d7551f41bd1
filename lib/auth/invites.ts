import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { getDb, type Db, type Tx } from "../db/client.ts";
import { minPasswordLength, writePasswordAccount } from "./accounts.ts";
import { inviteStatus, type InviteStatus } from "./invite-status.ts";
import { staffRoles } from "./roles.ts";
import { recordAuditEvent } from "./audit-log.ts";

// Customer portal invites (ADR 0015): a CSM makes a link for one organization and one contact; the
// token is shown once (only its sha256 is stored), expires, can be revoked, and works once.

const dayMs = 24 * 60 * 60 * 1000;

export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export type InviteRefusal = "unknown" | "expired" | "revoked" | "used" | "staff";

type CreateInput = { organizationId: number; email: string; expiresInDays: number; createdById: number };

/** A new invite and its token (to show once); refused for a staff address. */
export async function createInvite(input: CreateInput, db: Db = getDb(), now = new Date()) {
  const email = input.email.trim().toLowerCase();
  const existing = await db.user.findUnique({ where: { email }, select: { role: true } });
  if (existing?.role && staffRoles.has(existing.role)) return { ok: false as const, reason: "staff" as const };
  // 32 random bytes: the link is the only secret between the CSM and the customer.
  const token = randomBytes(32).toString("base64url");
  const invite = await db.$transaction(async (tx) => {
    const created = await tx.portalInvite.create({
      data: { organizationId: input.organizationId, email, createdById: input.createdById, tokenHash: hashInviteToken(token), expiresAt: new Date(now.getTime() + input.expiresInDays * dayMs) },
      select: { id: true, expiresAt: true },
    });
    const summary = `Invited ${email} to the portal (the link works ${input.expiresInDays} day${input.expiresInDays === 1 ? "" : "s"})`;
    await recordAuditEvent({ action: "invite.created", actorId: input.createdById, organizationId: input.organizationId, summary, detail: { inviteId: created.id, email } }, tx);
    return created;
  });
  return { ok: true as const, token, inviteId: invite.id, expiresAt: invite.expiresAt! };
}

export type InviteListItem = { id: number; email: string; status: InviteStatus; createdAt: Date; expiresAt: Date | null; usedAt: Date | null; revokedAt: Date | null; createdBy: string | null };

/** An organization's invites, newest first, each with its status now. */
export async function listInvites(organizationId: number, db: Db = getDb(), now = new Date()): Promise<InviteListItem[]> {
  const invites = await db.portalInvite.findMany({
    where: { organizationId },
    orderBy: { id: "desc" },
    take: 200,
    select: { id: true, email: true, createdAt: true, expiresAt: true, usedAt: true, revokedAt: true, createdBy: { select: { name: true, email: true } } },
  });
  return invites.map((invite) => ({
    id: invite.id,
    email: invite.email ?? "",
    status: inviteStatus(invite, now),
    createdAt: invite.createdAt,
    expiresAt: invite.expiresAt,
    usedAt: invite.usedAt,
    revokedAt: invite.revokedAt,
    createdBy: invite.createdBy ? (invite.createdBy.name ?? invite.createdBy.email) : null,
  }));
}

/** The organization an invite belongs to (for the policy), or null. */
export async function getInviteOrganizationId(inviteId: number, db: Db = getDb()): Promise<number | null> {
  return (await db.portalInvite.findUnique({ where: { id: inviteId }, select: { organizationId: true } }))?.organizationId ?? null;
}

/** Withdraws a pending invite; false when it was used, revoked already, or not there. */
export async function revokeInvite(inviteId: number, actorId: number | null, db: Db = getDb(), now = new Date()): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.portalInvite.updateMany({ where: { id: inviteId, revokedAt: null, usedAt: null }, data: { revokedAt: now } });
    if (count !== 1) return false;
    const invite = await tx.portalInvite.findUniqueOrThrow({ where: { id: inviteId }, select: { organizationId: true, email: true } });
    await recordAuditEvent({ action: "invite.revoked", actorId, organizationId: invite.organizationId, summary: `Revoked the invite of ${invite.email ?? "a contact"}`, detail: { inviteId } }, tx);
    return true;
  });
}

export type InviteCheck =
  | { ok: true; inviteId: number; email: string; organizationId: number; organizationName: string; hasAccount: boolean }
  | { ok: false; reason: InviteRefusal };

/** Whether a token names a pending invite, and whether its contact can sign in already. */
export async function checkInvite(token: string, db: Db = getDb(), now = new Date()): Promise<InviteCheck> {
  const invite = await db.portalInvite.findUnique({ where: { tokenHash: hashInviteToken(token) }, include: { organization: { select: { name: true } } } });
  if (!invite?.email) return { ok: false, reason: "unknown" };
  const status = inviteStatus(invite, now);
  if (status !== "pending") return { ok: false, reason: status };
  const user = await db.user.findUnique({ where: { email: invite.email }, select: { role: true, accounts: { where: { password: { not: null } }, select: { id: true } } } });
  if (user?.role && staffRoles.has(user.role)) return { ok: false, reason: "staff" };
  const hasAccount = Boolean(user?.role && user.accounts.length > 0);
  return { ok: true, inviteId: invite.id, email: invite.email, organizationId: invite.organizationId, organizationName: invite.organization.name, hasAccount };
}

export type AcceptResult = { ok: true; email: string; organizationId: number } | { ok: false; reason: InviteRefusal | "has-account" };

/** Spends the invite first, conditionally: of two tabs submitting at once, exactly one wins. */
async function spend(tx: Tx, inviteId: number, now: Date): Promise<boolean> {
  const { count } = await tx.portalInvite.updateMany({ where: { id: inviteId, usedAt: null, revokedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  return count === 1;
}

async function joinOrganization(tx: Tx, userId: number, organizationId: number, inviteId: number) {
  await tx.membership.upsert({ where: { organizationId_userId: { organizationId, userId } }, create: { organizationId, userId, role: "viewer" }, update: {} });
  const invite = await tx.portalInvite.update({ where: { id: inviteId }, data: { userId }, select: { email: true } });
  await recordAuditEvent({ action: "invite.accepted", actorId: userId, organizationId, summary: `${invite.email ?? "The contact"} accepted the invite and joined the portal`, detail: { inviteId } }, tx);
}

/** A contact without a sign-in: sets the password, makes them a customer of the organization, spends the invite. */
export async function acceptInviteWithPassword(input: { token: string; password: string; name?: string }, db: Db = getDb(), now = new Date()): Promise<AcceptResult> {
  if (input.password.length < minPasswordLength) throw new Error(`The password needs at least ${minPasswordLength} characters.`);
  const check = await checkInvite(input.token, db, now);
  if (!check.ok) return check;
  // Someone who can sign in already proves it with that password; a link never resets it.
  if (check.hasAccount) return { ok: false, reason: "has-account" };
  const hash = await hashPassword(input.password); // ~80 ms: before the transaction, not in it
  return db.$transaction(async (tx): Promise<AcceptResult> => {
    if (!(await spend(tx, check.inviteId, now))) return { ok: false, reason: await refusalNow(tx, check.inviteId, now) };
    const user = await writePasswordAccount(tx, { email: check.email, name: input.name || undefined, role: "customer", hash });
    await joinOrganization(tx, user.id, check.organizationId, check.inviteId);
    return { ok: true, email: check.email, organizationId: check.organizationId };
  });
}

/** A contact who signed in with their own password just now: joins the organization, spends the invite. */
export async function acceptInviteAsUser(input: { token: string; userId: number }, db: Db = getDb(), now = new Date()): Promise<AcceptResult> {
  const check = await checkInvite(input.token, db, now);
  if (!check.ok) return check;
  const user = await db.user.findUnique({ where: { id: input.userId }, select: { email: true, role: true } });
  // The invite names one contact: nobody else's sign-in spends it.
  if (!user || user.email !== check.email || user.role !== "customer") return { ok: false, reason: "unknown" };
  return db.$transaction(async (tx): Promise<AcceptResult> => {
    if (!(await spend(tx, check.inviteId, now))) return { ok: false, reason: await refusalNow(tx, check.inviteId, now) };
    await joinOrganization(tx, input.userId, check.organizationId, check.inviteId);
    return { ok: true, email: check.email, organizationId: check.organizationId };
  });
}

/** Why an invite that was pending a moment ago could not be spent (a racing accept, a revoke). */
async function refusalNow(tx: Tx, inviteId: number, now: Date): Promise<InviteRefusal> {
  const invite = await tx.portalInvite.findUnique({ where: { id: inviteId }, select: { usedAt: true, revokedAt: true, expiresAt: true } });
  if (!invite) return "unknown";
  const status = inviteStatus(invite, now);
  return status === "pending" ? "used" : status;
}
