"use client";

import "leaflet/dist/leaflet.css";
import "react-leaflet-cluster/dist/assets/MarkerCluster.css";
import "react-leaflet-cluster/dist/assets/MarkerCluster.Default.css";
import { useMemo } from "react";
import { divIcon, latLngBounds, type LatLngBoundsExpression } from "leaflet";
import { GeoJSON, MapContainer, Marker, TileLayer, Tooltip } from "react-leaflet";
import MarkerClusterGroup from "react-leaflet-cluster";
import type { GeoJsonObject } from "geojson";
import { agencyColor } from "./agency-colors";

export type ImportMapPoint = { id: string; lat: number; lng: number; error: boolean; label: string };
export type ImportMapProps = {
  agencies: { name: string; boundary: GeoJsonObject | null }[];
  points: ImportMapPoint[];
  tileUrl: string;
  tileAttribution: string;
  draggable: boolean;
  onOpenRow: (rowId: string) => void;
  onMove: (rowId: string, lat: number, lng: number) => void;
};

// Coloured dots drawn with CSS, so markers need no image files (and render offline).
const CLUSTER_ABOVE = 200;

const icons = {
  valid: divIcon({ className: "", html: '<span style="display:block;width:14px;height:14px;border-radius:50%;background:#16a34a;border:2px solid #fff;box-shadow:0 0 0 1px #14532d"></span>', iconSize: [14, 14], iconAnchor: [7, 7] }),
  error: divIcon({ className: "", html: '<span style="display:block;width:16px;height:16px;border-radius:50%;background:#dc2626;border:2px solid #fff;box-shadow:0 0 0 1px #7f1d1d"></span>', iconSize: [16, 16], iconAnchor: [8, 8] }),
};

function boundsOf(agencies: ImportMapProps["agencies"], points: ImportMapPoint[]): LatLngBoundsExpression | null {
  const bounds = latLngBounds([]);
  const visit = (coordinates: unknown): void => {
    if (Array.isArray(coordinates) && typeof coordinates[0] === "number" && typeof coordinates[1] === "number") bounds.extend([coordinates[1], coordinates[0]]);
    else if (Array.isArray(coordinates)) coordinates.forEach(visit);
  };
  for (const agency of agencies) if (agency.boundary && "coordinates" in agency.boundary) visit(agency.boundary.coordinates);
  for (const point of points) if (Math.abs(point.lat) <= 90 && Math.abs(point.lng) <= 180) bounds.extend([point.lat, point.lng]);
  return bounds.isValid() ? bounds : null;
}

export default function ImportMap({ agencies, points, tileUrl, tileAttribution, draggable, onOpenRow, onMove }: ImportMapProps) {
  const bounds = useMemo(() => boundsOf(agencies, points), [agencies, points]);
  const visible = points.filter((point) => Math.abs(point.lat) <= 90 && Math.abs(point.lng) <= 180);
  const markers = visible.map((point) => (
    <Marker
      key={point.id}
      position={[point.lat, point.lng]}
      icon={point.error ? icons.error : icons.valid}
      draggable={draggable}
      title={`${point.label}${point.error ? " (has errors)" : ""}`}
      alt={`${point.label}${point.error ? " (has errors)" : ""}`}
      keyboard
      eventHandlers={{
        click: () => onOpenRow(point.id),
        dragend: (event) => {
          const { lat, lng } = (event.target as { getLatLng(): { lat: number; lng: number } }).getLatLng();
          onMove(point.id, lat, lng);
        },
      }}
    />
  ));
  return (
    <MapContainer bounds={bounds ?? undefined} boundsOptions={{ padding: [16, 16] }} zoomSnap={0.25} center={bounds ? undefined : [39.8, -98.6]} zoom={bounds ? undefined : 4} className="h-full w-full rounded-md bg-slate-100">
      {tileUrl ? <TileLayer url={tileUrl} attribution={tileAttribution} /> : null}
      {agencies.map((agency, index) =>
        agency.boundary ? (
          <GeoJSON key={agency.name} data={agency.boundary} style={{ color: agencyColor(index), weight: 2, fillOpacity: 0.08 }}>
            <Tooltip sticky>{agency.name}</Tooltip>
          </GeoJSON>
        ) : null,
      )}
      {/* Clusters only where there are many points: a few dozen stay individually draggable. */}
      {visible.length > CLUSTER_ABOVE ? (
        <MarkerClusterGroup chunkedLoading disableClusteringAtZoom={17} maxClusterRadius={visible.length > 5000 ? 60 : 40}>
          {markers}
        </MarkerClusterGroup>
      ) : (
        markers
      )}
    </MapContainer>
  );
}
