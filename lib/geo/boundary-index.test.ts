import { describe, expect, it } from "vitest";
import type { Boundary } from "../org/org-config-schema.ts";
import { indexBoundary } from "./boundary-index.ts";
import { mulberry32 } from "../utils/seeded-random.ts";
import { wobblyRing } from "./testing/shapes.ts";

type Ring = [number, number][];

const polygon = (...rings: Ring[]): Boundary => ({ type: "Polygon", coordinates: rings });
const box = (x1: number, y1: number, x2: number, y2: number): Ring => [[x1, y1], [x2, y1], [x2, y2], [x1, y2], [x1, y1]];

// The contract's Springfield square, with a hole, and a second part further east.
const springfield = polygon(box(-72.7, 42.0, -72.4, 42.2));
const withHole = polygon(box(-72.7, 42.0, -72.4, 42.2), box(-72.6, 42.05, -72.5, 42.15));
const twoParts: Boundary = { type: "MultiPolygon", coordinates: [[box(-72.7, 42.0, -72.4, 42.2)], [box(-71.2, 42.3, -71.0, 42.4)]] };
const overlapping: Boundary = { type: "MultiPolygon", coordinates: [[box(0, 0, 2, 2)], [box(1, 1, 3, 3)]] };
// A "C" open to the east: the notch x 1..3, y 1..2 is outside.
const cShape = polygon([[0, 0], [3, 0], [3, 1], [1, 1], [1, 2], [3, 2], [3, 3], [0, 3], [0, 0]]);
// A V notch cut down from the top to a vertex at (3, 2); horizontal edges at y = 0 and y = 4.
const notched = polygon([[0, 0], [6, 0], [6, 4], [4, 4], [3, 2], [2, 4], [0, 4], [0, 0]]);
// An L: a horizontal edge from (2, 2) to (4, 2) at the query latitude 2.
const lRing: Ring = [[0, 0], [4, 0], [4, 2], [2, 2], [2, 4], [0, 4], [0, 0]];
const lShape = polygon(lRing);
// Straddling the prime meridian (Greater London-ish).
const london = polygon(box(-0.5, 51.3, 0.3, 51.7));
// A slanted edge from (0, 0) to (1, 1): its outward normal is (1, -1)/√2.
const triangle = polygon([[0, 0], [1, 1], [0, 1], [0, 0]]);
const normal = Math.SQRT1_2;

describe("indexBoundary", () => {
  it.each([
    ["inside", springfield, -72.5, 42.1, true],
    ["outside to the west", springfield, -72.8, 42.1, false],
    ["outside to the north", springfield, -72.5, 42.3, false],
    ["outside, level with the boundary", springfield, -72.39, 42.1, false],
    ["on the east edge", springfield, -72.4, 42.1, true],
    ["on the south edge (horizontal)", springfield, -72.55, 42.0, true],
    ["on the north edge (horizontal)", springfield, -72.55, 42.2, true],
    ["on the south-west vertex", springfield, -72.7, 42.0, true],
    ["on the north-east vertex", springfield, -72.4, 42.2, true],
    ["1e-10 outside the east edge", springfield, -72.4 + 1e-10, 42.1, true],
    ["1e-10 outside the north edge", springfield, -72.5, 42.2 + 1e-10, true],
    ["1e-10 outside a vertex, diagonally", springfield, -72.4 + 5e-11, 42.2 + 5e-11, true],
    ["1e-6 outside the east edge", springfield, -72.4 + 1e-6, 42.1, false],
    ["1e-6 outside the north edge", springfield, -72.5, 42.2 + 1e-6, false],
    ["1e-10 off a slanted edge", triangle, 0.5 + 1e-10 * normal, 0.5 - 1e-10 * normal, true],
    ["1e-6 off a slanted edge", triangle, 0.5 + 1e-6 * normal, 0.5 - 1e-6 * normal, false],
    ["inside a triangle", triangle, 0.25, 0.75, true],
    ["inside the hole", withHole, -72.55, 42.1, false],
    ["between the hole and the outer edge", withHole, -72.65, 42.1, true],
    ["on the hole's east edge", withHole, -72.5, 42.1, true],
    ["on the hole's south edge", withHole, -72.55, 42.05, true],
    ["on a hole vertex", withHole, -72.6, 42.15, true],
    ["1e-10 inside the hole from its edge", withHole, -72.5 - 1e-10, 42.1, true],
    ["1e-6 inside the hole from its edge", withHole, -72.5 - 1e-6, 42.1, false],
    ["MultiPolygon: first part", twoParts, -72.5, 42.1, true],
    ["MultiPolygon: second part", twoParts, -71.1, 42.35, true],
    ["MultiPolygon: on the second part's edge", twoParts, -71.0, 42.35, true],
    ["MultiPolygon: between the parts", twoParts, -71.5, 42.3, false],
    ["MultiPolygon: overlap of two parts", overlapping, 1.5, 1.5, true],
    ["MultiPolygon: only in the first of overlapping parts", overlapping, 0.5, 0.5, true],
    ["MultiPolygon: only in the second of overlapping parts", overlapping, 2.5, 2.5, true],
    ["concave: in the notch", cShape, 2, 1.5, false],
    ["concave: in the lower arm", cShape, 2, 0.5, true],
    ["concave: in the spine, level with the notch", cShape, 0.5, 1.5, true],
    ["concave: on the notch's inner edge", cShape, 1, 1.5, true],
    ["concave: on the notch's horizontal edge", cShape, 2, 1, true],
    ["across lng 0: west of the meridian", london, -0.1, 51.5, true],
    ["across lng 0: on the meridian", london, 0, 51.5, true],
    ["across lng 0: east of the meridian", london, 0.1, 51.5, true],
    ["across lng 0: outside east", london, 0.4, 51.5, false],
    ["horizontal edge at the query latitude: left of it, inside", lShape, 1, 2, true],
    ["horizontal edge at the query latitude: on it", lShape, 3, 2, true],
    ["horizontal edge at the query latitude: right of it", lShape, 5, 2, false],
    ["horizontal edge at the query latitude: left of the shape", lShape, -1, 2, false],
    ["above the horizontal edge, outside the L", lShape, 3, 3, false],
    ["level with the bottom edge, west of it", notched, -1, 0, false],
    ["level with the notch vertex, west of it", notched, 1, 2, true],
    ["on the notch vertex", notched, 3, 2, true],
    ["level with the notch vertex, east of it", notched, 5, 2, true],
    ["level with the notch vertex, outside", notched, 7, 2, false],
    ["in the notch's opening at the top", notched, 3, 4, false],
    ["in the notch", notched, 3, 3, false],
    ["on the top edge beside the notch", notched, 1, 4, true],
    ["NaN longitude", springfield, Number.NaN, 42.1, false],
    ["NaN latitude", springfield, -72.5, Number.NaN, false],
  ] as const)("%s", (_name, boundary, lng, lat, expected) => {
    expect(indexBoundary(boundary).contains(lng, lat)).toBe(expected);
  });

  it.each([
    ["Polygon", withHole, [-72.7, 42.0, -72.4, 42.2]],
    ["MultiPolygon", twoParts, [-72.7, 42.0, -71.0, 42.4]],
  ] as const)("has the bbox of a %s", (_name, boundary, bbox) => {
    expect(indexBoundary(boundary).bbox).toEqual(bbox);
  });

  it("agrees with a plain crossing-number test on 10,000 random points away from edges", () => {
    const random = mulberry32(42);
    const outer = wobblyRing(-72.5, 42.1, 0.1, 2000, random);
    const hole = wobblyRing(-72.5, 42.1, 0.03, 200, random);
    const island = wobblyRing(-72.2, 42.1, 0.05, 300, random);
    const boundary: Boundary = { type: "MultiPolygon", coordinates: [[outer, hole], [island]] };
    const index = indexBoundary(boundary);
    const rings = [outer, hole, island];
    let checked = 0;
    let inside = 0;
    for (let i = 0; i < 10_000; i++) {
      const lng = -72.65 + random() * 0.55;
      const lat = 41.95 + random() * 0.3;
      if (rings.some((ring) => distanceToRing(ring, lng, lat) < 1e-7)) continue;
      const expected = (crossings(outer, lng, lat) + crossings(hole, lng, lat)) % 2 === 1 || crossings(island, lng, lat) % 2 === 1;
      expect(index.contains(lng, lat), `${lng},${lat}`).toBe(expected);
      checked++;
      if (expected) inside++;
    }
    expect(checked).toBeGreaterThan(9_900);
    expect(inside).toBeGreaterThan(1_000);
    expect(inside).toBeLessThan(checked - 1_000);
  });

  // The L's inner edges run from the middle of its bbox, along index cell borders; turned four
  // ways, each side of each border is the outside somewhere, so tolerance must reach across.
  it.each([0, 1, 2, 3])("tolerance reaches across index cell borders (L turned %i times)", (turns) => {
    const ring = lRing.map(([x, y]) => turn(x - 2, y - 2, turns));
    const index = indexBoundary(polygon(ring));
    let onEdge = 0;
    for (const along of [1, 3]) {
      for (const offset of [-5e-10, 5e-10, -1e-6, 1e-6]) {
        for (const [lng, lat] of [[along, 2 + offset], [2 + offset, along]] as const) {
          const near = distanceToRing(ring, lng, lat) <= 1e-9;
          if (near) onEdge++;
          expect(index.contains(lng, lat), `${lng},${lat}`).toBe(near || crossings(ring, lng, lat) % 2 === 1);
        }
      }
    }
    expect(onEdge).toBe(4); // both sides of both inner edges
  });

  it.each([
    ["5e-10 off an edge is on it", 5e-10],
    ["2e-9 off an edge follows the crossing number", 2e-9],
    ["1e-7 off an edge follows the crossing number", 1e-7],
  ])("near edges: %s", (_name, distance) => {
    const random = mulberry32(distance * 1e12);
    const outer = wobblyRing(10, -5, 0.2, 1500, random);
    const hole = wobblyRing(10, -5, 0.05, 150, random);
    const index = indexBoundary(polygon(outer, hole));
    for (let i = 0; i < 2_000; i++) {
      const ring = i % 4 === 0 ? hole : outer;
      const k = 1 + Math.floor(random() * (ring.length - 1));
      const [x1, y1] = ring[k - 1]!;
      const [x2, y2] = ring[k]!;
      const t = 0.05 + 0.9 * random();
      const length = Math.hypot(x2 - x1, y2 - y1);
      const side = random() < 0.5 ? -1 : 1;
      const lng = x1 + t * (x2 - x1) + (side * distance * (y2 - y1)) / length;
      const lat = y1 + t * (y2 - y1) - (side * distance * (x2 - x1)) / length;
      const nearest = Math.min(distanceToRing(outer, lng, lat), distanceToRing(hole, lng, lat));
      if (distance > 1e-9 && nearest <= 1.5e-9) continue; // a concave corner brings another edge within tolerance
      const expected = distance < 1e-9 || (crossings(outer, lng, lat) + crossings(hole, lng, lat)) % 2 === 1;
      expect(index.contains(lng, lat), `${lng},${lat}`).toBe(expected);
    }
  });

  it("answers 1,000,000 queries (timings are in bench/geo.bench.ts)", () => {
    const random = mulberry32(7);
    const index = indexBoundary(polygon(wobblyRing(-72.5, 42.1, 0.1, 2000, random), wobblyRing(-72.5, 42.1, 0.03, 200, random)));
    let inside = 0;
    for (let i = 0; i < 1_000_000; i++) {
      if (index.contains(-72.62 + random() * 0.24, 41.98 + random() * 0.24)) inside++;
    }
    expect(inside).toBeGreaterThan(100_000);
    expect(inside).toBeLessThan(900_000);
  });
});

/** (dx, dy) turned a quarter turn anticlockwise `turns` times about (2, 2). */
function turn(dx: number, dy: number, turns: number): [number, number] {
  for (let i = 0; i < turns; i++) [dx, dy] = [-dy, dx];
  return [2 + dx, 2 + dy];
}

/** Plain even-odd crossing count of a horizontal ray to the east (the reference). */
function crossings(ring: Ring, lng: number, lat: number): number {
  let count = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) count++;
  }
  return count;
}

function distanceToRing(ring: Ring, lng: number, lat: number): number {
  let best = Infinity;
  for (let i = 1; i < ring.length; i++) {
    const [x1, y1] = ring[i - 1]!;
    const [x2, y2] = ring[i]!;
    const dx = x2 - x1;
    const dy = y2 - y1;
    const t = Math.max(0, Math.min(1, ((lng - x1) * dx + (lat - y1) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(x1 + t * dx - lng, y1 + t * dy - lat));
  }
  return best;
}


