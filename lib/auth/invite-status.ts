// What an invite link is now, from its dates: pure, so the organization page, the acceptance page
// and the data module agree, and a table test covers every case (invite-status.test.ts).

export const inviteStatuses = ["pending", "used", "revoked", "expired"] as const;
export type InviteStatus = (typeof inviteStatuses)[number];

export type InviteDates = { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date | null };

/** Used wins over revoked (a revoke after use changes nothing), revoked over expired. No expiry: expired. */
export function inviteStatus(invite: InviteDates, now: Date): InviteStatus {
  if (invite.usedAt) return "used";
  if (invite.revokedAt) return "revoked";
  if (!invite.expiresAt || invite.expiresAt.getTime() <= now.getTime()) return "expired";
  return "pending";
}

/** Why an invite link cannot be accepted, in words the customer can act on. */
export const inviteRefusals: Record<Exclude<InviteStatus, "pending"> | "unknown" | "staff" | "wrong-password", string> = {
  unknown: "This link is not valid. Check that you copied all of it, or ask your contact for a new one.",
  expired: "This link has expired. Ask your contact for a new one.",
  revoked: "This link was withdrawn. Ask your contact for a new one.",
  used: "This link was already used. Sign in with your e-mail address and password instead.",
  staff: "This address belongs to a staff account, which cannot join a customer portal.",
  "wrong-password": "That password does not match your account. Use the password you already have.",
};
