import { describe, expect, it } from "vitest";
import { checkChosenFiles, newImportSchema } from "./new-import-schema.ts";

const MB = 1024 * 1024;

describe("checkChosenFiles", () => {
  it.each([
    [[], "Choose at least one CSV file."],
    [[{ name: "a.csv", size: 0 }], "a.csv is empty."],
    [[{ name: "big.csv", size: 11 * MB }], "big.csv is larger than the 10 MB upload limit."],
    [[{ name: "export.xlsx", size: 10 }], "export.xlsx is a spreadsheet: save it as CSV (UTF-8) and choose that."],
    [[{ name: "a.csv", size: 1 }, { name: "a.csv", size: 2 }], "a.csv is chosen twice."],
    [[{ name: "a.csv", size: 1 }, { name: "b.txt", size: 10 * MB }], null],
  ])("%j → %s", (files, expected) => {
    expect(checkChosenFiles(files, 10 * MB)).toBe(expected);
  });
});

describe("newImportSchema", () => {
  it.each([
    [{ organizationId: "3" }, true],
    [{ organizationId: 3 }, true],
    [{ organizationId: "" }, false],
    [{ organizationId: "0" }, false],
    [{}, false],
  ])("%j → %s", (input, ok) => {
    expect(newImportSchema.safeParse(input).success).toBe(ok);
  });
});
