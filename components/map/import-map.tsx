"use client";

import "leaflet/dist/leaflet.css";
import "react-leaflet-cluster/dist/assets/MarkerCluster.css";
import "react-leaflet-cluster/dist/assets/MarkerCluster.Default.css";
import { useEffect, useMemo } from "react";
import { divIcon, latLngBounds, type LatLngBoundsExpression, type MarkerCluster } from "leaflet";
import { GeoJSON, MapContainer, Marker, TileLayer, Tooltip, useMap } from "react-leaflet";
import MarkerClusterGroup from "react-leaflet-cluster";
import type { GeoJsonObject } from "geojson";
import { agencyColor } from "./agency-colors";
import { initialBox, onEarth, type MapPoint } from "./map-view";

export type ImportMapPoint = MapPoint;
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
  // The grid's selected row: larger, with a blue halo, in its own colour.
  selectedValid: divIcon({ className: "", html: '<span data-selected="true" style="display:block;width:20px;height:20px;border-radius:50%;background:#16a34a;border:3px solid #fff;box-shadow:0 0 0 3px #1d4ed8,0 2px 6px rgba(0,0,0,.4)"></span>', iconSize: [20, 20], iconAnchor: [10, 10] }),
  selectedError: divIcon({ className: "", html: '<span data-selected="true" style="display:block;width:20px;height:20px;border-radius:50%;background:#dc2626;border:3px solid #fff;box-shadow:0 0 0 3px #1d4ed8,0 2px 6px rgba(0,0,0,.4)"></span>', iconSize: [20, 20], iconAnchor: [10, 10] }),
};

const errorIcons = new Set([icons.error, icons.selectedError]);

/** The map fits the agency boundaries (map-view.ts), not a few swapped or stray points. */
function startBounds(agencies: ImportMapProps["agencies"], points: ImportMapPoint[]): LatLngBoundsExpression | null {
  const box = initialBox(agencies, points);
  return box ? latLngBounds([box.south, box.west], [box.north, box.east]) : null;
}

/** A cluster shows how many of its rows have errors: a red share of its ring, and the count. */
function clusterIcon(cluster: MarkerCluster) {
  const markers = cluster.getAllChildMarkers();
  const errors = markers.filter((marker) => marker.options.icon !== undefined && errorIcons.has(marker.options.icon)).length;
  const share = Math.round((errors / markers.length) * 360);
  const size = markers.length >= 1000 ? 48 : markers.length >= 100 ? 40 : 34;
  const html = `<span title="${errors} of ${markers.length} with errors" style="display:flex;align-items:center;justify-content:center;width:${size}px;height:${size}px;border-radius:50%;background:conic-gradient(#dc2626 0deg ${share}deg,#16a34a ${share}deg 360deg);"><span style="display:flex;align-items:center;justify-content:center;width:${size - 10}px;height:${size - 10}px;border-radius:50%;background:#fff;font:600 11px system-ui;color:#111">${markers.length}</span></span>`;
  return divIcon({ className: "", html, iconSize: [size, size] });
}

/** Moves the map to a point when asked (the outliers' "Show"). */
function FlyTo({ target }: { target: ImportMapPoint | null }) {
  const map = useMap();
  useEffect(() => {
    if (target && onEarth(target)) map.setView([target.lat, target.lng], Math.max(map.getZoom(), 14));
  }, [map, target]);
  return null;
}

/** Brings the grid's selected row into view when it is off the map's edges (the zoom stays). */
function PanToSelected({ target }: { target: ImportMapPoint | null }) {
  const map = useMap();
  useEffect(() => {
    if (target && onEarth(target) && !map.getBounds().contains([target.lat, target.lng])) map.panTo([target.lat, target.lng]);
  }, [map, target]);
  return null;
}

function markerIcon(point: ImportMapPoint, selected: boolean) {
  if (selected) return point.error ? icons.selectedError : icons.selectedValid;
  return point.error ? icons.error : icons.valid;
}

export default function ImportMap({ agencies, points, tileUrl, tileAttribution, draggable, onOpenRow, onMove, focus, selectedId }: ImportMapProps & { focus?: ImportMapPoint | null; selectedId?: string }) {
  const bounds = useMemo(() => startBounds(agencies, points), [agencies, points]);
  const visible = points.filter(onEarth);
  const markers = visible.map((point) => (
    <Marker
      key={point.id}
      position={[point.lat, point.lng]}
      icon={markerIcon(point, point.id === selectedId)}
      zIndexOffset={point.id === selectedId ? 1000 : 0}
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
        <MarkerClusterGroup chunkedLoading disableClusteringAtZoom={17} maxClusterRadius={visible.length > 5000 ? 60 : 40} iconCreateFunction={clusterIcon}>
          {markers}
        </MarkerClusterGroup>
      ) : (
        markers
      )}
      <FlyTo target={focus ?? null} />
      <PanToSelected target={points.find((point) => point.id === selectedId) ?? null} />
    </MapContainer>
  );
}
