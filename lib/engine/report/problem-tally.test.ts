import { describe, expect, it } from "vitest";
import type { Problem, ProblemCode } from "../problem.ts";
import { ProblemTally } from "./problem-tally.ts";

const problem = (code: ProblemCode, row: number, severity: "error" | "warning" = "error"): Problem =>
  ({ code, row, severity, file: "a.csv", line: row + 1, column: null, value: null, message: "" }) as Problem;

describe("ProblemTally", () => {
  it.each([
    ["one code on every row", ["missing_offset", "missing_offset", "missing_offset"]],
    ["codes that alternate", ["missing_offset", "invalid_email", "missing_offset", "invalid_email"]],
    ["runs of codes", ["required", "required", "invalid_email", "required", "required", "required"]],
    ["none", []],
  ] as const)("counts by code: %s", (_, codes) => {
    const tally = new ProblemTally();
    codes.forEach((code, i) => tally.add(problem(code, i + 1)));
    const expected = new Map<string, number>();
    for (const code of codes) expected.set(code, (expected.get(code) ?? 0) + 1);
    expect(new Map(tally.codeCounts())).toEqual(expected);
    // Asked again, and added to after: still right.
    expect(new Map(tally.codeCounts())).toEqual(expected);
    tally.add(problem("required", 99));
    expected.set("required", (expected.get("required") ?? 0) + 1);
    expect(new Map(tally.codeCounts())).toEqual(expected);
  });

  it("adds counts made elsewhere between its own, and counts errors, warnings and rows with errors", () => {
    const tally = new ProblemTally();
    tally.add(problem("missing_offset", 1));
    tally.add(problem("missing_offset", 1));
    tally.addCounts(3, 1, [["missing_offset", 2], ["future_timestamp", 1]]);
    tally.add(problem("future_timestamp", 2, "warning"));
    tally.add(problem("missing_offset", 3));
    expect(new Map(tally.codeCounts())).toEqual(new Map([["missing_offset", 5], ["future_timestamp", 2]]));
    expect([tally.errors, tally.warnings, tally.rowsWithErrors]).toEqual([6, 2, 2]);
  });
});
