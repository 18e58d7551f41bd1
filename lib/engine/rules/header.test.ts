import { describe, expect, it } from "vitest";
import { analyzeHeader } from "./header.ts";

const required = ["lat", "lng", "address", "request_type", "summary", "description", "created_at"];
const codes = (header: string[]) => analyzeHeader(header, { questionTexts: ["What is the size of the pothole?"] }).findings.map((f) => [f.code, f.column]);

describe("analyzeHeader", () => {
  it.each([
    ["all required columns", [...required], []],
    ["any order plus optional columns", ["created_at", ...required.slice(0, 6), "reporter_email", "closed_at", "auto_assignment", "acknowledge_message"], []],
    ["comment columns with gaps", [...required, "public_comment_1", "public_comment_7", "internal_comment_12"], []],
    ["question columns", [...required, "Q: Anything", "Q:Other"], []],
    ["import_errors of a re-uploaded error report", [...required, "import_errors"], []],
  ])("accepts %s", (_name, header, expected) => {
    expect(codes(header)).toEqual(expected);
  });

  it.each([
    ["a misspelt column", [...required, "lati"], [["unknown_column", "lati"]]],
    ["case differences", [...required, "Lat"], [["unknown_column", "Lat"]]],
    ["surrounding spaces (names are not trimmed)", [...required.filter((c) => c !== "lng"), " lng"], [["unknown_column", " lng"], ["missing_column", "lng"]]],
    ["an empty name", [...required, ""], [["unknown_column", ""]]],
    ["public_comment_0", [...required, "public_comment_0"], [["unknown_column", "public_comment_0"]]],
    ["internal_comment_01 (leading zero)", [...required, "internal_comment_01"], [["unknown_column", "internal_comment_01"]]],
    ["public_comment without N", [...required, "public_comment"], [["unknown_column", "public_comment"]]],
    ["lower-case q:", [...required, "q: What is the size of the pothole?"], [["unknown_column", "q: What is the size of the pothole?"]]],
    ["the same column twice", [...required, "lat"], [["duplicate_column", "lat"]]],
    ["Q:X and Q: X", [...required, "Q:Size", "Q: Size"], [["duplicate_column", "Q: Size"]]],
    ["Q: X and Q:  X (extra spaces)", [...required, "Q: Size", "Q:   Size"], [["duplicate_column", "Q:   Size"]]],
    ["a comment column twice", [...required, "public_comment_2", "public_comment_2"], [["duplicate_column", "public_comment_2"]]],
    ["a missing required column", required.filter((c) => c !== "description"), [["missing_column", "description"]]],
    ["an empty header line", [""], [["unknown_column", ""], ...required.map((c) => ["missing_column", c])]],
  ])("reports %s", (_name, header, expected) => {
    expect(codes(header)).toEqual(expected);
  });

  it.each([
    ["lati", "did you mean `lat`?"],
    ["Latitude", "did you mean `lat`?"],
    ["longitude", "did you mean `lng`?"],
    ["created-at", "did you mean `created_at`?"],
    ["Request Type", "did you mean `request_type`?"],
    ["q: What is the size of the pothole?", "did you mean `Q: What is the size of the pothole?`?"],
    ["What is the size of the pothole?", "did you mean `Q: What is the size of the pothole?`?"],
    ["public_comment_0", "`public_comment_1`"],
  ])("hints at the column meant for %j", (name, hint) => {
    const finding = analyzeHeader([...required, name], { questionTexts: ["What is the size of the pothole?"] }).findings[0];
    expect(finding?.hint).toContain(hint);
  });

  it("gives no hint for a name far from every column", () => {
    const finding = analyzeHeader([...required, "neighborhood_services_district"]).findings[0];
    expect(finding?.code).toBe("unknown_column");
    expect(finding?.hint).toBeUndefined();
  });

  it("locates columns by their first occurrence and normalises question texts", () => {
    const analysis = analyzeHeader(["Q:   Size", ...required, "lat", "public_comment_3", "import_errors"]);
    expect(analysis.fixed.lat).toBe(1);
    expect(analysis.questions).toEqual([{ index: 0, name: "Q:   Size", text: "Size" }]);
    expect(analysis.comments).toEqual([{ index: 9, name: "public_comment_3" }]);
    expect(analysis.isErrorReport).toBe(true);
  });
});
