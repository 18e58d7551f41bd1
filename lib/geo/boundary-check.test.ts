import { describe, expect, it } from "vitest";
import { checkBoundary, checkBoundaryText, type BoundaryFaultCode } from "./boundary-check.ts";

// A ~1.1 km square in Springfield, MA, and shapes made from it.
const square = [[-72.6, 42.1], [-72.59, 42.1], [-72.59, 42.11], [-72.6, 42.11], [-72.6, 42.1]];
const hole = [[-72.598, 42.102], [-72.592, 42.102], [-72.592, 42.108], [-72.598, 42.108], [-72.598, 42.102]];
const bowtie = [[-72.6, 42.1], [-72.59, 42.11], [-72.59, 42.1], [-72.6, 42.11], [-72.6, 42.1]];
const polygon = (...rings: number[][][]) => ({ type: "Polygon", coordinates: rings });
const feature = (geometry: unknown) => ({ type: "Feature", properties: {}, geometry });

type Case = [string, unknown, BoundaryFaultCode[], string | null];

describe("checkBoundary", () => {
  it.each<Case>([
    ["a square", polygon(square), [], null],
    ["a square with a hole", polygon(square, hole), [], null],
    ["a Feature", feature(polygon(square)), [], null],
    ["a FeatureCollection of two polygons becomes a MultiPolygon", { type: "FeatureCollection", features: [feature(polygon(square)), feature(polygon(square.map(([x, y]) => [x! + 0.02, y!])))] }, [], null],
    ["a MultiPolygon", { type: "MultiPolygon", coordinates: [[square], [square.map(([x, y]) => [x!, y! + 0.02])]] }, [], null],
    ["an unclosed ring", polygon(square.slice(0, 4).concat([[-72.6, 42.105]])), ["ring_not_closed"], "outer ring, position 5"],
    ["too few positions", polygon([[-72.6, 42.1], [-72.59, 42.1], [-72.6, 42.1]]), ["too_few_positions"], "outer ring"],
    ["a latitude out of range", polygon(square.map(([x, y], i) => (i === 2 ? [x!, 142.11] : [x!, y!]))), ["out_of_range"], "outer ring, position 3"],
    ["swapped coordinates (Los Angeles)", polygon(square.map(([x, y]) => [y! - 8.05, x! - 45.6])), ["out_of_range", "out_of_range", "out_of_range", "out_of_range", "out_of_range"], "outer ring, position 1"],
    ["a bow tie", polygon(bowtie), ["self_intersection"], null],
    ["a hole outside its polygon", polygon(square, hole.map(([x, y]) => [x! + 0.05, y!])), ["hole_outside"], "ring 2 (a hole)"],
    ["a hole crossing the outer ring", polygon(square, hole.map(([x, y]) => [x! + 0.008, y!])), ["self_intersection", "self_intersection"], null],
    ["a second polygon's fault names its polygon", { type: "MultiPolygon", coordinates: [[square], [bowtie.map(([x, y]) => [x!, y! + 0.05])]] }, ["self_intersection"], "polygon 2"],
    ["an edge across the antimeridian", polygon([[179.9, 51], [-179.9, 51], [-179.9, 52], [179.9, 52], [179.9, 51]]), ["crosses_antimeridian", "crosses_antimeridian"], "outer ring, position 2"],
    ["the antimeridian as two polygons", { type: "MultiPolygon", coordinates: [[[[179.9, 51], [180, 51], [180, 52], [179.9, 52], [179.9, 51]]], [[[-180, 51], [-179.9, 51], [-179.9, 52], [-180, 52], [-180, 51]]]] }, [], null],
    ["a point-sized polygon", polygon([[-72.6, 42.1], [-72.59999, 42.1], [-72.59999, 42.10001], [-72.6, 42.1]]), ["too_small"], null],
    ["half a continent", polygon([[-120, 30], [-80, 30], [-80, 48], [-120, 48], [-120, 30]]), ["too_large"], null],
    ["a LineString", { type: "LineString", coordinates: square }, ["not_an_area"], null],
    ["a Feature without geometry", { type: "Feature", properties: {}, geometry: null }, ["not_an_area"], null],
    ["no type", { coordinates: [square] }, ["not_geojson"], null],
    ["strings for numbers", polygon(square.map(([x, y]) => [String(x), String(y)]) as never), ["not_geojson"], null],
  ])("%s", (_, json, codes, where) => {
    const check = checkBoundary(json);
    expect(check.faults.map((fault) => fault.code)).toEqual(codes);
    if (where !== null) expect(check.faults[0]!.where).toBe(where);
    const blocking = check.faults.some((fault) => fault.severity === "error");
    expect(check.boundary === null).toBe(blocking);
  });

  it("stores one polygon as a Polygon, several as a MultiPolygon, and measures the area", () => {
    expect(checkBoundary(feature(polygon(square))).boundary?.type).toBe("Polygon");
    const check = checkBoundary({ type: "FeatureCollection", features: [feature(polygon(square)), feature(polygon(square.map(([x, y]) => [x! + 0.02, y!])))] });
    expect(check.boundary?.type).toBe("MultiPolygon");
    expect(check.areaKm2).toBeGreaterThan(1.5);
    expect(check.areaKm2).toBeLessThan(2.0);
  });

  it("says when longitude and latitude look swapped", () => {
    expect(checkBoundary(polygon(square.map(([x, y]) => [y! - 8.05, x! - 45.6]))).faults[0]!.message).toContain("look swapped");
  });

  it("puts a fault on the map where it is", () => {
    const [kink] = checkBoundary(polygon(bowtie)).faults;
    expect(kink!.at![0]).toBeCloseTo(-72.595, 6);
    expect(kink!.at![1]).toBeCloseTo(42.105, 6);
    expect(checkBoundary(polygon(square.slice(0, 4).concat([[-72.6, 42.105]]))).faults[0]!.at).toEqual([-72.6, 42.105]);
  });

  it("says when text is not JSON, and reads a file with a byte-order mark", () => {
    expect(checkBoundaryText("{ nope").faults[0]).toMatchObject({ code: "not_geojson", message: expect.stringContaining("not JSON") });
    expect(checkBoundaryText(`\uFEFF${JSON.stringify(polygon(square))}`).faults).toEqual([]);
  });
});
