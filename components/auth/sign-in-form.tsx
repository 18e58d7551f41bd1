"use client";

import { useActionState, useId } from "react";
import { LogIn } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { SignInState } from "@/lib/forms/sign-in-schema";

const inputClass = "h-10 rounded-md border border-border bg-white px-3 text-sm aria-[invalid=true]:border-danger";

/** E-mail and password; the page hands it the server action (ADR 0011). */
export function SignInForm({ action, next }: { action: (state: SignInState, form: FormData) => Promise<SignInState>; next?: string }) {
  const [state, submit, pending] = useActionState<SignInState, FormData>(action, { ok: true });
  const id = useId();
  const error = state.ok ? null : state.reason;
  const errorId = `${id}-error`;
  return (
    <form action={submit} className="flex flex-col gap-4" aria-describedby={error ? errorId : undefined}>
      <input type="hidden" name="next" value={next ?? ""} />
      <div className="flex flex-col gap-1.5">
        <label htmlFor={`${id}-email`} className="text-sm font-medium">E-mail</label>
        <input id={`${id}-email`} name="email" type="email" autoComplete="username" required autoFocus defaultValue={state.ok ? undefined : state.email} aria-invalid={error ? true : undefined} className={inputClass} />
      </div>
      <div className="flex flex-col gap-1.5">
        <label htmlFor={`${id}-password`} className="text-sm font-medium">Password</label>
        <input id={`${id}-password`} name="password" type="password" autoComplete="current-password" required aria-invalid={error ? true : undefined} className={inputClass} />
      </div>
      {error ? (
        <p id={errorId} role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-danger">
          {error}
        </p>
      ) : null}
      <Button type="submit" disabled={pending}>
        <LogIn aria-hidden className="size-4" />
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
