import { describe, expect, it } from "vitest";
import { columnShape } from "./column-shapes.ts";
import { inferProfile, nameScore } from "./infer-profile.ts";

describe("nameScore", () => {
  it.each<[string, Parameters<typeof nameScore>[1], number]>([
    ["lat", "lat", 1],
    ["LAT", "lat", 0.95],
    ["Latitude", "lat", 0.85],
    ["Y", "lat", 0.85],
    ["Created Date", "created_at", 0.85],
    ["open_dt", "created_at", 0.85],
    ["Complaint Type", "request_type", 0.85],
    ["Lattitude", "lat", 0.75],
    ["Date Creatd", "created_at", 0.75],
    ["Complant Typ", "request_type", 0.6],
    ["Borough", "address", 0],
  ])("%s as %s: %s", (header, target, score) => expect(nameScore(header, target)).toBe(score));
});

describe("columnShape: timestamp formats decided from the whole column", () => {
  it.each<[string, string[], string[], boolean]>([
    ["naive ISO", ["2022-01-21 13:47:00", "2022-01-19 11:18:00"], ["iso"], false],
    ["ISO with offsets", ["2010-04-14T06:37:38-08:00", "2010-04-14T15:37:38Z"], ["iso"], false],
    ["month-first, 12-hour", ["02/01/2023 11:44:53 PM", "12/31/2023 01:00:00 AM"], ["M/d/yyyy h:mm:ss a"], false],
    ["day-first settled by one day above 12", ["05/01/2022 13:47", "21/01/2022 08:30"], ["d/M/yyyy H:mm"], false],
    ["both orders fit: month-first, flagged", ["05/01/2022 13:47", "06/02/2022 08:30"], ["M/d/yyyy H:mm"], true],
    ["dates with and without a time", ["3/4/2021 9:15 AM", "03/07/2021"], ["M/d/yyyy h:mm a", "M/d/yyyy"], true],
    ["epoch seconds", ["1538492521", "1533250609"], ["epoch-seconds"], false],
    ["epoch milliseconds", ["1538492521000", "1533250609123"], ["epoch-millis"], false],
    ["12-digit IDs are no timestamps", ["101004143000", "101004130437"], [], false],
    ["free text", ["Pothole", "Needle Pickup"], [], false],
    ["one value fits nothing", ["2022-01-21 13:47:00", "soon"], [], false],
  ])("%s", (_, values, formats, ambiguous) => {
    const shape = columnShape(values);
    expect(shape.formats).toEqual(formats);
    expect(shape.ambiguousDayOrder).toBe(ambiguous);
  });
});

describe("inferProfile", () => {
  it("matches by synonyms and shape, with a confidence each", () => {
    const header = ["Ref", "Opened", "Closed", "Kind", "Details", "Street", "Northing", "Easting", "State"];
    const sample = [
      ["A-1", "05/01/2022 13:47", "06/01/2022 09:00", "Pothole", "Hole", "12 Main St", "42.1015", "-72.5898", "Closed"],
      ["A-2", "21/01/2022 08:30", "", "Streetlight", "Out", "5 Elm St", "42.1100", "-72.5800", "Open"],
      ["A-3", "03/02/2022 17:05", "", "Pothole", "Deep", "7 Oak St", "42.1050", "-72.5850", "In progress"],
    ];
    const { profile, matches } = inferProfile(header, sample, { fileName: "city.csv" });
    const byColumn = Object.fromEntries(matches.map((m) => [m.column, [m.source, m.confidence]]));
    expect(byColumn).toMatchObject({
      lat: ["Northing", 0.5],
      lng: ["Easting", 0.5],
      created_at: ["Opened", 0.85],
      // Its one date reads both ways; the file's other dates are day-first, so it is too.
      closed_at: ["Closed", 0.85],
      status: ["State", 0.85],
      description: ["Details", 0.85],
      address: ["Street", 0.85],
    });
    expect(profile.columns.created_at).toEqual({ kind: "copy", column: "Opened", formats: ["d/M/yyyy H:mm"] });
    expect(profile.status).toMatchObject({ column: "State", closed: ["Closed"], open: ["Open", "In progress"], closedAt: { column: "Closed" } });
    expect(profile.description).toContain("city.csv");
  });

  it("takes names before shape, and does not take one column twice", () => {
    const header = ["Latitude", "Longitude", "Y", "Complaint Type", "Created Date", "Incident Address"];
    const sample = [["40.81", "-73.95", "40.81", "Noise", "02/01/2023 11:44:53 PM", "1 Main St"]];
    const { profile } = inferProfile(header, sample);
    expect(profile.columns).toMatchObject({ lat: "Latitude", lng: "Longitude", request_type: "Complaint Type", address: "Incident Address" });
    expect(profile.columns.created_at).toMatchObject({ column: "Created Date", formats: ["M/d/yyyy h:mm:ss a"] });
  });

  it("refuses a name whose values do not fit (a 'Latitude' of words)", () => {
    const { matches } = inferProfile(["Latitude", "Longitude", "lat"], [["north", "-74.0", "40.7"]]);
    expect(matches.find((m) => m.column === "lat")?.source).toBe("lat");
  });

  it.each([
    ["Q: What is the size of the pothole?", "Q: What is the size of the pothole?"],
    ["Q:Pole number", "Q:Pole number"],
    ["Public_Comment_2", "public_comment_2"],
    ["internal_comment_1", "internal_comment_1"],
    ["acknowledge_message", "acknowledge_message"],
    ["AUTO_ASSIGNMENT", "auto_assignment"],
    ["Q:", null],
    ["internal_comment_0", null],
    ["Ward", null],
  ])("a source header named as the format names its column (%j) is that column", (header, column) => {
    const { profile } = inferProfile(["Latitude", "Longitude", header], [["42.1", "-72.5", "x"]]);
    if (column === null) expect(Object.values(profile.columns)).not.toContain(header);
    else expect(profile.columns[column]).toBe(header);
  });

  it("leaves what it cannot match unmatched", () => {
    const { profile } = inferProfile(["a", "b"], [["1", "2"]]);
    expect(profile.columns.request_type).toBeUndefined();
  });
});
