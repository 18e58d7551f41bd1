import { describe, expect, it } from "vitest";
import { builtinProfile } from "@/lib/profiles/builtin-profiles";
import { canonicalColumnsOf, choiceOf, distinctValues, requestTypeTarget, statusKindOf, withChoice, withRequestType, withStatusKind } from "./profile-editing";

const boston = builtinProfile("boston-311")!;

describe("profile edits of the Match columns step", () => {
  it.each([
    { column: "lat", choice: { kind: "copy" as const, column: "latitude" } },
    { column: "summary", choice: { kind: "kept" as const, label: "first of case_title, type" } },
    { column: "reporter_email", choice: { kind: "none" as const } },
  ])("reads how $column is fed", ({ column, choice }) => {
    expect(choiceOf(boston, column)).toEqual(choice);
  });

  it.each([
    { choice: { kind: "copy" as const, column: "location_street_name" }, expected: { kind: "copy", column: "location_street_name" } },
    { choice: { kind: "template" as const, template: "{location}, Boston" }, expected: { kind: "template", template: "{location}, Boston" } },
    { choice: { kind: "constant" as const, value: "Boston" }, expected: { kind: "constant", value: "Boston" } },
  ])("sets address to $choice.kind", ({ choice, expected }) => {
    const edited = withChoice(boston, "address", choice);
    expect(edited.columns.address).toEqual(expected);
    expect(boston.columns.address).toEqual({ kind: "firstOf", columns: ["location", "location_street_name"] }); // unchanged
  });

  it("removes a column's source and keeps a kept one", () => {
    expect(withChoice(boston, "lat", { kind: "none" }).columns.lat).toBeUndefined();
    expect(withChoice(boston, "summary", { kind: "kept", label: "x" })).toBe(boston);
  });

  it("lists closed_at only without a status", () => {
    expect(canonicalColumnsOf(boston)).not.toContain("closed_at");
    expect(canonicalColumnsOf({ ...boston, status: undefined })).toContain("closed_at");
  });

  it.each([
    { value: "Open", kind: "open" },
    { value: "closed", kind: "closed" },
    { value: "Pending", kind: "unknown" },
  ])("status $value is $kind, and can be moved", ({ value, kind }) => {
    expect(statusKindOf(boston, value)).toBe(kind);
    const moved = withStatusKind(boston, value, "closed");
    expect(statusKindOf(moved, value)).toBe("closed");
    expect(statusKindOf(withStatusKind(moved, value, "unknown"), value)).toBe("unknown");
  });

  it("maps source request types to the organization's and back", () => {
    const mapped = withRequestType(boston, "Request for Pothole Repair", "Pothole");
    expect(mapped.columns.request_type).toEqual({ kind: "valueMap", column: "type", map: { "Request for Pothole Repair": "Pothole" } });
    expect(requestTypeTarget(mapped, "request for pothole repair")).toBe("Pothole");
    expect(withRequestType(mapped, "Request for Pothole Repair", "").columns.request_type).toEqual({ kind: "copy", column: "type" });
  });

  it("counts distinct values, most frequent first, without blanks and null markers", () => {
    const sample = [["a", "Open"], ["b", "Closed"], ["c", "Open"], ["d", " "], ["e", "NA"]];
    expect(distinctValues(["id", "Status"], sample, "status", ["", "NA"])).toEqual(["Open", "Closed"]);
  });
});
