import { describe, expect, it } from "vitest";
import { checkMarkup } from "./markup.ts";

describe("checkMarkup", () => {
  it.each([
    "plain text",
    "a < b and c > d",
    "x<5",
    "AT&T",
    "fish & chips; twice",
    "<>",
    "< b>",
    "3 <4 or 5>",
  ])("accepts %j", (value) => {
    expect(checkMarkup("public_comment_1", value)).toBeNull();
  });

  it.each([
    "<b>bold</b>",
    "line<br>break",
    "closing </p> only",
    "<!-- note -->",
    "<a href='x'>link</a>",
    "Tom &amp; Jerry",
    "it&#39;s",
    "it&#x27;s",
    "multi\nline <i\n>x",
  ])("warns about %j", (value) => {
    expect(checkMarkup("internal_comment_2", value)).toMatchObject({ code: "markup_in_comment", column: "internal_comment_2", value });
  });
});
