import { describe, expect, it } from "vitest";
import { indexBoundary } from "../../geo/boundary-index.ts";
import { checkCoordinates, checkSingleCoordinate } from "./coordinates.ts";
import type { AgencyArea } from "./request-type.ts";
import { createFileValidator, createRunContext } from "../validate.ts";
import { fixtureNow, fixtureOrg } from "../testing/fixture-org.ts";

// Public Works: lng -72.70..-72.40, lat 42.00..42.20, with a hole lng -72.60..-72.55, lat 42.05..42.10.
const index = indexBoundary({
  type: "Polygon",
  coordinates: [
    [[-72.7, 42.0], [-72.4, 42.0], [-72.4, 42.2], [-72.7, 42.2], [-72.7, 42.0]],
    [[-72.6, 42.05], [-72.55, 42.05], [-72.55, 42.1], [-72.6, 42.1], [-72.6, 42.05]],
  ],
});
const area: AgencyArea = { agency: "Public Works", contains: (lng, lat) => index.contains(lng, lat) };

describe("checkCoordinates", () => {
  it.each([
    ["inside", "42.15", "-72.50"],
    ["on the outer edge", "42.2", "-72.5"],
    ["on a corner", "42.0", "-72.4"],
    ["on the hole's edge", "42.05", "-72.58"],
    ["within 1e-9 of the edge", "42.2000000005", "-72.5"],
    ["with a plus sign and integer", "+42", "-72.5"],
  ])("accepts a point %s", (_name, lat, lng) => {
    expect(checkCoordinates(lat, lng, area)).toBeNull();
  });

  it.each([
    ["lat blank", "", "-72.5", "required", "lat", ""],
    ["lng blank", "42.1", "", "required", "lng", ""],
    ["both blank", "", "", "required", "lat,lng", ","],
    ["blank before invalid", "", "abc", "required", "lat", ""],
    ["lat not a number", "42,1", "-72.5", "invalid_number", "lat", "42,1"],
    ["lng with exponent", "42.1", "-7.25e1", "invalid_number", "lng", "-7.25e1"],
    ["NaN", "NaN", "-72.5", "invalid_number", "lat", "NaN"],
    ["trailing dot", "42.", "-72.5", "invalid_number", "lat", "42."],
    ["both not numbers", "N", "W", "invalid_number", "lat,lng", "N,W"],
    ["swapped", "-72.5", "42.1", "coordinates_swapped", "lat,lng", "-72.5,42.1"],
    ["lat out of range", "142.1", "-72.5", "out_of_range", "lat", "142.1"],
    ["lng out of range", "42.1", "-272.5", "out_of_range", "lng", "-272.5"],
    ["both out of range", "100", "200", "out_of_range", "lat,lng", "100,200"],
    ["outside the boundary", "41.20", "-72.50", "outside_boundary", "lat,lng", "41.20,-72.50"],
    ["inside the hole", "42.07", "-72.57", "outside_boundary", "lat,lng", "42.07,-72.57"],
    ["just outside (2e-9)", "42.200000002", "-72.5", "outside_boundary", "lat,lng", "42.200000002,-72.5"],
  ])("reports %s", (_name, lat, lng, code, column, value) => {
    expect(checkCoordinates(lat, lng, area)).toMatchObject({ code, column, value });
  });

  it("names the agency in the messages", () => {
    expect(checkCoordinates("41.2", "-72.5", area)?.message).toBe("The point is outside the Public Works boundary.");
    expect(checkCoordinates("-72.5", "42.1", area)?.message).toContain(
      "lat and lng look swapped: the point is inside the Public Works boundary when swapped",
    );
  });

  it.each([
    ["in range", "10", "170", null, null, null],
    ["swapped lat out of range", "120", "45", "out_of_range", "lat", "120"],
    ["out of range both ways", "120", "200", "out_of_range", "lat,lng", "120,200"],
    ["95,42.05 (in range when swapped)", "95", "42.05", "out_of_range", "lat", "95"],
  ])("without a boundary checks ranges only, never coordinates_swapped: %s", (_name, lat, lng, code, column, value) => {
    const finding = checkCoordinates(lat, lng, null);
    expect(finding === null ? null : [finding.code, finding.column, finding.value]).toEqual(code === null ? null : [code, column, value]);
  });
});

// Contract §2, "One problem per coordinate pair": coordinates_swapped only when the row's agency
// has a boundary. Through the row rules, with the fixture organization's request types.
describe("coordinates by the row's request type", () => {
  const run = createRunContext(fixtureOrg(), { now: fixtureNow });
  const header = ["lat", "lng", "address", "request_type", "summary", "description", "created_at"];
  const codes = (requestType: string, lat: string, lng: string) => {
    const validator = createFileValidator(run, "f.csv", header);
    const problems = validator.validateRecord([lat, lng, "1 Main St", requestType, "S", "D", "2024-01-01T00:00:00Z"], 1, 2);
    return problems.filter((p) => ["lat", "lng", "lat,lng"].includes(p.column ?? "")).map((p) => [p.code, p.column, p.value]);
  };

  it.each([
    ["an unknown request type, swapped", "No Such Type", "120", "42.1", [["out_of_range", "lat", "120"]]],
    ["an unknown request type, a swapped pair in range as given", "No Such Type", "-72.5", "42.1", []],
    ["an unknown request type, 95,42.05", "No Such Type", "95", "42.05", [["out_of_range", "lat", "95"]]],
    ["a type whose agency has no boundary, swapped", "Missed Pickup", "100", "10", [["out_of_range", "lat", "100"]]],
    ["a type with a boundary, swapped", "Pothole", "-72.5", "42.1", [["coordinates_swapped", "lat,lng", "-72.5,42.1"]]],
  ])("%s", (_name, requestType, lat, lng, expected) => {
    expect(codes(requestType, lat, lng)).toEqual(expected);
  });
});

describe("checkSingleCoordinate", () => {
  it.each([
    ["lat", "42.1", null],
    ["lat", "", "required"],
    ["lng", "x", "invalid_number"],
    ["lng", "-181", "out_of_range"],
    ["lat", "-90", null],
  ] as const)("%s %j", (column, value, code) => {
    expect(checkSingleCoordinate(column, value)?.code ?? null).toBe(code);
  });
});
