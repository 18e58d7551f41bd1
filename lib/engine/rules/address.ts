import { quote, type RuleFinding } from "../problem.ts";

/** `line_break_not_allowed`: only `address` forbids line breaks (CR, LF, U+2028, U+2029). */
export function checkAddressLineBreak(value: string, column = "address"): RuleFinding | null {
  if (!hasLineBreak(value)) return null;
  return {
    code: "line_break_not_allowed",
    column,
    value,
    message: `The address ${quote(value)} spans several lines: put it on one line, e.g. separate its parts with commas.`,
  };
}

/** Whether the ASCII value in `bytes[start]` to `bytes[start + n - 1]` has a line break (CR, LF): `checkAddressLineBreak`'s test on bytes. */
export function hasAsciiLineBreakAt(bytes: Uint8Array, start: number, n: number): boolean {
  for (let i = start; i < start + n; i++) {
    const c = bytes[i]!;
    if (c === 10 || c === 13) return true;
  }
  return false;
}

/** `/[\r\n\u2028\u2029]/.test(value)` as a loop: it runs on every row's address. */
function hasLineBreak(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return true;
  }
  return false;
}
