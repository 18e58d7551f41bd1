/** `invalid_number` family: the contract's decimal number, `^[+-]?\d+(\.\d+)?$` (no exponent, no `NaN`). */
export const decimalNumberPattern = /^[+-]?\d+(\.\d+)?$/;

export function isDecimalNumber(value: string): boolean {
  return decimalNumberPattern.test(value);
}
