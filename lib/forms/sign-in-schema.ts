import * as z from "zod";

/** The sign-in form: shared by the page and its server action. */
export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(256),
  next: z.string().max(2000).optional(),
});

// The e-mail comes back on failure so the form keeps it: React 19 resets a form after its action runs.
export type SignInState = { ok: true } | { ok: false; reason: string; email?: string };

/** Where to go after signing in: a path on this site only (never `//host` or `/\host`), else the imports. */
export function safeNextPath(next: string | undefined): string {
  const hasControl = [...next ?? ""].some((char) => char.charCodeAt(0) < 0x20);
  if (!next || !/^\/(?![/\\])/.test(next) || hasControl || next.startsWith("/sign-in")) return "/imports";
  return next;
}
