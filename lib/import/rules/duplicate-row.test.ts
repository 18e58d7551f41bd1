import { describe, expect, it } from "vitest";
import { cyrb53, DuplicateRowDetector, duplicateKey, duplicateRow, planDuplicateKey } from "./duplicate-row.ts";

const keyOf = (header: string[], fields: string[]) => duplicateKey(planDuplicateKey(header), (i) => (fields[i] ?? "").trim());

describe("duplicate row keys", () => {
  it.each([
    ["the same row", ["a", "b"], ["1", "2"], ["a", "b"], ["1", "2"], true],
    ["columns in another order", ["a", "b"], ["1", "2"], ["b", "a"], ["2", "1"], true],
    ["surrounding spaces", ["a", "b"], ["1", "2"], ["a", "b"], [" 1", "2 "], true],
    ["Q:X and Q: X", ["Q:X", "b"], ["1", "2"], ["Q: X", "b"], ["1", "2"], true],
    ["a blank column the other file lacks", ["a", "b", "c"], ["1", "2", ""], ["a", "b"], ["1", "2"], true],
    ["a different value", ["a", "b"], ["1", "2"], ["a", "b"], ["1", "3"], false],
    ["values moved between columns", ["a", "b"], ["1", ""], ["a", "b"], ["", "1"], false],
    ["a value split differently", ["a", "b"], ["1", "23"], ["a", "b"], ["12", "3"], false],
    ["the import_errors column ignored", ["a", "import_errors"], ["1", "x"], ["a"], ["1"], true],
  ])("%s → duplicate %s", (_name, h1, f1, h2, f2, same) => {
    expect(keyOf(h1, f1) === keyOf(h2, f2)).toBe(same);
  });
});

describe("DuplicateRowDetector", () => {
  it("reports the earlier copy across files", () => {
    const detector = new DuplicateRowDetector();
    expect(detector.check("k1", { file: "a.csv", row: 3 })).toBeNull();
    expect(detector.check("k2", { file: "b.csv", row: 1 })).toBeNull();
    expect(detector.check("k1", { file: "b.csv", row: 7 })).toEqual({ file: "a.csv", row: 3 });
    expect(detector.check("k1", { file: "b.csv", row: 9 })).toEqual({ file: "a.csv", row: 3 });
    expect(detector.size).toBe(2);
  });

  it("words the warning with file and row", () => {
    expect(duplicateRow({ file: "a.csv", row: 3 }, false).message).toContain("row 3 of `a.csv`");
  });

  it("hashes to 53-bit integers that differ for near strings", () => {
    const hashes = new Set(Array.from({ length: 10_000 }, (_, i) => cyrb53(`row${i}`)));
    expect(hashes.size).toBe(10_000);
    for (const hash of hashes) expect(Number.isSafeInteger(hash)).toBe(true);
  });
});
