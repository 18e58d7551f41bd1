"use client";

import "leaflet/dist/leaflet.css";
import { CircleMarker, GeoJSON, MapContainer, TileLayer, useMapEvents } from "react-leaflet";
import type { GeoJsonObject } from "geojson";

export type LocationPickerProps = {
  value: { lat: number; lng: number } | null;
  onPick: (point: { lat: number; lng: number }) => void;
  /** Drawn for orientation (the agencies' boundaries), so a place can be picked without tiles. */
  context: GeoJsonObject[];
  tileUrl: string;
  tileAttribution: string;
  label: string;
  className?: string;
};

function ClickToPick({ onPick }: { onPick: LocationPickerProps["onPick"] }) {
  useMapEvents({ click: (event) => onPick({ lat: Number(event.latlng.lat.toFixed(6)), lng: Number(event.latlng.lng.toFixed(6)) }) });
  return null;
}

/** A map to click a point on: the organization's default location. */
export default function LocationPicker({ value, onPick, context, tileUrl, tileAttribution, label, className }: LocationPickerProps) {
  const start = value ?? firstPosition(context);
  const center: [number, number] = start ? [start.lat, start.lng] : [39.8, -98.6];
  return (
    <div role="region" aria-label={label} className={className}>
      <MapContainer center={center} zoom={start ? 12 : 4} scrollWheelZoom={false} className="h-full w-full cursor-crosshair rounded-md bg-slate-100">
        {tileUrl ? <TileLayer url={tileUrl} attribution={tileAttribution} /> : null}
        {context.map((boundary, index) => (
          <GeoJSON key={index} data={boundary} style={{ color: "#64748b", weight: 1.5, fillOpacity: 0.06 }} interactive={false} />
        ))}
        {value ? <CircleMarker center={[value.lat, value.lng]} radius={7} pathOptions={{ color: "#0f172a", fillColor: "#facc15", fillOpacity: 1, weight: 2 }} /> : null}
        <ClickToPick onPick={onPick} />
      </MapContainer>
    </div>
  );
}

/** Somewhere in the first boundary, to start the map there when no point is set yet. */
function firstPosition(context: GeoJsonObject[]): { lat: number; lng: number } | null {
  let found: { lat: number; lng: number } | null = null;
  const visit = (coordinates: unknown): void => {
    if (found || !Array.isArray(coordinates)) return;
    if (typeof coordinates[0] === "number" && typeof coordinates[1] === "number") found = { lng: coordinates[0], lat: coordinates[1] };
    else coordinates.forEach(visit);
  };
  for (const boundary of context) if ("coordinates" in boundary) visit(boundary.coordinates);
  return found;
}
