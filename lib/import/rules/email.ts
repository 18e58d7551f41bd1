import { quote, type RuleFinding } from "../problem.ts";

/**
 * `invalid_email`: one `@`, no spaces, and a dotted domain (no empty label) whose last label is
 * 2 or more letters. Blank is allowed: the issue is then reported by the generic user.
 */
const emailPattern = /^[^\s@]+@(?:[^\s@.]+\.)+\p{L}{2,}$/u;

export function isEmail(value: string): boolean {
  return emailPattern.test(value);
}

export function checkReporterEmail(value: string, column = "reporter_email"): RuleFinding | null {
  if (value === "" || isEmail(value)) return null;
  return {
    code: "invalid_email",
    column,
    value,
    message: `${quote(value)} is not an email address (name@example.org). Fix it, or leave the cell blank to use the organization's generic user.`,
  };
}
