"use client";

import { useActionState, useId } from "react";
import { KeyRound } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { AcceptInviteState } from "@/lib/forms/invite-schema";

const inputClass = "h-10 rounded-md border border-border bg-white px-3 text-sm aria-[invalid=true]:border-danger";

type Props = { action: (state: AcceptInviteState, form: FormData) => Promise<AcceptInviteState>; token: string; email: string; hasAccount: boolean; minPasswordLength: number };

/** Set a password (a new contact) or sign in (an existing one); the page hands it the action (ADR 0011). */
export function AcceptInviteForm({ action, token, email, hasAccount, minPasswordLength }: Props) {
  const [state, submit, pending] = useActionState<AcceptInviteState, FormData>(action, { ok: true });
  const id = useId();
  const error = state.ok ? null : state.reason;
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <form action={submit} className="flex flex-col gap-4">
      <input type="hidden" name="token" value={token} />
      <div className="flex flex-col gap-1.5">
        <label htmlFor={`${id}-email`} className="text-sm font-medium">E-mail</label>
        <input id={`${id}-email`} type="email" autoComplete="username" value={email} readOnly className={`${inputClass} bg-muted`} />
      </div>
      {hasAccount ? null : (
        <div className="flex flex-col gap-1.5">
          <label htmlFor={`${id}-name`} className="text-sm font-medium">Your name <span className="font-normal text-muted-foreground">(optional)</span></label>
          <input id={`${id}-name`} name="name" autoComplete="name" className={inputClass} />
        </div>
      )}
      <div className="flex flex-col gap-1.5">
        <label htmlFor={`${id}-password`} className="text-sm font-medium">{hasAccount ? "Your password" : "Choose a password"}</label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          required
          autoFocus
          minLength={hasAccount ? undefined : minPasswordLength}
          autoComplete={hasAccount ? "current-password" : "new-password"}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={inputClass}
        />
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hasAccount ? "You have an account already: sign in with its password to add this organization." : `At least ${minPasswordLength} characters. You sign in with this e-mail address and password from now on.`}
        </p>
      </div>
      {error ? (
        <p id={`${id}-error`} role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-danger">
          {error}
        </p>
      ) : null}
      <Button type="submit" disabled={pending}>
        <KeyRound aria-hidden className="size-4" />
        {pending ? "Opening the portal…" : hasAccount ? "Sign in and join" : "Set password and open the portal"}
      </Button>
    </form>
  );
}
