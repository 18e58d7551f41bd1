import { describe, expect, it } from "vitest";
import { canonicalColumnName, questionTextOf } from "./format.ts";

describe("canonicalColumnName", () => {
  it.each([
    ["a fixed column", "created_at", "created_at"],
    ["a question column as written canonically", "Q: Pole number", "Q: Pole number"],
    ["no space after the colon", "Q:Pole number", "Q: Pole number"],
    ["two spaces after the colon", "Q:  Pole number", "Q: Pole number"],
    ["an empty question text", "Q: ", "Q: "],
    ["the bare prefix", "Q:", "Q: "],
    ["a lower-case prefix (not a question column)", "q: Pole number", "q: Pole number"],
    ["spaces inside the text kept", "Q: Pole  number ", "Q: Pole  number "],
  ])("%s: %j → %j", (_case, name, expected) => {
    expect(canonicalColumnName(name)).toBe(expected);
    // The same answer as spelling it out from the question's text.
    const text = questionTextOf(name);
    expect(canonicalColumnName(name)).toBe(text === null ? name : `Q: ${text}`);
  });
});
