import { quote, type RuleFinding } from "../problem.ts";

/**
 * `markup_in_comment`: comments are plain text. Markup is an HTML tag (`<` followed by a letter,
 * `/` or `!`, up to `>`) or an HTML entity (`&amp;`, `&#39;`, `&#x27;`). `a < b` is not markup.
 */
const tagPattern = /<[A-Za-z/!][^>]*>/;
const entityPattern = /&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});/;

export function hasMarkup(value: string): boolean {
  return (value.includes("<") && tagPattern.test(value)) || (value.includes("&") && entityPattern.test(value));
}

export function checkMarkup(column: string, value: string): RuleFinding | null {
  if (!hasMarkup(value)) return null;
  const found = tagPattern.exec(value)?.[0] ?? entityPattern.exec(value)?.[0] ?? "";
  return {
    code: "markup_in_comment",
    column,
    value,
    message: `The comment contains HTML markup (${quote(found, 30)}); it will be shown as plain text. Remove the markup if it should not appear.`,
  };
}
