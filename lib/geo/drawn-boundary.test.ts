import { describe, expect, it } from "vitest";
import { drawnBoundary } from "./drawn-boundary.ts";
import { checkBoundary } from "./boundary-check.ts";

const square = [[-72.6, 42.1], [-72.59, 42.1], [-72.59, 42.11], [-72.6, 42.11], [-72.6, 42.1]];
const east = square.map(([x, y]) => [x! + 0.02, y!]);
const feature = (type: string, coordinates: unknown) => ({ type: "Feature" as const, geometry: { type, coordinates } });
const collection = (...features: ReturnType<typeof feature>[]) => ({ type: "FeatureCollection" as const, features });

describe("drawnBoundary", () => {
  it.each([
    ["one drawn polygon", feature("Polygon", [square]), { type: "Polygon", coordinates: [square] }],
    ["an edited polygon with a hole, as a collection", collection(feature("Polygon", [square, east])), { type: "Polygon", coordinates: [square, east] }],
    ["two polygons", collection(feature("Polygon", [square]), feature("Polygon", [east])), { type: "MultiPolygon", coordinates: [[square], [east]] }],
    ["an edited MultiPolygon", collection(feature("MultiPolygon", [[square], [east]])), { type: "MultiPolygon", coordinates: [[square], [east]] }],
    ["a MultiPolygon of one polygon is a Polygon", feature("MultiPolygon", [[square]]), { type: "Polygon", coordinates: [square] }],
    ["fault points and lines are not part of it", collection(feature("Point", [-72.6, 42.1]), feature("LineString", square), feature("Polygon", [square])), { type: "Polygon", coordinates: [square] }],
    ["a polygon with every vertex removed is gone", collection(feature("Polygon", [[]]), feature("Polygon", [])), null],
    ["nothing drawn", collection(), null],
  ])("%s", (_, json, expected) => {
    expect(drawnBoundary(json)).toEqual(expected);
  });

  it("gives what the boundary checks take, faults and all", () => {
    expect(checkBoundary(drawnBoundary(feature("Polygon", [square]))).faults).toEqual([]);
    const bowtie = [square[0], square[2], square[1], square[3], square[0]];
    expect(checkBoundary(drawnBoundary(feature("Polygon", [bowtie]))).faults.map((fault) => fault.code)).toEqual(["self_intersection"]);
  });
});
