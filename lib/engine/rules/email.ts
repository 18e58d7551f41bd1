import { asciiScratch, scratchBytes } from "../cell-bytes.ts";
import { quote, type RuleFinding } from "../problem.ts";

/**
 * `invalid_email`: one `@`, no spaces, and a dotted domain (no empty label) whose last label is
 * 2 or more letters. Blank is allowed: the issue is then reported by the generic user.
 */
export const emailPattern = /^[^\s@]+@(?:[^\s@.]+\.)+\p{L}{2,}$/u;

/**
 * `emailPattern.test(value)`. Most addresses are ASCII, and for ASCII `\s` is tab–CR and space
 * and `\p{L}` is A–Z, a–z: one scan answers (`isAsciiEmailAt`), without running the Unicode
 * pattern. A value with a character past ASCII goes to the pattern.
 */
export function isEmail(value: string): boolean {
  const n = asciiScratch(value);
  return n < 0 ? emailPattern.test(value) : isAsciiEmailAt(scratchBytes(), 0, n);
}

/** `emailPattern.test` of the ASCII value in `bytes[start]` to `bytes[start + n - 1]` (lib/engine/cell-bytes.ts). */
export function isAsciiEmailAt(bytes: Uint8Array, start: number, n: number): boolean {
  const end = start + n;
  let at = -1; // the `@`
  let labelStart = start; // of the current domain label
  let dots = 0; // in the domain
  let letters = true; // the current domain label is letters only
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c === 32 || (c >= 9 && c <= 13)) return false;
    if (c === 64 /* @ */) {
      if (at !== -1 || i === start) return false;
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
  return at !== -1 && dots > 0 && end - labelStart >= 2 && letters;
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
