"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { APIError } from "better-auth/api";
import { getAuth } from "@/lib/auth/auth";
import { signInSchema, safeNextPath, type SignInState } from "@/lib/forms/sign-in-schema";

// Sign-in and sign-out: better-auth's server API, the session cookie written by nextCookies().

export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const parsed = signInSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ok: false, reason: "Enter your e-mail address and password.", email: String(formData.get("email") ?? "") };
  try {
    await getAuth().api.signInEmail({ body: { email: parsed.data.email, password: parsed.data.password }, headers: await headers() });
  } catch (error) {
    if (!(error instanceof APIError)) throw error;
    const reason = error.statusCode === 429 ? "Too many attempts. Wait a minute and try again." : "That e-mail address and password do not match.";
    return { ok: false, reason, email: parsed.data.email };
  }
  redirect(safeNextPath(parsed.data.next));
}

export async function signOutAction(): Promise<void> {
  await getAuth().api.signOut({ headers: await headers() });
  redirect("/sign-in");
}
