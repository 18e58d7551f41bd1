import { quote, type RuleFinding } from "../problem.ts";

/** `line_break_not_allowed`: only `address` forbids line breaks (CR, LF, U+2028, U+2029). */
const lineBreak = /[\r\n\u2028\u2029]/;

export function checkAddressLineBreak(value: string, column = "address"): RuleFinding | null {
  if (!lineBreak.test(value)) return null;
  return {
    code: "line_break_not_allowed",
    column,
    value,
    message: `The address ${quote(value)} spans several lines: put it on one line, e.g. separate its parts with commas.`,
  };
}
