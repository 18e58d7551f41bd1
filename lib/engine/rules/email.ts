import { quote, type RuleFinding } from "../problem.ts";

/**
 * `invalid_email`: one `@`, no spaces, and a dotted domain (no empty label) whose last label is
 * 2 or more letters. Blank is allowed: the issue is then reported by the generic user.
 */
export const emailPattern = /^[^\s@]+@(?:[^\s@.]+\.)+\p{L}{2,}$/u;

/**
 * `emailPattern.test(value)`. Most addresses are ASCII, and for ASCII `\s` is tab–CR and space
 * and `\p{L}` is A–Z, a–z: one scan answers, without running the Unicode pattern. A character
 * past ASCII hands the value to the pattern; a fault found before it (a space, a second `@`, an
 * empty label) fails the pattern whatever follows.
 */
export function isEmail(value: string): boolean {
  const n = value.length;
  let at = -1; // the `@`
  let labelStart = 0; // of the current domain label
  let dots = 0; // in the domain
  let letters = true; // the current domain label is letters only
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c > 127) return emailPattern.test(value);
    if (c === 32 || (c >= 9 && c <= 13)) return false;
    if (c === 64 /* @ */) {
      if (at !== -1 || i === 0) return false;
      at = i;
      labelStart = i + 1;
      continue;
    }
    if (at === -1) continue;
    if (c === 46 /* . */) {
      if (i === labelStart) return false;
      dots++;
      labelStart = i + 1;
      letters = true;
      continue;
    }
    const lower = c | 0x20; // ASCII letters fold to a–z
    if (lower < 97 || lower > 122) letters = false;
  }
  return at !== -1 && dots > 0 && n - labelStart >= 2 && letters;
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
