import type { GeoJsonObject } from "geojson";

// Where the import's map starts, and which points lie far from the city (pure: the panel lists
// outliers on the server render too, before Leaflet loads in the browser).

export type MapPoint = { id: string; lat: number; lng: number; error: boolean; label: string };
export type Box = { south: number; west: number; north: number; east: number };

export const onEarth = (point: { lat: number; lng: number }) => Math.abs(point.lat) <= 90 && Math.abs(point.lng) <= 180;

/** The agency boundaries' extent, or null when no agency has one. */
export function boundaryBox(agencies: { boundary: GeoJsonObject | null }[]): Box | null {
  let box: Box | null = null;
  const visit = (coordinates: unknown): void => {
    if (Array.isArray(coordinates) && typeof coordinates[0] === "number" && typeof coordinates[1] === "number") {
      const [lng, lat] = coordinates as [number, number];
      box = box ? { south: Math.min(box.south, lat), west: Math.min(box.west, lng), north: Math.max(box.north, lat), east: Math.max(box.east, lng) } : { south: lat, west: lng, north: lat, east: lng };
    } else if (Array.isArray(coordinates)) coordinates.forEach(visit);
  };
  for (const agency of agencies) if (agency.boundary && "coordinates" in agency.boundary) visit(agency.boundary.coordinates);
  return box;
}

/** The map fits the boundaries and the points near them (outliers left out); without boundaries, every point on earth. */
export function initialBox(agencies: { boundary: GeoJsonObject | null }[], points: MapPoint[]): Box | null {
  const city = boundaryBox(agencies);
  const far = new Set(outliersOf(agencies, points));
  const shown = points.filter((point) => onEarth(point) && !far.has(point));
  if (!city && !shown.length) return null;
  let box = city ?? { south: shown[0]!.lat, west: shown[0]!.lng, north: shown[0]!.lat, east: shown[0]!.lng };
  for (const point of shown) box = { south: Math.min(box.south, point.lat), west: Math.min(box.west, point.lng), north: Math.max(box.north, point.lat), east: Math.max(box.east, point.lng) };
  return box;
}

/** Points off the earth, or (with boundaries) farther than half the city's extent (at least ~25 km) beyond them. */
export function outliersOf(agencies: { boundary: GeoJsonObject | null }[], points: MapPoint[]): MapPoint[] {
  const city = boundaryBox(agencies);
  if (!city) return points.filter((point) => !onEarth(point));
  // Half the city's extent, and at least about 25 km: a point just outside a boundary is still the city's.
  const dLat = Math.max((city.north - city.south) / 2, 0.25);
  const dLng = Math.max((city.east - city.west) / 2, 0.25);
  const near = (point: MapPoint) => point.lat >= city.south - dLat && point.lat <= city.north + dLat && point.lng >= city.west - dLng && point.lng <= city.east + dLng;
  return points.filter((point) => !onEarth(point) || !near(point));
}
