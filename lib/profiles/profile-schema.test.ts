import { describe, expect, it } from "vitest";
import { builtinProfileInputs, builtinProfiles } from "./builtin-profiles.ts";
import { parseSourceProfile } from "./profile-schema.ts";

const minimal = { name: "mine", description: "test", columns: { lat: "Y", lng: "X", address: "Street", request_type: "Type", created_at: "Opened" } };

describe("sourceProfileSchema", () => {
  it("fills the defaults", () => {
    const parsed = parseSourceProfile(minimal);
    expect(parsed.ok && parsed.profile).toMatchObject({
      delimiter: "auto",
      nullMarkers: ["", "NA", "N/A", "NULL", "-"],
      timestamps: { formats: ["iso"] },
      foldUnusedColumns: true,
      identifyingHeaders: [],
    });
  });

  it.each<[string, unknown, string]>([
    ["a column that is not canonical", { ...minimal, columns: { ...minimal.columns, latitude: "Y" } }, 'columns.latitude: "latitude" is not a canonical column.'],
    ["a bad timestamp format", { ...minimal, timestamps: { formats: ["YYYY-MM-DD"] } }, "timestamps.formats[0]:"],
    ["a 12-hour clock without AM/PM", { ...minimal, timestamps: { formats: ["MM/dd/yyyy hh:mm"] } }, "AM/PM"],
    ["a zone that is not IANA", { ...minimal, timeZone: "Eastern" }, "timeZone: Not an IANA time zone"],
    ["an unknown delimiter", { ...minimal, delimiter: "colon" }, "delimiter:"],
    ["an unknown source kind", { ...minimal, columns: { lat: { kind: "guess", column: "Y" } } }, "columns.lat"],
    ["closed_at beside a status", { ...minimal, columns: { ...minimal.columns, closed_at: "Closed" }, status: { column: "S", open: [], closed: [] } }, "status.closedAt"],
    ["an unknown key", { ...minimal, colums: {} }, "colums"],
  ])("rejects %s", (_, input, message) => {
    const parsed = parseSourceProfile(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => `${p.path}: ${p.message}`).join("\n")).toContain(message);
  });

  it("accepts every kind of source, comment and question columns", () => {
    const parsed = parseSourceProfile({
      ...minimal,
      columns: {
        ...minimal.columns,
        summary: { kind: "template", template: "{Type}: {Detail}" },
        description: { kind: "firstOf", columns: ["Detail", "Type"] },
        auto_assignment: { kind: "constant", value: "No" },
        request_type: { kind: "valueMap", column: "Type", map: { PH: "Pothole" }, default: "Other" },
        public_comment_1: "Reply",
        "Q: What is the size of the pothole?": "Size",
      },
      status: { column: "State", open: ["Open"], closed: ["Done"], closedAt: { kind: "copy", column: "Closed", formats: ["epoch-millis"] }, closedWithoutTime: "blank" },
    });
    expect(parsed.ok).toBe(true);
  });
});

describe("built-in profiles", () => {
  it("all parse, have unique names and say what they assume", () => {
    expect(builtinProfiles()).toHaveLength(builtinProfileInputs.length);
    expect(new Set(builtinProfiles().map((p) => p.name)).size).toBe(builtinProfiles().length);
    for (const profile of builtinProfiles()) {
      expect(profile.description.length, profile.name).toBeGreaterThan(80);
      expect(profile.identifyingHeaders.length, profile.name).toBeGreaterThanOrEqual(8);
    }
    expect(builtinProfiles().map((p) => p.name)).toEqual(["publicstuff-csv", "publicstuff-api", "web-central-crt", "open311-bulk", "seeclickfix-export", "nyc-311", "boston-311"]);
  });
});
