import { describe, expect, it } from "vitest";
import { describeFindReplace, findReplaceChanges } from "./find-replace.ts";

const row = { header: ["request_type", "summary", "address"], values: ["Pot Hole", "Pot Hole on Main; another Pot Hole", "1 Main St"] };

describe("find and replace", () => {
  it.each([
    { spec: { find: "Pot Hole", replace: "Pothole", column: null, wholeCell: false }, changes: [{ column: "request_type", value: "Pothole" }, { column: "summary", value: "Pothole on Main; another Pothole" }] },
    { spec: { find: "Pot Hole", replace: "Pothole", column: "request_type", wholeCell: false }, changes: [{ column: "request_type", value: "Pothole" }] },
    { spec: { find: "Pot Hole", replace: "Pothole", column: null, wholeCell: true }, changes: [{ column: "request_type", value: "Pothole" }] },
    { spec: { find: "pot hole", replace: "Pothole", column: null, wholeCell: false }, changes: [] }, // case-sensitive
    { spec: { find: "Main", replace: "Maine", column: "address", wholeCell: false }, changes: [{ column: "address", value: "1 Maine St" }] },
    { spec: { find: "", replace: "x", column: null, wholeCell: false }, changes: [] },
    { spec: { find: "1 Main St", replace: "", column: null, wholeCell: true }, changes: [{ column: "address", value: "" }] },
    { spec: { find: "Pot Hole", replace: "Pot Hole", column: null, wholeCell: false }, changes: [] },
  ])("$spec.find → $spec.replace in $spec.column (whole: $spec.wholeCell)", ({ spec, changes }) => {
    expect(findReplaceChanges(row, spec)).toEqual(changes);
  });

  it("describes itself for the history", () => {
    expect(describeFindReplace({ find: "Pot Hole", replace: "Pothole", column: "request_type", wholeCell: true })).toBe("Find and replace “Pot Hole” → “Pothole” in request_type (whole cells)");
  });
});
