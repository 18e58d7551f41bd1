import { describe, expect, it } from "vitest";
import { compileGetter, HeaderIndex, looseName, templateParts } from "./column-getters.ts";
import { normalizeSource, type ColumnSource } from "./profile-schema.ts";

const header = ["Complaint Type", "Descriptor", "Incident Address", "Street Name", "Status", "Borough"];

/** Runs a source over a row of cleaned values: [written value, extra comment lines]. */
function run(source: ColumnSource, values: string[], quiet: number[] = []): [string, string[]] {
  const extras: string[] = [];
  const value = compileGetter(normalizeSource(source), new HeaderIndex(header), new Set(quiet))(values, extras);
  return [value, extras];
}

const row = (over: Partial<Record<string, string>>) => header.map((name) => over[name] ?? "");

describe("column sources", () => {
  it.each<[string, ColumnSource, string[], [string, string[]]]>([
    ["copy (shorthand)", "Descriptor", row({ Descriptor: "Loud Music" }), ["Loud Music", []]],
    ["copy ignoring case and spacing", { kind: "copy", column: "incident_address" }, row({ "Incident Address": "1 Main St" }), ["1 Main St", []]],
    ["copy of a column the file lacks", "Nope", row({}), ["", []]],
    ["constant", { kind: "constant", value: "Pothole" }, row({}), ["Pothole", []]],
    ["template", { kind: "template", template: "{Complaint Type}: {Descriptor}" }, row({ "Complaint Type": "Noise", Descriptor: "Party" }), ["Noise: Party", []]],
    ["template, last part blank", { kind: "template", template: "{Complaint Type}: {Descriptor}" }, row({ "Complaint Type": "Noise" }), ["Noise", []]],
    ["template, first part blank", { kind: "template", template: "{Complaint Type}: {Descriptor}" }, row({ Descriptor: "Party" }), ["Party", []]],
    ["template, middle blank", { kind: "template", template: "{Complaint Type} ({Descriptor}) in {Borough}" }, row({ "Complaint Type": "Noise", Borough: "BRONX" }), ["Noise in BRONX", []]],
    ["template, all blank", { kind: "template", template: "Type {Complaint Type}" }, row({}), ["", []]],
    ["template, leading text kept", { kind: "template", template: "Type {Complaint Type}" }, row({ "Complaint Type": "Noise" }), ["Type Noise", []]],
    ["firstOf, first has a value", { kind: "firstOf", columns: ["Incident Address", "Street Name"] }, row({ "Incident Address": "1 Main St", "Street Name": "MAIN ST" }), ["1 Main St", ["Street Name: MAIN ST"]]],
    ["firstOf, falls through", { kind: "firstOf", columns: ["Incident Address", "Street Name"] }, row({ "Street Name": "MAIN ST" }), ["MAIN ST", []]],
    ["firstOf, passed-over column written elsewhere", { kind: "firstOf", columns: ["Incident Address", "Street Name"] }, row({ "Incident Address": "1 Main St", "Street Name": "MAIN ST" }), ["1 Main St", []]],
    ["valueMap", { kind: "valueMap", column: "Status", map: { "In Progress": "open" } }, row({ Status: "IN_PROGRESS" }), ["open", ["Status: IN_PROGRESS"]]],
    ["valueMap, unlisted kept", { kind: "valueMap", column: "Status", map: { Closed: "closed" } }, row({ Status: "Pending" }), ["Pending", []]],
    ["valueMap, unlisted default", { kind: "valueMap", column: "Status", map: { Closed: "closed" }, default: "open" }, row({ Status: "Pending" }), ["open", ["Status: Pending"]]],
  ])("%s", (name, source, values, expected) => {
    expect(run(source, values, name.includes("written elsewhere") ? [3] : [])).toEqual(expected);
  });
});

describe("templateParts and looseName", () => {
  it("splits a template", () => {
    expect(templateParts("{A}: {B} ({C})")).toEqual({ literals: ["", ": ", " (", ")"], names: ["A", "B", "C"] });
  });
  it.each([
    ["Date Created", "datecreated"],
    ["date_created", "datecreated"],
    ["X Coordinate (State Plane)", "xcoordinatestateplane"],
    ["geo_location.latitude", "geolocationlatitude"],
  ])("%s → %s", (name, loose) => expect(looseName(name)).toBe(loose));
});
