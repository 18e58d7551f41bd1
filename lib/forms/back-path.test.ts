import { describe, expect, it } from "vitest";
import { safeBackPath } from "./back-path";

describe("safeBackPath", () => {
  it.each([
    ["/imports/12", "/imports/12"],
    ["/portal/imports/7", "/portal/imports/7"],
    ["/imports/0", null],
    ["/imports/12/results", null],
    ["//evil.example/imports/1", null],
    ["https://evil.example/imports/1", null],
    ["/imports/12?x=1", null],
    ["/imports/123456789012", null],
    ["", null],
    [undefined, null],
    [["/imports/1"], null],
  ] as const)("%j → %j", (value, expected) => {
    expect(safeBackPath(value)).toBe(expected);
  });
});
