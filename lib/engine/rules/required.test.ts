import { describe, expect, it } from "vitest";
import { checkRequired, isBlank } from "./required.ts";

describe("checkRequired", () => {
  it.each(["x", "0", "-"])("accepts %j", (value) => {
    expect(checkRequired("summary", value)).toBeNull();
  });

  it("reports a blank value with the column", () => {
    expect(checkRequired("summary", "")).toMatchObject({ code: "required", column: "summary", value: "" });
  });

  it.each([
    ["", true],
    ["  \t", true],
    ["\u00a0\n", true],
    [" x ", false],
  ])("isBlank(%j) = %s", (value, blank) => {
    expect(isBlank(value)).toBe(blank);
  });
});
