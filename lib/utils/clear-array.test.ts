import { describe, expect, it } from "vitest";
import { clearArray } from "./clear-array.ts";

describe("clearArray", () => {
  it.each([
    ["empty", []],
    ["one", [1]],
    ["several, with undefined and null", [1, undefined, "x", null]],
    ["long", Array.from({ length: 10_000 }, (_, i) => i)],
  ] as const)("%s", (_, items) => {
    const array: unknown[] = [...items];
    const same = array;
    clearArray(array);
    expect(array).toBe(same);
    expect(array).toHaveLength(0);
    array.push("again");
    expect(array).toEqual(["again"]);
  });
});
