import { describe, expect, it } from "vitest";
import { createMappingBuilder, readMappingFile } from "./mapping.ts";
import { bytesSource } from "./read/source.ts";

const titles = ["Pothole", "Streetlight", "Old Graffiti"];

function build(header: string[], records: string[][]) {
  const builder = createMappingBuilder("map.csv", titles);
  builder.header(header);
  records.forEach((fields, i) => builder.record(fields, i + 1, i + 2));
  return builder.finish();
}

describe("the mapping file", () => {
  it.each([
    ["old_request_type,request_type", ["old_request_type", "request_type"]],
    ["from,to", ["from", "to"]],
    ["columns in another order", ["request_type", "old_request_type"]],
    ["an extra column", ["note", "old_request_type", "request_type"]],
  ])("reads the header %s", (_name, header) => {
    const [oldName, targetName] = header.includes("from") ? ["from", "to"] : ["old_request_type", "request_type"];
    const record = (old: string, target: string) => header.map((name) => (name === oldName ? old : name === targetName ? target : "x"));
    const { mapping, report } = build(header, [record("PH", "Pothole"), record(" SL ", " Streetlight ")]);
    expect(Object.fromEntries(mapping)).toEqual({ PH: "Pothole", SL: "Streetlight" });
    expect(report).toEqual({ file: "map.csv", rows: 2, problems: [] });
  });

  it.each<[string, string[][], [number, string | null, string | null][], Record<string, string>]>([
    ["a repeated old value (even to the same target)", [["PH", "Pothole"], ["PH", "Pothole"]], [[2, "old_request_type", "PH"]], { PH: "Pothole" }],
    ["each repeat after the first", [["PH", "Pothole"], ["PH", "Streetlight"], ["PH", "Old Graffiti"]], [[2, "old_request_type", "PH"], [3, "old_request_type", "PH"]], { PH: "Pothole" }],
    ["an unknown target", [["SL", "Streetlite"], ["PH", "Pothole"]], [[1, "request_type", "Streetlite"]], { PH: "Pothole" }],
    ["a target differing in case", [["PH", "pothole"]], [[1, "request_type", "pothole"]], {}],
    ["a repeat of an old value whose first target was unknown", [["SL", "Streetlite"], ["SL", "Streetlight"]], [[1, "request_type", "Streetlite"], [2, "old_request_type", "SL"]], {}],
    ["a blank target", [["PH", " "]], [[1, "request_type", ""]], {}],
    ["a blank old value", [["", "Pothole"]], [[1, "old_request_type", ""]], {}],
    ["a disabled target is fine", [["G", "Old Graffiti"]], [], { G: "Old Graffiti" }],
  ])("reports %s as mapping_invalid", (_name, records, expected, mapping) => {
    const result = build(["old_request_type", "request_type"], records);
    expect(result.report.problems.map((p) => [p.row, p.column, p.value])).toEqual(expected);
    expect(result.report.problems.every((p) => p.code === "mapping_invalid" && p.severity === "error" && p.file === "map.csv")).toBe(true);
    expect(result.report.problems.map((p) => p.line)).toEqual(expected.map(([row]) => row + 1));
    expect(Object.fromEntries(result.mapping)).toEqual(mapping);
  });

  it("rejects a header with neither form as a whole, at row 0", () => {
    const result = build(["old", "new"], [["PH", "Pothole"]]);
    expect(result.report.problems.map((p) => [p.code, p.row, p.line])).toEqual([["mapping_invalid", 0, 1]]);
    expect(result.mapping.size).toBe(0);
    expect(result.report.rows).toBe(1);
  });

  it("hints at the request type meant", () => {
    const result = build(["from", "to"], [["SL", "Streetlights"]]);
    expect(result.report.problems[0]?.message).toContain("did you mean `Streetlight`?");
  });

  it("reads a file from bytes, keeping the reader's own problems", async () => {
    const text = 'from,to\r\nPH,Pothole\r\nSL,Streetlight,extra\r\n\r\n"Light,Streetlight\n';
    const { mapping, report } = await readMappingFile("m.csv", bytesSource(text, 3), titles);
    expect(Object.fromEntries(mapping)).toEqual({ PH: "Pothole" });
    expect(report.problems.map((p) => [p.code, p.row, p.line])).toEqual([
      ["field_count", 2, 3],
      ["malformed_csv", 3, 5],
    ]);
    expect(report.rows).toBe(3);
  });
});
