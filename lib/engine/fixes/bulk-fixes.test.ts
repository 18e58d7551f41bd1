import { describe, expect, it } from "vitest";
import { bulkFixes, type FixContext } from "./bulk-fixes.ts";
import type { Problem } from "../problem.ts";
import type { OrgConfig } from "../../org/org-config-schema.ts";

const config: OrgConfig = {
  organization: { name: "Springfield", slug: "springfield", timezone: "America/New_York", defaultLocation: { lat: 42.1015, lng: -72.5898, address: "36 Court St" } },
  agencies: [{ name: "DPW" }],
  requestTypes: [{ title: "Pothole", agency: "DPW", enabled: true, questions: [{ text: "Is it deep?", kind: "boolean", required: false }, { text: "Notes", kind: "text", required: false }] }],
  users: [],
};
const context: FixContext = { config };

const problem = (code: Problem["code"], column: string | null, severity: Problem["severity"] = "error"): Problem => ({ severity, code, file: "f.csv", row: 1, line: 2, column, value: null, message: "" });

describe("swap_coordinates", () => {
  const header = ["lat", "lng", "address"];
  it.each([
    [["-72.59", " 42.10 ", "x"], [problem("coordinates_swapped", "lat,lng")], { kind: "change", changes: [{ column: "lat", value: "42.10" }, { column: "lng", value: "-72.59" }] }],
    [["42.10", "-72.59", "x"], [problem("outside_boundary", "lat,lng")], { kind: "none" }],
  ])("%j", (values, problems, expected) => {
    expect(bulkFixes.swap_coordinates.fix({ header, values, problems }, context)).toEqual(expected);
  });
});

describe("add_utc_offset", () => {
  const header = ["created_at", "closed_at"];
  it.each([
    ["winter", ["2023-01-15T08:00:00", ""], [problem("missing_offset", "created_at")], { kind: "change", changes: [{ column: "created_at", value: "2023-01-15T08:00:00-05:00" }] }],
    ["summer and winter in one row", ["2023-07-01T08:00:00.5", "2023-12-01T09:00:00"], [problem("missing_offset", "created_at"), problem("missing_offset", "closed_at")], { kind: "change", changes: [{ column: "created_at", value: "2023-07-01T08:00:00.5-04:00" }, { column: "closed_at", value: "2023-12-01T09:00:00-05:00" }] }],
    ["nothing missing", ["2023-01-15T08:00:00Z", ""], [], { kind: "none" }],
  ])("%s", (_name, values, problems, expected) => {
    expect(bulkFixes.add_utc_offset.fix({ header, values, problems }, context)).toEqual(expected);
  });

  it.each([
    ["a DST gap", "2023-03-12T02:30:00", /never happened/],
    ["a DST repeat", "2023-11-05T01:30:00", /happened twice/],
  ])("leaves %s for the CSM, saying why", (_name, value, reason) => {
    const result = bulkFixes.add_utc_offset.fix({ header, values: [value, ""], problems: [problem("missing_offset", "created_at")] }, context);
    expect(result.kind).toBe("skip");
    expect(result.kind === "skip" && result.reason).toMatch(reason);
  });
  it("fixes every cell it can: an ambiguous closed_at leaves the row's created_at fixed, and says which cell it left", () => {
    const result = bulkFixes.add_utc_offset.fix(
      { header, values: ["2023-11-04T10:00:00", "2023-11-05T01:30:00"], problems: [problem("missing_offset", "created_at"), problem("missing_offset", "closed_at")] },
      context,
    );
    expect(result).toMatchObject({ kind: "change", changes: [{ column: "created_at", value: "2023-11-04T10:00:00-04:00" }] });
    expect(result.kind === "change" && result.left).toMatch(/^closed_at: .*happened twice/);
  });
});

describe("normalize_yes_no", () => {
  const header = ["auto_assignment", "Q: Is it deep?", "Q: Notes"];
  it.each([
    [["yes", "", ""], [problem("invalid_yes_no", "auto_assignment")], [{ column: "auto_assignment", value: "Yes" }]],
    [["N", "", ""], [problem("invalid_yes_no", "auto_assignment")], [{ column: "auto_assignment", value: "No" }]],
    [["TRUE", "", ""], [problem("invalid_yes_no", "auto_assignment")], [{ column: "auto_assignment", value: "Yes" }]],
    [["", "Yes", ""], [problem("invalid_answer", "Q: Is it deep?")], [{ column: "Q: Is it deep?", value: "true" }]],
  ])("%j", (values, problems, changes) => {
    expect(bulkFixes.normalize_yes_no.fix({ header, values, problems }, context)).toEqual({ kind: "change", changes });
  });

  it.each([
    [["maybe", "", ""], [problem("invalid_yes_no", "auto_assignment")]],
    [["", "", "yes"], [problem("invalid_answer", "Q: Notes")]],
  ])("leaves %j alone", (values, problems) => {
    expect(bulkFixes.normalize_yes_no.fix({ header, values, problems }, context)).toEqual({ kind: "none" });
  });
});

describe("address_line_breaks", () => {
  it.each([
    ["12 Main St\nApt 4", "12 Main St, Apt 4"],
    ["12 Main St,\r\nSpringfield", "12 Main St, Springfield"],
    ["A\u2028B\u2029C", "A, B, C"],
  ])("%j → %j", (address, expected) => {
    expect(bulkFixes.address_line_breaks.fix({ header: ["address"], values: [address], problems: [problem("line_break_not_allowed", "address")] }, context)).toEqual({ kind: "change", changes: [{ column: "address", value: expected }] });
  });
});

describe("default_location", () => {
  const header = ["lat", "lng", "address"];
  it.each([
    [["", "", ""], [problem("required", "lat"), problem("required", "lng"), problem("required", "address")], [{ column: "lat", value: "42.1015" }, { column: "lng", value: "-72.5898" }, { column: "address", value: "36 Court St" }]],
    [["NA", "NA", "5 Elm St"], [problem("invalid_number", "lat")], [{ column: "lat", value: "42.1015" }, { column: "lng", value: "-72.5898" }]],
    // Both blank: the engine reports one `required` on "lat,lng".
    [["", "", "5 Elm St"], [problem("required", "lat,lng")], [{ column: "lat", value: "42.1015" }, { column: "lng", value: "-72.5898" }]],
  ])("%j", (values, problems, changes) => {
    expect(bulkFixes.default_location.fix({ header, values, problems }, context)).toEqual({ kind: "change", changes });
  });

  it("does not move a point that is merely outside the boundary", () => {
    expect(bulkFixes.default_location.fix({ header, values: ["40", "-70", "x"], problems: [problem("outside_boundary", "lat,lng")] }, context)).toEqual({ kind: "none" });
  });

  it("says so when the organization has no default location", () => {
    const { defaultLocation: _none, ...organization } = config.organization;
    expect(bulkFixes.default_location.fix({ header, values: ["", "", ""], problems: [problem("required", "lat")] }, { config: { ...config, organization } }).kind).toBe("skip");
  });
});

describe("map_request_types", () => {
  const header = ["request_type"];
  const mapping = new Map([["POTHOLE REPAIR", "Pothole"]]);
  it.each([
    [["POTHOLE REPAIR"], [problem("unknown_request_type", "request_type")], { kind: "change", changes: [{ column: "request_type", value: "Pothole" }] }],
    [["Graffiti"], [problem("unknown_request_type", "request_type")], { kind: "none" }],
    [["POTHOLE REPAIR"], [], { kind: "none" }],
  ])("%j", (values, problems, expected) => {
    expect(bulkFixes.map_request_types.fix({ header, values, problems }, { config, requestTypeMapping: mapping })).toEqual(expected);
  });
});
