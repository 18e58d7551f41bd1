/**
 * Point-in-boundary throughput: 1,000,000 contains() calls on a ~2,000-vertex boundary with a
 * hole, against a naive ray-casting loop over every edge and against flatbush over edges.
 *   npx tsx bench/geo.bench.ts
 */
import Flatbush from "flatbush";
import { indexBoundary } from "../lib/geo/boundary-index.ts";
import type { Boundary } from "../lib/org/org-config-schema.ts";
import { mulberry32 } from "../lib/utils/seeded-random.ts";
import { wobblyRing } from "../lib/geo/testing/shapes.ts";


const POINTS = 1_000_000;
const random = mulberry32(2024);
const outer = wobblyRing(-72.5, 42.1, 0.1, 2000, random);
const hole = wobblyRing(-72.5, 42.1, 0.03, 200, random);
const boundary: Boundary = { type: "Polygon", coordinates: [outer, hole] };

const lngs = new Float64Array(POINTS);
const lats = new Float64Array(POINTS);
for (let i = 0; i < POINTS; i++) {
  lngs[i] = -72.64 + random() * 0.28; // the bbox and a margin around it
  lats[i] = 41.96 + random() * 0.28;
}

const buildStart = performance.now();
const index = indexBoundary(boundary);
const buildMs = performance.now() - buildStart;

// Naive baseline: even-odd ray casting over every edge of every ring, per point.
const flat = [outer, hole].map((ring) => Float64Array.from(ring.flat()));
function naiveContains(lng: number, lat: number): boolean {
  let inside = false;
  for (const ring of flat) {
    const n = ring.length / 2;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const xi = ring[i * 2]!;
      const yi = ring[i * 2 + 1]!;
      const xj = ring[j * 2]!;
      const yj = ring[j * 2 + 1]!;
      if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

// Alternative: flatbush over edge boxes, searching the row from the point eastwards.
const edges: number[] = [];
for (const ring of [outer, hole]) for (let i = 1; i < ring.length; i++) edges.push(...ring[i - 1]!, ...ring[i]!);
const tree = new Flatbush(edges.length / 4);
for (let e = 0; e < edges.length; e += 4) {
  tree.add(Math.min(edges[e]!, edges[e + 2]!), Math.min(edges[e + 1]!, edges[e + 3]!), Math.max(edges[e]!, edges[e + 2]!), Math.max(edges[e + 1]!, edges[e + 3]!));
}
tree.finish();
const [, , maxLng] = index.bbox;
function flatbushContains(lng: number, lat: number): boolean {
  let inside = false;
  tree.search(lng, lat, maxLng, lat, (e) => {
    const [x1, y1, x2, y2] = [edges[e * 4]!, edges[e * 4 + 1]!, edges[e * 4 + 2]!, edges[e * 4 + 3]!];
    if (y1 > lat !== y2 > lat && lng < x1 + ((lat - y1) * (x2 - x1)) / (y2 - y1)) inside = !inside;
    return false;
  });
  return inside;
}

function time(name: string, contains: (lng: number, lat: number) => boolean, runs: number): { ns: number; inside: number } {
  let best = Infinity;
  let inside = 0;
  for (let run = 0; run < runs; run++) {
    inside = 0;
    const start = performance.now();
    for (let i = 0; i < POINTS; i++) if (contains(lngs[i]!, lats[i]!)) inside++;
    best = Math.min(best, performance.now() - start);
  }
  const ns = (best * 1e6) / POINTS;
  console.log(`${name.padEnd(22)} ${best.toFixed(0).padStart(6)} ms  ${ns.toFixed(1).padStart(8)} ns/point  (${inside} inside)`);
  return { ns, inside };
}

console.log(`boundary: ${outer.length - 1} + ${hole.length - 1} vertices; ${POINTS.toLocaleString("en-US")} points; index built in ${buildMs.toFixed(1)} ms`);
const indexed = time("indexBoundary", index.contains, 5);
const bush = time("flatbush over edges", flatbushContains, 2);
const naive = time("naive ray casting", naiveContains, 1);
console.log(`indexBoundary is ${(naive.ns / indexed.ns).toFixed(0)}x faster than naive, ${(bush.ns / indexed.ns).toFixed(1)}x faster than flatbush`);
if (indexed.inside !== naive.inside || bush.inside !== naive.inside) {
  console.error("MISMATCH: the methods disagree on the number of inside points");
  process.exitCode = 1;
}


