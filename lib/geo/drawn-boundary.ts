/**
 * The shapes a CSM draws or edits on the map, as one boundary geometry to check and save like an
 * uploaded one: a Polygon, or a MultiPolygon when there are several polygons.
 */

type Position = number[];
type PolygonCoordinates = Position[][];
type Geometry = { type: string; coordinates?: unknown };
/** A Feature or a FeatureCollection, as GeoJSON types them (kept loose: lib/ takes no types package). */
type Drawn = { type: string; geometry?: Geometry | null; features?: { geometry: Geometry | null }[] };

export type DrawnBoundary = { type: "Polygon"; coordinates: PolygonCoordinates } | { type: "MultiPolygon"; coordinates: PolygonCoordinates[] };

/** The map's layers as GeoJSON (Leaflet's `toGeoJSON()`: a Feature or a FeatureCollection) → one geometry, or null when no polygon is left. */
export function drawnBoundary(json: Drawn): DrawnBoundary | null {
  const features = json.features ?? [{ geometry: json.geometry ?? null }];
  const polygons: PolygonCoordinates[] = [];
  for (const { geometry } of features) {
    if (geometry?.type === "Polygon") polygons.push(geometry.coordinates as PolygonCoordinates);
    else if (geometry?.type === "MultiPolygon") polygons.push(...(geometry.coordinates as PolygonCoordinates[]));
  }
  // A polygon whose every vertex was removed has no rings left: it is gone, not a fault.
  const kept = polygons.filter((rings) => rings.length > 0 && rings[0]!.length > 0);
  if (kept.length === 0) return null;
  return kept.length === 1 ? { type: "Polygon", coordinates: kept[0]! } : { type: "MultiPolygon", coordinates: kept };
}
