"use server";

import { revalidatePath } from "next/cache";
import { authorize } from "@/lib/auth/viewer";
import { createInvite, getInviteOrganizationId, revokeInvite } from "@/lib/auth/invites";
import { inviteRefusals } from "@/lib/auth/invite-status";
import { createInviteSchema, revokeInviteSchema } from "@/lib/forms/invite-schema";
import type { ActionResult } from "@/lib/forms/action-result";

// The organization page's "Customer portal" section (ADR 0015); the page hands these to it.

/** A new invite link; its path is answered once and never stored (only the token's sha256 is). */
export async function createInviteAction(input: unknown): Promise<ActionResult<{ path: string; email: string; expiresAt: string }>> {
  const parsed = createInviteSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues[0]?.message ?? "Check the form." };
  const access = await authorize("invite", parsed.data.organizationId);
  if (!access.ok) return { ok: false, reason: access.status === 404 ? "No such organization." : access.reason };
  const created = await createInvite({ ...parsed.data, createdById: access.viewer.userId });
  if (!created.ok) return { ok: false, reason: inviteRefusals[created.reason] };
  revalidatePath("/organizations/[slug]", "page");
  return { ok: true, path: `/portal/invite/${created.token}`, email: parsed.data.email, expiresAt: created.expiresAt.toISOString() };
}

/** Withdraws a pending invite: its link stops working at once. */
export async function revokeInviteAction(input: unknown): Promise<ActionResult> {
  const parsed = revokeInviteSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "No such invite." };
  const organizationId = await getInviteOrganizationId(parsed.data.inviteId);
  const access = await authorize("invite", organizationId ?? 0);
  if (!access.ok) return { ok: false, reason: access.status === 404 ? "No such invite." : access.reason };
  if (organizationId === null) return { ok: false, reason: "No such invite." };
  if (!(await revokeInvite(parsed.data.inviteId, access.viewer.userId))) return { ok: false, reason: "That invite was used or withdrawn already." };
  revalidatePath("/organizations/[slug]", "page");
  return { ok: true };
}
