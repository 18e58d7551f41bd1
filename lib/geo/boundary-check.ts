import turfArea from "@turf/area";
import booleanWithin from "@turf/boolean-within";
import { polygon as turfPolygon } from "@turf/helpers";
import kinks from "@turf/kinks";
import type { Boundary } from "../org/org-config-schema.ts";

/**
 * Checks an agency boundary a CSM uploads or draws (issue #15) before it is saved: what was
 * given (GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection of them), closed rings,
 * WGS84 ranges, no self-intersection, holes inside their polygon, no edge across the
 * antimeridian, and a size a city's agency can have. Each fault names where it is (polygon,
 * ring, position and the point), so the map can show it. The geometry comes from turf.
 */

export type BoundaryFaultCode =
  | "not_geojson"
  | "not_an_area"
  | "too_few_positions"
  | "ring_not_closed"
  | "out_of_range"
  | "self_intersection"
  | "hole_outside"
  | "crosses_antimeridian"
  | "too_small"
  | "too_large";

export type BoundaryFault = {
  code: BoundaryFaultCode;
  /** Errors block saving; warnings (the size) ask the CSM to look again. */
  severity: "error" | "warning";
  message: string;
  /** Where: "polygon 2, ring 1 (a hole), position 7"; null for the whole boundary. */
  where: string | null;
  /** The point to show on the map, [lng, lat], when there is one. */
  at: [number, number] | null;
};

export type BoundaryCheck = {
  faults: BoundaryFault[];
  /** The boundary as it will be stored (Polygon or MultiPolygon), when it has no error. */
  boundary: Boundary | null;
  /** Its area in km², when it could be measured. */
  areaKm2: number | null;
};

/** Below this an agency's area is probably a mistake (a point, or coordinates in the wrong unit). */
export const MIN_AREA_KM2 = 0.01;
/** Above this it is larger than any city's agency (the largest US counties are ~50,000 km²). */
export const MAX_AREA_KM2 = 100_000;

type Position = number[];
type Ring = Position[];
type PolygonCoordinates = Ring[];

/** Checks GeoJSON text (an uploaded file or pasted text). */
export function checkBoundaryText(text: string): BoundaryCheck {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    return failed("not_geojson", `This is not JSON: ${error instanceof Error ? error.message : String(error)}.`);
  }
  return checkBoundary(json);
}

/** Checks parsed GeoJSON. */
export function checkBoundary(json: unknown): BoundaryCheck {
  const collected = collectPolygons(json);
  if ("fault" in collected) return { faults: [collected.fault], boundary: null, areaKm2: null };
  const faults: BoundaryFault[] = [];
  const { polygons } = collected;
  polygons.forEach((polygon, p) => faults.push(...ringFaults(polygon, p, polygons.length)));
  // Intersections, holes and area are only asked of rings that are well formed.
  if (faults.some((fault) => fault.severity === "error")) return { faults, boundary: null, areaKm2: null };
  polygons.forEach((polygon, p) => faults.push(...shapeFaults(polygon, p, polygons.length)));
  if (faults.length > 0) return { faults, boundary: null, areaKm2: null }; // a crossed shape has no meaningful area
  // Positions were checked above to be [longitude, latitude, …] numbers, as Boundary has them.
  const boundary = (polygons.length === 1 ? { type: "Polygon", coordinates: polygons[0] } : { type: "MultiPolygon", coordinates: polygons }) as Boundary;
  const areaKm2 = turfArea(boundary) / 1e6;
  faults.push(...sizeFaults(areaKm2, polygons));
  return { faults, boundary: faults.some((fault) => fault.severity === "error") ? null : boundary, areaKm2 };
}

function failed(code: BoundaryFaultCode, message: string): BoundaryCheck {
  return { faults: [{ code, severity: "error", message, where: null, at: null }], boundary: null, areaKm2: null };
}

type Collected = { polygons: PolygonCoordinates[] } | { fault: BoundaryFault };

/** The polygons of a Polygon, MultiPolygon, Feature or FeatureCollection. */
function collectPolygons(json: unknown, where = ""): Collected {
  const fault = (code: BoundaryFaultCode, message: string): Collected => ({ fault: { code, severity: "error", message, where: where || null, at: null } });
  if (!json || typeof json !== "object" || !("type" in json)) return fault("not_geojson", "This is not GeoJSON: it needs a `type` (Polygon, MultiPolygon, Feature or FeatureCollection).");
  const value = json as { type: unknown; coordinates?: unknown; geometry?: unknown; features?: unknown };
  switch (value.type) {
    case "Polygon":
      return isCoordinates(value.coordinates, 3) ? { polygons: [value.coordinates as PolygonCoordinates] } : fault("not_geojson", "A Polygon's coordinates must be a list of rings, each a list of [longitude, latitude] positions.");
    case "MultiPolygon":
      return isCoordinates(value.coordinates, 4) ? { polygons: value.coordinates as PolygonCoordinates[] } : fault("not_geojson", "A MultiPolygon's coordinates must be a list of polygons, each a list of rings of [longitude, latitude] positions.");
    case "Feature":
      return value.geometry ? collectPolygons(value.geometry, where) : fault("not_an_area", "This Feature has no geometry.");
    case "FeatureCollection": {
      if (!Array.isArray(value.features) || value.features.length === 0) return fault("not_an_area", "This FeatureCollection has no features.");
      const polygons: PolygonCoordinates[] = [];
      for (const [index, feature] of value.features.entries()) {
        const one = collectPolygons(feature, `feature ${index + 1}`);
        if ("fault" in one) return one;
        polygons.push(...one.polygons);
      }
      return { polygons };
    }
    case "Point":
    case "MultiPoint":
    case "LineString":
    case "MultiLineString":
    case "GeometryCollection":
      return fault("not_an_area", `A ${value.type} is not an area: a boundary is a Polygon or a MultiPolygon.`);
    default:
      return fault("not_geojson", `\`${String(value.type)}\` is not a GeoJSON type.`);
  }
}

/** Nested arrays `depth` deep whose innermost items are numbers. */
function isCoordinates(value: unknown, depth: number): boolean {
  if (!Array.isArray(value)) return false;
  if (depth === 1) return value.length >= 2 && value.every((n) => typeof n === "number" && Number.isFinite(n));
  return value.length > 0 && value.every((item) => isCoordinates(item, depth - 1));
}

function place(p: number, polygons: number, r: number, position?: number): string {
  const parts = [...(polygons > 1 ? [`polygon ${p + 1}`] : []), r === 0 ? "outer ring" : `ring ${r + 1} (a hole)`];
  if (position !== undefined) parts.push(`position ${position + 1}`);
  return parts.join(", ");
}

const pointOf = (position: Position): [number, number] => [position[0]!, position[1]!];

/** Ring by ring: enough positions, closed, in WGS84's ranges, no edge across the antimeridian. */
function ringFaults(polygon: PolygonCoordinates, p: number, polygons: number): BoundaryFault[] {
  const faults: BoundaryFault[] = [];
  polygon.forEach((ring, r) => {
    const error = (code: BoundaryFaultCode, message: string, position?: number): BoundaryFault => ({
      code,
      severity: "error",
      message,
      where: place(p, polygons, r, position),
      at: position !== undefined && ring[position] ? pointOf(ring[position]) : null,
    });
    if (ring.length < 4) faults.push(error("too_few_positions", `A ring needs at least 4 positions (3 corners and the first again); this one has ${ring.length}.`));
    const first = ring[0]!;
    const last = ring[ring.length - 1]!;
    if (first[0] !== last[0] || first[1] !== last[1]) faults.push(error("ring_not_closed", `The ring is not closed: it ends at ${last[0]}, ${last[1]} instead of where it starts, ${first[0]}, ${first[1]}.`, ring.length - 1));
    ring.forEach((position, i) => {
      const [lng, lat] = position as [number, number];
      if (lng < -180 || lng > 180 || lat < -90 || lat > 90) {
        const swapped = Math.abs(lat) <= 180 && Math.abs(lng) <= 90 && Math.abs(lat) > 90;
        faults.push(error("out_of_range", `${lng}, ${lat} is outside WGS84 (longitude −180 to 180, latitude −90 to 90)${swapped ? "; longitude and latitude look swapped (GeoJSON is [longitude, latitude])" : ""}.`, i));
      } else if (i > 0 && Math.abs(lng - ring[i - 1]![0]!) > 180) {
        faults.push(error("crosses_antimeridian", `The edge to ${lng}, ${lat} jumps ${Math.abs(lng - ring[i - 1]![0]!).toFixed(1)}° of longitude: it crosses the antimeridian. Split the area into two polygons of a MultiPolygon at ±180°.`, i));
      }
    });
  });
  return faults;
}

/** Self-intersections (turf's kinks, rings against each other too) and holes outside their polygon. */
function shapeFaults(polygon: PolygonCoordinates, p: number, polygons: number): BoundaryFault[] {
  const faults: BoundaryFault[] = [];
  const feature = turfPolygon(polygon);
  for (const kink of kinks(feature).features) {
    const at = pointOf(kink.geometry.coordinates);
    faults.push({ code: "self_intersection", severity: "error", message: `The boundary crosses itself at ${at[0]}, ${at[1]}.`, where: polygons > 1 ? `polygon ${p + 1}` : null, at });
  }
  if (faults.length > 0) return faults;
  const outer = turfPolygon([polygon[0]!]);
  polygon.slice(1).forEach((hole, h) => {
    if (!booleanWithin(turfPolygon([hole]), outer)) {
      faults.push({ code: "hole_outside", severity: "error", message: "This hole is not inside its polygon's outer ring.", where: place(p, polygons, h + 1), at: pointOf(hole[0]!) });
    }
  });
  return faults;
}

function sizeFaults(areaKm2: number, polygons: PolygonCoordinates[]): BoundaryFault[] {
  const at = pointOf(polygons[0]![0]![0]!);
  if (areaKm2 < MIN_AREA_KM2) {
    return [{ code: "too_small", severity: "warning", message: `The area is ${formatArea(areaKm2)}, smaller than a city block: check the coordinates are degrees (not metres or feet) and not a single point.`, where: null, at }];
  }
  if (areaKm2 > MAX_AREA_KM2) {
    return [{ code: "too_large", severity: "warning", message: `The area is ${formatArea(areaKm2)}, larger than any city's agency: check the rings, or that a hole was not given as an outer ring.`, where: null, at }];
  }
  return [];
}

export function formatArea(km2: number): string {
  if (km2 < 1) return `${Math.round(km2 * 1e6).toLocaleString("en-US")} m²`;
  return `${(Math.round(km2 * 10) / 10).toLocaleString("en-US")} km²`;
}
