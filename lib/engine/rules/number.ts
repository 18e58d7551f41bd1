import { asciiScratch, scratchBytes } from "../cell-bytes.ts";

/** `invalid_number` family: the contract's decimal number, `^[+-]?\d+(\.\d+)?$` (no exponent, no `NaN`). */
export const decimalNumberPattern = /^[+-]?\d+(\.\d+)?$/;

/**
 * `decimalNumberPattern.test(value)`, as a loop over the characters: it runs on both coordinates
 * of every row, where a regular expression call costs more than the check.
 */
export function isDecimalNumber(value: string): boolean {
  const n = value.length;
  let i = 0;
  const sign = value.charCodeAt(0);
  if (sign === 43 /* + */ || sign === 45 /* - */) i = 1;
  const intStart = i;
  while (i < n && isDigit(value.charCodeAt(i))) i++;
  if (i === intStart) return false;
  if (i === n) return true;
  if (value.charCodeAt(i) !== 46 /* . */) return false;
  const fractionStart = ++i;
  while (i < n && isDigit(value.charCodeAt(i))) i++;
  return i === n && i > fractionStart;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const powersOf10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * `Number(value)` when `isDecimalNumber(value)`, else NaN, in one pass (both coordinates of every
 * row). With at most 15 digits, the digits form an exact integer M and the value is M / 10^k
 * for k fraction digits: one IEEE division of two exact numbers, so correctly rounded, which is
 * what Number() returns (the fast path of every correct decimal-to-double conversion). Longer
 * values go to Number() itself.
 */
export function decimalValue(value: string): number {
  const n = asciiScratch(value);
  return n < 0 ? NaN : decimalValueAt(scratchBytes(), 0, n, value);
}

/**
 * `decimalValue` of the value in `bytes[start]` to `bytes[start + n - 1]` (lib/engine/cell-bytes.ts).
 * A value of more than 15 digits is `Number(text)`, or NaN without its `text` (the caller then
 * asks `decimalValue`).
 */
export function decimalValueAt(bytes: Uint8Array, start: number, n: number, text?: string): number {
  const end = start + n;
  const sign = n > 0 ? bytes[start]! : -1;
  let i = sign === 43 /* + */ || sign === 45 /* - */ ? start + 1 : start;
  const intStart = i;
  let m = 0; // the digits as an integer (exact while there are at most 15)
  for (; i < end; i++) {
    const c = bytes[i]!;
    if (!isDigit(c)) break;
    m = m * 10 + (c - 48);
  }
  if (i === intStart) return NaN;
  let fractionDigits = 0;
  if (i < end) {
    if (bytes[i] !== 46 /* . */) return NaN;
    const fractionStart = ++i;
    for (; i < end; i++) {
      const c = bytes[i]!;
      if (!isDigit(c)) break;
      m = m * 10 + (c - 48);
    }
    fractionDigits = i - fractionStart;
    if (fractionDigits === 0 || i !== end) return NaN;
  }
  if (end - intStart - (fractionDigits > 0 ? 1 : 0) > 15) return text === undefined ? NaN : Number(text);
  const magnitude = m / powersOf10[fractionDigits]!;
  return sign === 45 ? -magnitude : magnitude;
}
