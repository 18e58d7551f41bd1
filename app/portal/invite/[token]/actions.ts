"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { APIError } from "better-auth/api";
import { getAuth } from "@/lib/auth/auth";
import { minPasswordLength } from "@/lib/auth/accounts";
import { acceptInviteAsUser, acceptInviteWithPassword, checkInvite } from "@/lib/auth/invites";
import { inviteRefusals } from "@/lib/auth/invite-status";
import { acceptInviteSchema, type AcceptInviteState } from "@/lib/forms/invite-schema";

// Opening an invite link (ADR 0015). Public by nature: the token in the link is the credential,
// checked, spent once and tied to one contact by lib/auth/invites.ts.

type Accepted = { ok: true } | { ok: false; reason: string };
type Input = { token: string; password: string; name?: string };

/** A new contact: their password is set with the invite spent, then they are signed in with it. */
async function acceptAsNewContact(input: Input): Promise<Accepted> {
  if (input.password.length < minPasswordLength) return { ok: false, reason: `Use at least ${minPasswordLength} characters.` };
  const result = await acceptInviteWithPassword(input);
  if (!result.ok) return { ok: false, reason: result.reason === "has-account" ? inviteRefusals["wrong-password"] : inviteRefusals[result.reason] };
  try {
    await getAuth().api.signInEmail({ body: { email: result.email, password: input.password }, headers: await headers() });
  } catch (error) {
    if (!(error instanceof APIError)) throw error;
    return { ok: false, reason: "Your password is set, but signing in failed. Sign in with your e-mail address and that password." };
  }
  return { ok: true };
}

/** A contact who can sign in already: signs in through better-auth (rate-limited), then joins. */
async function acceptAsExistingAccount(input: Input, email: string): Promise<Accepted> {
  let userId: number;
  try {
    const signedIn = await getAuth().api.signInEmail({ body: { email, password: input.password }, headers: await headers() });
    userId = Number(signedIn.user.id);
  } catch (error) {
    if (!(error instanceof APIError)) throw error;
    return { ok: false, reason: error.statusCode === 429 ? "Too many attempts. Wait a minute and try again." : inviteRefusals["wrong-password"] };
  }
  // Signed in either way; the invite is spent only if it is still pending.
  const result = await acceptInviteAsUser({ token: input.token, userId });
  return result.ok ? { ok: true } : { ok: false, reason: result.reason === "has-account" ? inviteRefusals["wrong-password"] : inviteRefusals[result.reason] };
}

export async function acceptInviteAction(_previous: AcceptInviteState, formData: FormData): Promise<AcceptInviteState> {
  const parsed = acceptInviteSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ok: false, reason: parsed.error.issues[0]?.message ?? "Check the form." };
  const check = await checkInvite(parsed.data.token);
  if (!check.ok) return { ok: false, reason: inviteRefusals[check.reason] };
  const accepted = check.hasAccount ? await acceptAsExistingAccount(parsed.data, check.email) : await acceptAsNewContact(parsed.data);
  if (!accepted.ok) return accepted;
  redirect("/portal");
}
