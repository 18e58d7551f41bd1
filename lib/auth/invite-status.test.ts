import { describe, expect, it } from "vitest";
import { inviteStatus, type InviteDates, type InviteStatus } from "./invite-status.ts";

const now = new Date("2026-12-03T12:00:00Z");
const before = new Date("2026-12-03T11:59:59Z");
const after = new Date("2026-12-10T12:00:00Z");

const table: [string, InviteDates, InviteStatus][] = [
  ["fresh", { usedAt: null, revokedAt: null, expiresAt: after }, "pending"],
  ["used", { usedAt: before, revokedAt: null, expiresAt: after }, "used"],
  ["revoked", { usedAt: null, revokedAt: before, expiresAt: after }, "revoked"],
  ["past its expiry", { usedAt: null, revokedAt: null, expiresAt: before }, "expired"],
  ["expiring this very moment", { usedAt: null, revokedAt: null, expiresAt: now }, "expired"],
  ["without an expiry", { usedAt: null, revokedAt: null, expiresAt: null }, "expired"],
  ["used, then revoked", { usedAt: before, revokedAt: now, expiresAt: after }, "used"],
  ["used, then expired", { usedAt: before, revokedAt: null, expiresAt: before }, "used"],
  ["revoked and expired", { usedAt: null, revokedAt: before, expiresAt: before }, "revoked"],
];

describe("inviteStatus", () => {
  it.each(table)("%s → %s", (_name, dates, expected) => {
    expect(inviteStatus(dates, now)).toBe(expected);
  });
});
