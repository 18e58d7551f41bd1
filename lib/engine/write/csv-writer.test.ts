import { describe, expect, it } from "vitest";
import { csvLine, neutralizeFormula, quoteCsvField, restoreFormula } from "./csv-writer.ts";
import { readCsv } from "../read/read-csv.ts";
import { bytesSource } from "../read/source.ts";

describe("quoteCsvField: line breaks and white space the reader or a spreadsheet would lose", () => {
  it.each([
    ["line\u2028separator", '"line\u2028separator"'],
    ["para\u2029graph", '"para\u2029graph"'],
    ["\u00a0no-break lead", '"\u00a0no-break lead"'],
    ["\nleading break", '"\nleading break"'],
    ["inner\u00a0space", "inner\u00a0space"],
  ])("%j → %j", (value, expected) => {
    expect(quoteCsvField(value)).toBe(expected);
  });
});

describe("csvLine", () => {
  it.each([
    { fields: ["a", "b"], options: {}, line: "a,b\r\n" },
    { fields: ["", ""], options: {}, line: ",\r\n" },
    { fields: ["x,y", 'q"'], options: {}, line: '"x,y","q"""\r\n' },
    { fields: ["a|b", "c"], options: { delimiter: "|" }, line: '"a|b"|c\r\n' },
    { fields: ["=SUM(A1)", "-72.51", "@me"], options: { formulaSafe: true }, line: "'=SUM(A1),-72.51,'@me\r\n" },
    { fields: ["=SUM(A1)"], options: {}, line: "=SUM(A1)\r\n" },
  ])("$fields with $options", ({ fields, options, line }) => {
    expect(csvLine(fields, options)).toBe(line);
  });

  it("round-trips through the reader, formula-safe cells restored", async () => {
    const values = ["plain", " padded ", "two\nlines", 'quote "q"', "=1+1", "'=kept", "-5", "\u2028", ""];
    let header: string[] = [];
    const records: string[][] = [];
    for await (const event of readCsv(bytesSource(csvLine(values.map((_, i) => `c${i}`)) + csvLine(values, { formulaSafe: true })))) {
      if (event.kind === "header") header = event.fields;
      if (event.kind === "records") for (const record of event.records) records.push(record.fields);
    }
    expect(header).toHaveLength(values.length);
    expect(records[0]!.map(restoreFormula)).toEqual(values);
    expect(values.map((value) => restoreFormula(neutralizeFormula(value)))).toEqual(values);
  });
});
