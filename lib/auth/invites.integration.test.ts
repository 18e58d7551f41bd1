import { beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "better-auth/crypto";
import { useTestDb } from "../testing/use-test-db.ts";
import { createOrganization } from "../testing/import-fixtures.ts";
import { setPasswordAccount } from "./accounts.ts";
import { acceptInviteAsUser, acceptInviteWithPassword, checkInvite, createInvite, hashInviteToken, listInvites, revokeInvite } from "./invites.ts";

const { db } = useTestDb({ max: 6 });
const day = 24 * 60 * 60 * 1000;
let orgA: number;
let orgB: number;
let csmId: number;

beforeAll(async () => {
  orgA = (await createOrganization(db, "invite-a")).organization.id;
  orgB = (await createOrganization(db, "invite-b")).organization.id;
  csmId = (await setPasswordAccount(db, { email: "inviter@example.com", name: "Ivy Inviter", role: "csm", password: "inviter password" })).id;
});

async function invite(email: string, organizationId = orgA, expiresInDays = 7, now = new Date()) {
  const created = await createInvite({ organizationId, email, expiresInDays, createdById: csmId }, db, now);
  if (!created.ok) throw new Error(created.reason);
  return created;
}

describe("createInvite", () => {
  it("stores only the token's sha256, with an expiry days ahead", async () => {
    const now = new Date("2026-12-03T10:00:00Z");
    const created = await invite("Contact@City.example", orgA, 7, now);
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await db.portalInvite.findUniqueOrThrow({ where: { id: created.inviteId } });
    expect(row.tokenHash).toBe(hashInviteToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(row).toMatchObject({ email: "contact@city.example", organizationId: orgA, createdById: csmId, usedAt: null, revokedAt: null });
    expect(row.expiresAt!.getTime() - now.getTime()).toBe(7 * day);
  });

  it("refuses a staff address", async () => {
    expect(await createInvite({ organizationId: orgA, email: "INVITER@example.com", expiresInDays: 7, createdById: csmId }, db)).toEqual({ ok: false, reason: "staff" });
  });
});

describe("accepting an invite", () => {
  it("sets the password, makes a customer of the organization, spends the link", async () => {
    const { token, inviteId } = await invite("new.contact@city.example");
    expect(await checkInvite(token, db)).toMatchObject({ ok: true, email: "new.contact@city.example", organizationId: orgA, hasAccount: false });
    expect(await acceptInviteWithPassword({ token, password: "a long customer password", name: "Nia Contact" }, db)).toEqual({ ok: true, email: "new.contact@city.example", organizationId: orgA });
    const user = await db.user.findUniqueOrThrow({ where: { email: "new.contact@city.example" }, include: { accounts: true, memberships: true } });
    expect(user).toMatchObject({ role: "customer", isStaff: false, name: "Nia Contact" });
    expect(user.memberships.map((m) => m.organizationId)).toEqual([orgA]);
    expect(await verifyPassword({ hash: user.accounts[0]!.password!, password: "a long customer password" })).toBe(true);
    expect(await db.portalInvite.findUniqueOrThrow({ where: { id: inviteId } })).toMatchObject({ userId: user.id, usedAt: expect.any(Date) });
    // Reused: refused, and the password stays.
    expect(await acceptInviteWithPassword({ token, password: "another password!!" }, db)).toEqual({ ok: false, reason: "used" });
    expect(await checkInvite(token, db)).toEqual({ ok: false, reason: "used" });
  });

  it.each([
    ["expired", async () => (await invite("late@city.example", orgA, 1, new Date(Date.now() - 2 * day))).token],
    ["revoked", async () => {
      const created = await invite("withdrawn@city.example");
      expect(await revokeInvite(created.inviteId, null, db)).toBe(true);
      expect(await revokeInvite(created.inviteId, null, db)).toBe(false);
      return created.token;
    }],
    ["unknown", async () => "x".repeat(43)],
  ] as const)("refuses an %s link and creates nobody", async (reason, makeToken) => {
    const token = await makeToken();
    expect(await checkInvite(token, db)).toEqual({ ok: false, reason });
    expect(await acceptInviteWithPassword({ token, password: "a long customer password" }, db)).toEqual({ ok: false, reason });
  });

  it("of two accepts at once, exactly one wins", async () => {
    const { token } = await invite("racer@city.example");
    const results = await Promise.all([
      acceptInviteWithPassword({ token, password: "first racer password" }, db),
      acceptInviteWithPassword({ token, password: "second racer password" }, db),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual([{ ok: false, reason: "used" }]);
    expect(await db.membership.count({ where: { user: { email: "racer@city.example" } } })).toBe(1);
  });

  it("never resets an existing account's password: it signs in and joins the second organization", async () => {
    const first = await invite("twice@city.example", orgA);
    await acceptInviteWithPassword({ token: first.token, password: "the first password" }, db);
    const second = await invite("twice@city.example", orgB);
    expect(await checkInvite(second.token, db)).toMatchObject({ ok: true, hasAccount: true });
    expect(await acceptInviteWithPassword({ token: second.token, password: "a new password!!" }, db)).toEqual({ ok: false, reason: "has-account" });
    const user = await db.user.findUniqueOrThrow({ where: { email: "twice@city.example" }, include: { accounts: true } });
    expect(await verifyPassword({ hash: user.accounts[0]!.password!, password: "the first password" })).toBe(true);
    // Somebody else signed in cannot spend it; the contact can.
    const other = await db.user.findUniqueOrThrow({ where: { email: "new.contact@city.example" } });
    expect(await acceptInviteAsUser({ token: second.token, userId: other.id }, db)).toEqual({ ok: false, reason: "unknown" });
    expect(await acceptInviteAsUser({ token: second.token, userId: user.id }, db)).toEqual({ ok: true, email: "twice@city.example", organizationId: orgB });
    expect((await db.membership.findMany({ where: { userId: user.id } })).map((m) => m.organizationId).sort()).toEqual([orgA, orgB].sort());
    expect(await acceptInviteAsUser({ token: second.token, userId: user.id }, db)).toEqual({ ok: false, reason: "used" });
  });

  it("refuses an invite whose contact became staff", async () => {
    const { token } = await invite("promoted@city.example");
    await setPasswordAccount(db, { email: "promoted@city.example", role: "csm", password: "promoted password" });
    expect(await checkInvite(token, db)).toEqual({ ok: false, reason: "staff" });
  });
});

describe("listInvites", () => {
  it("lists an organization's invites with their status, newest first", async () => {
    const now = new Date();
    const invites = await listInvites(orgA, db, now);
    const byEmail = new Map(invites.map((item) => [item.email, item.status]));
    expect(byEmail.get("new.contact@city.example")).toBe("used");
    expect(byEmail.get("late@city.example")).toBe("expired");
    expect(byEmail.get("withdrawn@city.example")).toBe("revoked");
    expect(byEmail.get("promoted@city.example")).toBe("pending");
    expect(invites.every((item) => item.createdBy === "Ivy Inviter")).toBe(true);
    expect(invites.map((item) => item.id)).toEqual([...invites.map((item) => item.id)].sort((a, b) => b - a));
    expect((await listInvites(orgB, db, now)).map((item) => item.email)).toEqual(["twice@city.example"]);
  });
});
