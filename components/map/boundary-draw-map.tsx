"use client";

import "leaflet/dist/leaflet.css";
import "@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css";
import { useEffect, useEffectEvent, useRef, useState } from "react";
import { CircleMarker, GeoJSON, MapContainer, TileLayer, Tooltip, useMap } from "react-leaflet";
import { geoJSON, Marker, type GeoJSON as GeoJSONLayer, type Layer, type LayerEvent, type Polygon as PolygonLayer } from "leaflet";
// After leaflet, which it extends through the global `L` (it sets window.L when it loads).
import "@geoman-io/leaflet-geoman-free";
import type { GeoJsonObject } from "geojson";
import { drawnBoundary, type DrawnBoundary } from "@/lib/geo/drawn-boundary";
import { collectBounds, type MapPoint } from "./boundary-map";

export type DrawMode = "view" | "draw" | "edit";

export type BoundaryDrawMapProps = {
  /** The saved boundary, in grey, for reference. */
  current: GeoJsonObject | null;
  /** The boundary being made (uploaded, pasted, drawn or edited), in blue; the one edited. */
  candidate: GeoJsonObject | null;
  /** Changes when the candidate comes from outside the map (a file, the text box, a new drawing), so the map redraws it; edits made on the map keep their layer. */
  candidateVersion: number;
  points: MapPoint[];
  mode: DrawMode;
  /** A polygon drawn (then the mode ends) or the candidate's vertices moved, added or removed. */
  onDrawn: (boundary: DrawnBoundary) => void;
  onEdited: (boundary: DrawnBoundary) => void;
  /** Drawing ended without a shape (Escape). */
  onDrawEnd: () => void;
  tileUrl: string;
  tileAttribution: string;
  label: string;
  className?: string;
};

// Leaflet's GeoJSON layer reads its data once, so a new saved boundary (a new object) remounts it.
// Keyed by identity: serialising a boundary of several MB on every render (as a key did) cost a
// stringify per edit, and two boundaries of one length shared a key.
const layerKeys = new WeakMap<object, number>();
let nextLayerKey = 0;
function keyOf(data: object): number {
  let key = layerKeys.get(data);
  if (key === undefined) layerKeys.set(data, (key = ++nextLayerKey));
  return key;
}

const candidateStyle = { color: "#1d4ed8", weight: 2, fillOpacity: 0.12 };

/** The agency boundary editor's map: draw a polygon, or edit the vertices of the one being made (leaflet-geoman). */
export default function BoundaryDrawMap({ current, candidate, candidateVersion, points, mode, onDrawn, onEdited, onDrawEnd, tileUrl, tileAttribution, label, className }: BoundaryDrawMapProps) {
  // Leaflet reads its first view once; later candidates are fitted by EditableCandidate.
  const [bounds] = useState(() => collectBounds([current, candidate].map((boundary) => ({ name: "", color: "", boundary })), []));
  // Set when a polygon was just drawn: it is in view already, so the map does not jump to fit it.
  const drewHere = useRef(false);
  return (
    <div role="region" aria-label={label} className={className}>
      <MapContainer
        bounds={bounds ?? undefined}
        boundsOptions={{ padding: [16, 16] }}
        zoomSnap={0.25}
        center={bounds ? undefined : [39.8, -98.6]}
        zoom={bounds ? undefined : 4}
        scrollWheelZoom={false}
        className={`h-full w-full rounded-md bg-slate-100 ${mode === "draw" ? "cursor-crosshair" : ""}`}
      >
        {tileUrl ? <TileLayer url={tileUrl} attribution={tileAttribution} /> : null}
        {current ? (
          <GeoJSON key={keyOf(current)} data={current} style={{ color: "#64748b", weight: 2, fillOpacity: 0.08 }} pmIgnore>
            <Tooltip sticky>Current boundary</Tooltip>
          </GeoJSON>
        ) : null}
        <EditableCandidate current={current} candidate={candidate} version={candidateVersion} editing={mode === "edit"} onEdited={onEdited} drewHere={drewHere} />
        <DrawPolygon drawing={mode === "draw"} onDrawn={onDrawn} onDrawEnd={onDrawEnd} drewHere={drewHere} />
        <PointerOnlyHandles />
        {points.map((point, index) => (
          <CircleMarker key={`${index}:${point.lng}:${point.lat}`} center={[point.lat, point.lng]} radius={6} pmIgnore pathOptions={{ color: "#0f172a", fillColor: "#facc15", fillOpacity: 1, weight: 2 }}>
            <Tooltip>{point.label}</Tooltip>
          </CircleMarker>
        ))}
      </MapContainer>
    </div>
  );
}

/** Geoman's draw mode for one polygon; the drawn layer is handed up and removed, as the candidate draws it from then on. */
/**
 * Geoman's corner handles are Leaflet markers, which make themselves focusable buttons; they can
 * only be dragged, so they leave the tab order and the accessibility tree (the GeoJSON text is
 * the keyboard's way, and says the same).
 */
function PointerOnlyHandles() {
  const map = useMap();
  useEffect(() => {
    const quiet = ({ layer }: LayerEvent) => {
      const element = layer instanceof Marker ? layer.getElement() : undefined;
      if (!element) return;
      element.removeAttribute("role");
      element.tabIndex = -1;
      element.setAttribute("aria-hidden", "true");
    };
    map.on("layeradd", quiet);
    return () => {
      map.off("layeradd", quiet);
    };
  }, [map]);
  return null;
}

type DrewHere = { current: boolean };

function DrawPolygon({ drawing, onDrawn, onDrawEnd, drewHere }: Pick<BoundaryDrawMapProps, "onDrawn" | "onDrawEnd"> & { drawing: boolean; drewHere: DrewHere }) {
  const map = useMap();
  const drawn = useEffectEvent(onDrawn);
  const ended = useEffectEvent(onDrawEnd);
  useEffect(() => {
    if (!drawing) return;
    let created = false;
    const onCreate = ({ layer }: { layer: Layer }) => {
      created = true;
      const boundary = drawnBoundary((layer as PolygonLayer).toGeoJSON());
      layer.remove();
      if (!boundary) return;
      drewHere.current = true;
      drawn(boundary);
    };
    const onEnd = () => {
      if (!created) ended();
    };
    map.on("pm:create", onCreate);
    map.on("pm:drawend", onEnd);
    map.pm.setGlobalOptions({ exitModeOnEscape: true, finishOnEnter: true });
    map.pm.enableDraw("Polygon", { allowSelfIntersection: true, snappable: true, continueDrawing: false });
    return () => {
      map.off("pm:create", onCreate);
      map.off("pm:drawend", onEnd);
      map.pm.disableDraw();
    };
  }, [drawing, map, drewHere]);
  return null;
}

/** The candidate as one Leaflet layer, redrawn (and fitted) only when it comes from outside the map, so editing keeps its vertices. */
function EditableCandidate({ current, candidate, version, editing, onEdited, drewHere }: { current: GeoJsonObject | null; candidate: GeoJsonObject | null; version: number; editing: boolean; onEdited: BoundaryDrawMapProps["onEdited"]; drewHere: DrewHere }) {
  const map = useMap();
  const layer = useRef<GeoJSONLayer | null>(null);
  const candidateNow = useEffectEvent(() => candidate);
  const currentNow = useEffectEvent(() => current);
  const edited = useEffectEvent(onEdited);
  useEffect(() => {
    const candidate = candidateNow();
    const fit = !drewHere.current;
    drewHere.current = false;
    if (!candidate) return;
    const drawn = geoJSON(candidate, { style: candidateStyle }).bindTooltip("New boundary", { sticky: true }).addTo(map);
    layer.current = drawn;
    if (fit) {
      // The saved boundary stays in view too, so the new one is seen beside it.
      const bounds = drawn.getBounds();
      const saved = collectBounds([{ name: "", color: "", boundary: currentNow() }], []);
      if (saved) bounds.extend(saved);
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [16, 16] });
    }
    return () => {
      drawn.remove();
      layer.current = null;
    };
  }, [version, map, drewHere]);
  useEffect(() => {
    const drawn = layer.current;
    if (!editing || !drawn) return;
    const emit = () => {
      const boundary = drawnBoundary(drawn.toGeoJSON());
      if (boundary) edited(boundary);
    };
    const parts = drawn.getLayers() as PolygonLayer[];
    for (const part of parts) {
      part.pm.enable({ allowSelfIntersection: true, removeLayerBelowMinVertexCount: false, draggable: false, snappable: true });
      part.on("pm:edit", emit);
    }
    return () => {
      for (const part of parts) {
        part.off("pm:edit", emit);
        part.pm.disable();
      }
    };
  }, [editing, version, map]);
  return null;
}
