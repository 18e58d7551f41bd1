import { describe, expect, it } from "vitest";
import { readProblemToProblem } from "./mapping.ts";
import type { Problem } from "./problem.ts";
import { fieldCountProblem } from "./read/read-csv.ts";
import { fillSkippedCells, rawRowProblem } from "./raw-row.ts";

const header = ["lat", "lng", "address", "request_type"];
const flagged = (code: string, value: string | null = null): Problem => ({ severity: "error", code: code as Problem["code"], file: "a.csv", row: 4, line: 5, column: null, value, message: `${code} as the reader said it` });
const fieldCount = (fields: number) => readProblemToProblem("a.csv", fieldCountProblem(4, 5, fields, header.length));
const required: Problem = { severity: "error", code: "required", file: "a.csv", row: 4, line: 5, column: "address", value: "", message: "address is required." };

describe("rawRowProblem", () => {
  const cases: [string, string[], Problem[], Problem | null][] = [
    ["a row the reader did not flag is judged on its cells", ["1", "2", "", "Pothole"], [required], null],
    ["a short field_count row still short keeps field_count", ["1", "2", "3 Elm Ave"], [fieldCount(3)], fieldCount(3)],
    ["a long field_count row still long keeps field_count", ["1", "2", "3 Main St", " Apt 4", "Pothole"], [fieldCount(5)], fieldCount(5)],
    ["a field_count row given a cell past its end says its new count", ["1", "2", "", "", "", "Pothole"], [fieldCount(3)], fieldCount(6)],
    ["a field_count row whose cells now line up is judged on them", ["1", "2", "3 Elm Ave", "Pothole"], [fieldCount(3)], null],
    ["an invalid_encoding row still holding the replacement character keeps it", ["1", "2", "Caf\uFFFD", "Pothole"], [flagged("invalid_encoding", "0xE9")], flagged("invalid_encoding", "0xE9")],
    ["an invalid_encoding row keeps it even when its cells do not line up", ["1", "2", "Caf\uFFFD"], [flagged("invalid_encoding", "0xE9")], flagged("invalid_encoding", "0xE9")],
    ["an invalid_encoding row whose bad cell was edited, its cells not lined up, is field_count", ["1", "2", "Café"], [flagged("invalid_encoding", "0xE9")], fieldCount(3)],
    ["an invalid_encoding row whose bad cell was edited is judged on its cells", ["1", "2", "Café", "Pothole"], [flagged("invalid_encoding", "0xE9")], null],
    ["a malformed_csv row still holding the flagged cell keeps it", ["1", "2", "3 Elm Ave", "Pothole"], [flagged("malformed_csv", "Pothole")], flagged("malformed_csv", "Pothole")],
    ["a malformed_csv row keeps it even when its cells do not line up", ["1", "2", "Pothole"], [flagged("malformed_csv", "Pothole")], flagged("malformed_csv", "Pothole")],
    ["a malformed_csv row whose flagged cell was edited is judged on its cells", ["1", "2", "3 Elm Ave", "Pot hole"], [flagged("malformed_csv", "Pothole")], null],
    ["a malformed_csv row whose flagged cell was edited, its cells not lined up, is field_count", ["1", "2"], [flagged("malformed_csv", "Pothole")], fieldCount(2)],
    ["a malformed_csv row with a field cut at the limit keeps it", ["1", "2", "3 Elm Ave", "Pothole"], [flagged("malformed_csv")], flagged("malformed_csv")],
  ];
  it.each(cases)("%s", (_name, values, previous, expected) => {
    expect(rawRowProblem("a.csv", header, values, 4, 5, previous)).toEqual(expected);
  });
});

describe("fillSkippedCells", () => {
  const cases: [string, (values: string[]) => void, string[]][] = [
    ["a change inside the row leaves it as it is", (values) => (values[1] = "x"), ["1", "x", "3"]],
    ["a change just past the end adds one cell", (values) => (values[3] = "x"), ["1", "2", "3", "x"]],
    ["a change further on blanks the cells between", (values) => (values[5] = "x"), ["1", "2", "3", "", "", "x"]],
  ];
  it.each(cases)("%s", (_name, change, expected) => {
    const values = ["1", "2", "3"];
    change(values);
    fillSkippedCells(values);
    expect(values).toEqual(expected);
    expect(Object.keys(values)).toHaveLength(expected.length);
  });
});
