import { describe, expect, it } from "vitest";
import { describeRecheck, type RecheckOutcome } from "./recheck-outcome";

const none: RecheckOutcome = { rowsChanged: 0, rowsCleared: 0, rowsNewlyFailing: 0, errorsBefore: 10, errorsAfter: 10, filesUnblocked: [], filesBlocked: [] };

describe("describeRecheck", () => {
  it.each([
    ["nothing changed", none, "no row changed."],
    ["rows cleared", { ...none, rowsChanged: 412, rowsCleared: 412, errorsAfter: 0, errorsBefore: 412 }, "412 rows no longer have errors (errors: 412 → 0)."],
    ["one row cleared", { ...none, rowsChanged: 1, rowsCleared: 1, errorsAfter: 9 }, "1 row no longer has errors (errors: 10 → 9)."],
    ["rows failing", { ...none, rowsChanged: 1200, rowsNewlyFailing: 1200, errorsBefore: 0, errorsAfter: 1200 }, "1,200 rows have new errors (errors: 0 → 1,200)."],
    ["other changes", { ...none, rowsChanged: 3, errorsAfter: 11 }, "3 rows have different problems (errors: 10 → 11)."],
    ["mixed", { ...none, rowsChanged: 4, rowsCleared: 2, rowsNewlyFailing: 1, errorsAfter: 9 }, "2 rows no longer have errors; 1 row has new errors; 1 more row has different problems (errors: 10 → 9)."],
    ["a file unblocked", { ...none, filesUnblocked: ["a.csv"], errorsAfter: 9 }, "a.csv is no longer blocked (errors: 10 → 9)."],
    ["a file blocked", { ...none, filesBlocked: ["b.csv"], errorsAfter: 11 }, "b.csv is now blocked by a whole-file error (errors: 10 → 11)."],
    ["only whole-file problems", { ...none, errorsAfter: 12 }, "the whole-file problems changed (errors: 10 → 12)."],
  ] as const)("%s", (_name, outcome, text) => {
    expect(describeRecheck(outcome)).toBe(text);
  });
});
