import type { Boundary } from "../org/org-config-schema.ts";

/**
 * Point-in-boundary for agency boundaries (contract §1, §2): GeoJSON Polygon or MultiPolygon,
 * [lng, lat] in WGS84 degrees, holes respected, and a point on an edge (outer or hole), or
 * within EDGE_TOLERANCE degrees of one, inside.
 *
 * Why a slab index rather than flatbush: the crossing-number test needs every edge that
 * crosses the query's latitude to one side, i.e. a whole horizontal row, not a 2-D box. So the
 * boundary's latitude range is cut into about as many equal bands as it has edges, and each
 * band lists (copies of) the edges whose latitude range, widened by the tolerance, meets it.
 * A query reads one band, typically a handful of edges in contiguous memory, and allocates
 * nothing; flatbush.search allocates per call and walks a tree for the same answer (see
 * bench/geo.bench.ts). The widening also puts every edge within tolerance in the band, so the
 * distance check needs no second lookup.
 */

export const EDGE_TOLERANCE = 1e-9;

export interface BoundaryIndex {
  /** True when the point is inside, on an edge, or within EDGE_TOLERANCE of an edge. */
  contains(lng: number, lat: number): boolean;
  /** [minLng, minLat, maxLng, maxLat] of all positions. */
  readonly bbox: [number, number, number, number];
}

// Each band entry is STRIDE numbers: the edge's endpoints, dx/dy, its bbox widened by the
// tolerance, and the index of its polygon (entries of a band are in polygon order).
const STRIDE = 10;
const MAX_BANDS = 1 << 16;
const MAX_GRID = 512;
const OUTSIDE = 0;
const INSIDE = 1;
const MIXED = 2;

type PointTest = (lng: number, lat: number) => boolean;

export function indexBoundary(boundary: Boundary): BoundaryIndex {
  const polygons = boundary.type === "Polygon" ? [boundary.coordinates] : boundary.coordinates;
  const { edges, bbox } = collectEdges(polygons);
  if (edges.length === 0) return { bbox, contains: () => false };
  const [minX, minY, maxX, maxY] = bbox;
  const eps = EDGE_TOLERANCE;
  const area: Area = { loX: minX - eps, hiX: maxX + eps, originY: minY - eps, hiY: maxY + eps, height: maxY + eps - (minY - eps) };
  const scan = bandScanner(edges, area);
  const grid = cellGrid(edges, area, scan);
  return { bbox, contains: gridContains(area, grid, scan) };
}

/** The boundary's box widened by the tolerance; `height` is hiY - originY. */
type Area = { loX: number; hiX: number; originY: number; hiY: number; height: number };

/**
 * Edges as [x1, y1, x2, y2, polygon], polygon by polygon, and the bbox of all positions.
 * Zero-length edges are dropped (the neighbouring edges cover their point); an unclosed ring is
 * closed.
 */
function collectEdges(polygons: readonly (readonly (readonly (readonly number[])[])[])[]): {
  edges: number[];
  bbox: [number, number, number, number];
} {
  const edges: number[] = [];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  polygons.forEach((rings, polygon) => {
    for (const ring of rings) {
      const n = ring.length;
      for (let i = 0; i < n; i++) {
        const a = ring[i] as readonly number[];
        const b = ring[(i + 1) % n] as readonly number[];
        const x1 = a[0] as number;
        const y1 = a[1] as number;
        const x2 = b[0] as number;
        const y2 = b[1] as number;
        if (x1 < minX) minX = x1;
        if (x1 > maxX) maxX = x1;
        if (y1 < minY) minY = y1;
        if (y1 > maxY) maxY = y1;
        if (x1 !== x2 || y1 !== y2) edges.push(x1, y1, x2, y2, polygon);
      }
    }
  });
  return { edges, bbox: [minX, minY, maxX, maxY] };
}

/** The exact test: crossing parity over the query's band, plus the on-edge tolerance. */
function bandScanner(edges: readonly number[], area: Area): PointTest {
  const { offsets, data, bandOf } = bandEdges(edges, area);
  const eps2 = EDGE_TOLERANCE * EDGE_TOLERANCE;
  return function scan(lng: number, lat: number): boolean {
    const band = bandOf(lat);
    const end = offsets[band + 1]! * STRIDE;
    let inside = false;
    let polygon = -1;
    for (let o = offsets[band]! * STRIDE; o < end; o += STRIDE) {
      // Crossing parity is per polygon, so overlapping parts of a MultiPolygon do not cancel.
      const p = data[o + 9]!;
      if (p !== polygon) {
        if (inside) return true;
        polygon = p;
      }
      if (lat < data[o + 7]! || lat > data[o + 8]!) continue; // too far above or below
      if (lng > data[o + 6]!) continue; // right of the edge: no crossing, not near
      const x1 = data[o]!;
      const y1 = data[o + 1]!;
      const y2 = data[o + 3]!;
      const crosses = y1 > lat !== y2 > lat; // half-open rule: vertices and horizontal edges count once or not at all
      if (lng < data[o + 5]!) {
        if (crosses) inside = !inside; // wholly to the right of the point
        continue;
      }
      // Within the edge's widened box: on (or within tolerance of) the edge is inside.
      const dx = data[o + 2]! - x1;
      const dy = y2 - y1;
      let t = ((lng - x1) * dx + (lat - y1) * dy) / (dx * dx + dy * dy);
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ex = x1 + t * dx - lng;
      const ey = y1 + t * dy - lat;
      if (ex * ex + ey * ey <= eps2) return true;
      if (crosses && lng < x1 + (lat - y1) * data[o + 4]!) inside = !inside;
    }
    return inside;
  };
}

/**
 * The latitude range cut into about as many bands as there are edges; each band lists (copies
 * of) the edges whose widened latitude range meets it, STRIDE numbers an edge.
 */
function bandEdges(edges: readonly number[], { originY, height }: Area): { offsets: Uint32Array; data: Float64Array; bandOf: (y: number) => number } {
  const eps = EDGE_TOLERANCE;
  const edgeCount = edges.length / 5;
  const bandCount = Math.max(1, Math.min(MAX_BANDS, edgeCount));
  const perBand = height > 0 ? bandCount / height : 0;
  // The same expression classifies edges and queries; it is monotone in y, so an edge whose
  // widened latitude range holds a query's latitude is always in that query's band.
  const bandOf = (y: number) => Math.min(bandCount - 1, Math.floor((y - originY) * perBand));

  const offsets = new Uint32Array(bandCount + 1);
  for (let e = 0; e < edgeCount; e++) {
    const y1 = edges[e * 5 + 1] as number;
    const y2 = edges[e * 5 + 3] as number;
    const last = bandOf(Math.max(y1, y2) + eps);
    for (let band = bandOf(Math.min(y1, y2) - eps); band <= last; band++) offsets[band + 1]!++;
  }
  for (let band = 0; band < bandCount; band++) offsets[band + 1]! += offsets[band]!;

  const data = new Float64Array(offsets[bandCount]! * STRIDE);
  const fill = offsets.slice(0, bandCount);
  for (let e = 0; e < edgeCount; e++) {
    const [x1, y1, x2, y2, polygon] = edges.slice(e * 5, e * 5 + 5) as [number, number, number, number, number];
    const lowY = Math.min(y1, y2) - eps;
    const highY = Math.max(y1, y2) + eps;
    for (let band = bandOf(lowY), last = bandOf(highY); band <= last; band++) {
      const o = fill[band]!++ * STRIDE;
      data[o] = x1;
      data[o + 1] = y1;
      data[o + 2] = x2;
      data[o + 3] = y2;
      data[o + 4] = y1 === y2 ? 0 : (x2 - x1) / (y2 - y1);
      data[o + 5] = Math.min(x1, x2) - eps;
      data[o + 6] = Math.max(x1, x2) + eps;
      data[o + 7] = lowY;
      data[o + 8] = highY;
      data[o + 9] = polygon;
    }
  }
  return { offsets, data, bandOf };
}

type Grid = {
  side: number;
  perCol: number;
  perRow: number;
  colOf: (x: number) => number;
  rowOf: (y: number) => number;
  /** OUTSIDE, INSIDE or MIXED, row by row. */
  cells: Uint8Array;
};

/**
 * A coarse grid in front of the bands: a cell that no (widened) edge touches is wholly inside
 * or wholly outside, so most queries are answered by one lookup; only cells along the
 * boundary fall through to scan().
 */
function cellGrid(edges: readonly number[], { loX, hiX, originY, height }: Area, scan: PointTest): Grid {
  const side = Math.max(8, Math.min(MAX_GRID, Math.round(4 * Math.sqrt(edges.length / 5))));
  const perCol = hiX > loX ? side / (hiX - loX) : 0;
  const perRow = height > 0 ? side / height : 0;
  const colOf = (x: number) => Math.min(side - 1, Math.floor((x - loX) * perCol));
  const rowOf = (y: number) => Math.min(side - 1, Math.floor((y - originY) * perRow));
  const grid: Grid = { side, perCol, perRow, colOf, rowOf, cells: new Uint8Array(side * side) }; // OUTSIDE until marked
  markEdgeCells(edges, grid, originY);
  // Neighbouring edge-free cells in a row share a side no edge crosses, so one scan per run.
  const cells = grid.cells;
  for (let row = 0; row < side; row++) {
    let state = -1;
    for (let col = 0; col < side; col++) {
      const i = row * side + col;
      if (cells[i] === MIXED) {
        state = -1;
        continue;
      }
      if (state < 0) state = scan(loX + (col + 0.5) / perCol, originY + (row + 0.5) / perRow) ? INSIDE : OUTSIDE;
      cells[i] = state;
    }
  }
  return grid;
}

/** Marks MIXED every cell a (widened) edge touches. */
function markEdgeCells(edges: readonly number[], { side, perRow, colOf, rowOf, cells }: Grid, originY: number): void {
  const eps = EDGE_TOLERANCE;
  for (let e = 0; e < edges.length / 5; e++) {
    const [x1, y1, x2, y2] = edges.slice(e * 5, e * 5 + 4) as [number, number, number, number];
    const lowY = Math.min(y1, y2) - eps;
    const highY = Math.max(y1, y2) + eps;
    for (let row = rowOf(lowY), last = rowOf(highY); row <= last; row++) {
      // The part of the edge within this row (widened, to stay conservative under rounding).
      let xa = Math.min(x1, x2);
      let xb = Math.max(x1, x2);
      if (y1 !== y2) {
        const ta = clamp01((originY + row / perRow - eps - y1) / (y2 - y1));
        const tb = clamp01((originY + (row + 1) / perRow + eps - y1) / (y2 - y1));
        xa = Math.min(x1 + ta * (x2 - x1), x1 + tb * (x2 - x1));
        xb = Math.max(x1 + ta * (x2 - x1), x1 + tb * (x2 - x1));
      }
      for (let col = colOf(xa - eps), lastCol = colOf(xb + eps); col <= lastCol; col++) cells[row * side + col] = MIXED;
    }
  }
}

/** One grid lookup; scan() only for a cell an edge touches. */
function gridContains({ loX, hiX, originY, hiY }: Area, { side, colOf, rowOf, cells }: Grid, scan: PointTest): PointTest {
  return function contains(lng: number, lat: number): boolean {
    // Written so that NaN fails every comparison and is outside.
    if (!(lng >= loX && lng <= hiX && lat >= originY && lat <= hiY)) return false;
    const cell = cells[rowOf(lat) * side + colOf(lng)];
    return cell === MIXED ? scan(lng, lat) : cell === INSIDE;
  };
}

function clamp01(t: number): number {
  return t < 0 ? 0 : t > 1 ? 1 : t;
}
