import * as z from "zod";
import { recordIdSchema } from "./record-id.ts";

/** How long an invite link works unless the CSM says otherwise. */
export const defaultInviteDays = 7;

/** A CSM's invite: shared by the organization page's form and its server action. */
export const createInviteSchema = z.object({
  organizationId: recordIdSchema,
  email: z.string().trim().toLowerCase().email("Enter the contact's e-mail address.").max(320),
  expiresInDays: z.number({ error: "Say how many days the link works." }).int().min(1, "At least one day.").max(30, "At most 30 days."),
});

export type CreateInviteInput = z.infer<typeof createInviteSchema>;

/** Revoking one invite. */
export const revokeInviteSchema = z.object({ inviteId: recordIdSchema });

/** Opening an invite link: the token, the password (new, or the account's own), and a name for a new account. */
export const acceptInviteSchema = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, "This link is not valid."),
  password: z.string().min(1, "Enter a password.").max(256),
  name: z.string().trim().max(200).optional(),
});

export type AcceptInviteState = { ok: true } | { ok: false; reason: string };
