import { describe, expect, it } from "vitest";
import { subscriptCells } from "./subscript-cells.ts";

describe("subscriptCells", () => {
  const cases: [string, (string | null)[], number[], [number, number] | null][] = [
    ["one cell changed: it, twice", ["a", "b", "c", "d"], [2], [2, 2]],
    ["two cells changed: both, in the order given", ["a", "b", "c", "d"], [3, 0], [3, 0]],
    ["no cell changed (a re-check): the first, twice", ["a", "b"], [], [0, 0]],
    ["three cells changed: the whole values", ["a", "b", "c", "d"], [0, 1, 2], null],
    ["the first cell past the end: the whole values", ["a", "b"], [3, 0], null],
    ["the second cell past the end: the whole values", ["a", "b"], [0, 2], null],
    ["a cell just past the end: the whole values", ["a", "b"], [2], null],
    ["an empty row: the whole values", [], [], null],
    ["a NULL stored by an older edit: the whole values", ["a", null, "c"], [0], null],
  ];
  it.each(cases)("%s", (_name, stored, changed, expected) => {
    expect(subscriptCells(stored, changed)).toEqual(expected);
  });
});
