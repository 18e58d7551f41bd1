"use client";

import "leaflet/dist/leaflet.css";
import { useMemo } from "react";
import { GeoJSON, MapContainer, TileLayer, Tooltip, CircleMarker } from "react-leaflet";
import type { GeoJsonObject } from "geojson";
import { latLngBounds, type LatLngBoundsExpression } from "leaflet";

export type MapAgency = { name: string; color: string; boundary: GeoJsonObject | null };
export type MapPoint = { lat: number; lng: number; label: string };

export type BoundaryMapProps = {
  agencies: MapAgency[];
  points?: MapPoint[];
  tileUrl: string;
  tileAttribution: string;
  label: string;
  className?: string;
};

export function collectBounds(agencies: MapAgency[], points: MapPoint[]): LatLngBoundsExpression | null {
  const bounds = latLngBounds([]);
  const visit = (coordinates: unknown): void => {
    if (Array.isArray(coordinates) && typeof coordinates[0] === "number" && typeof coordinates[1] === "number") {
      bounds.extend([coordinates[1], coordinates[0]]);
    } else if (Array.isArray(coordinates)) coordinates.forEach(visit);
  };
  for (const agency of agencies) if (agency.boundary && "coordinates" in agency.boundary) visit(agency.boundary.coordinates);
  for (const point of points) bounds.extend([point.lat, point.lng]);
  return bounds.isValid() ? bounds : null;
}

/** Agency boundaries drawn as vectors, so the map is useful with no tiles at all (offline). */
export default function BoundaryMap({ agencies, points = [], tileUrl, tileAttribution, label, className }: BoundaryMapProps) {
  const bounds = useMemo(() => collectBounds(agencies, points), [agencies, points]);
  return (
    <div role="region" aria-label={label} className={className}>
      <MapContainer
        bounds={bounds ?? undefined}
        boundsOptions={{ padding: [16, 16] }}
        zoomSnap={0.25}
        center={bounds ? undefined : [39.8, -98.6]}
        zoom={bounds ? undefined : 4}
        scrollWheelZoom={false}
        className="h-full w-full rounded-md bg-slate-100"
      >
        {tileUrl ? <TileLayer url={tileUrl} attribution={tileAttribution} /> : null}
        {agencies.map((agency) =>
          agency.boundary ? (
            <GeoJSON key={agency.name} data={agency.boundary} style={{ color: agency.color, weight: 2, fillOpacity: 0.12 }}>
              <Tooltip sticky>{agency.name}</Tooltip>
            </GeoJSON>
          ) : null,
        )}
        {points.map((point, index) => (
          <CircleMarker key={index} center={[point.lat, point.lng]} radius={6} pathOptions={{ color: "#0f172a", fillColor: "#facc15", fillOpacity: 1, weight: 2 }}>
            <Tooltip>{point.label}</Tooltip>
          </CircleMarker>
        ))}
      </MapContainer>
    </div>
  );
}
