import { quote, type RuleFinding } from "../problem.ts";

/**
 * `required`: a required column's value is blank (empty after trimming) in a row. Required
 * questions use the same code (questions.ts). `value` is the trimmed value, so always "".
 */
export function checkRequired(column: string, value: string): RuleFinding | null {
  if (value !== "") return null;
  return {
    code: "required",
    column,
    value,
    message: `${quote(column)} is required, but this row leaves it blank.`,
  };
}

export function isBlank(value: string): boolean {
  return value.trim() === "";
}
