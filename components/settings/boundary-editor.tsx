"use client";

import { useId, useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import type { GeoJsonObject } from "geojson";
import { checkBoundaryText, formatArea, type BoundaryCheck, type BoundaryFault } from "@/lib/geo/boundary-check";
import { BoundaryMapLazy } from "@/components/map/boundary-map-lazy";
import type { MapAgency, MapPoint } from "@/components/map/boundary-map";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";

type Props = {
  organizationId: number;
  agencyId: number;
  agencyName: string;
  current: GeoJsonObject | null;
  tileUrl: string;
  tileAttribution: string;
};

type Outcome = { tone: "success" | "danger"; text: string } | null;

/**
 * Upload or paste an agency's boundary as GeoJSON, see every fault named and placed on the map
 * before anything is saved, then save it (checked again on the server).
 */
export function BoundaryEditor({ organizationId, agencyId, agencyName, current, tileUrl, tileAttribution }: Props) {
  const ids = { file: useId(), text: useId(), faults: useId() };
  const [text, setText] = useState("");
  // Bumped after a save, so the file input lets go of the file it held.
  const [saves, setSaves] = useState(0);
  const check = useMemo<BoundaryCheck | null>(() => (text.trim() ? checkBoundaryText(text) : null), [text]);
  const { busy, outcome, save, remove } = useBoundaryRequests(`/api/organizations/${organizationId}/agencies/${agencyId}/boundary`, agencyName, () => {
    setText("");
    setSaves((n) => n + 1);
  });

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.4fr)]">
      <div className="flex flex-col gap-4">
        <div className="flex flex-col gap-1.5">
          <label htmlFor={ids.file} className="text-sm font-medium">
            GeoJSON file
          </label>
          <input
            key={saves}
            id={ids.file}
            type="file"
            accept=".geojson,.json,application/geo+json,application/json"
            className="text-sm file:mr-3 file:rounded-md file:border file:border-border file:bg-white file:px-3 file:py-1.5 file:text-sm"
            onChange={async (event) => {
              const file = event.target.files?.[0];
              if (file) setText(await file.text());
            }}
          />
          <p className="text-xs text-muted-foreground">A Polygon, MultiPolygon, Feature or FeatureCollection, in longitude/latitude (WGS84).</p>
        </div>
        <div className="flex flex-col gap-1.5">
          <label htmlFor={ids.text} className="text-sm font-medium">
            Or paste GeoJSON
          </label>
          <textarea
            id={ids.text}
            value={text}
            onChange={(event) => setText(event.target.value)}
            rows={8}
            spellCheck={false}
            aria-describedby={check ? ids.faults : undefined}
            className="rounded-md border border-border bg-white p-2 font-mono text-xs"
          />
        </div>
        {check ? <CheckSummary id={ids.faults} check={check} /> : null}
        <div className="flex flex-wrap items-center gap-3">
          <Button type="button" onClick={() => save(text)} disabled={busy || !check?.boundary}>
            {busy ? "Saving…" : "Save boundary"}
          </Button>
          {current ? (
            <Button type="button" variant="secondary" onClick={remove} disabled={busy}>
              Remove boundary
            </Button>
          ) : null}
        </div>
        {outcome ? (
          <p role={outcome.tone === "danger" ? "alert" : "status"} className={outcome.tone === "danger" ? "text-sm text-danger" : "text-sm text-success"}>
            {outcome.text}
          </p>
        ) : null}
      </div>
      <PreviewMap current={current} text={text} check={check} agencyName={agencyName} tileUrl={tileUrl} tileAttribution={tileAttribution} />
    </div>
  );
}

/** Saving (PUT, the GeoJSON as the body) and removing (DELETE) the boundary, with what came of it. */
function useBoundaryRequests(url: string, agencyName: string, onSaved: () => void) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const save = async (text: string) => {
    setBusy(true);
    setOutcome(null);
    try {
      const response = await fetch(url, { method: "PUT", headers: { "content-type": "application/geo+json" }, body: text });
      const result = (await response.json()) as { ok: boolean; reason?: string; areaKm2?: number | null };
      if (!result.ok) setOutcome({ tone: "danger", text: result.reason ?? "The boundary was not saved." });
      else {
        setOutcome({ tone: "success", text: `Saved the boundary of ${agencyName}${result.areaKm2 ? ` (${formatArea(result.areaKm2)})` : ""}.` });
        onSaved();
        router.refresh();
      }
    } catch {
      setOutcome({ tone: "danger", text: "The server could not be reached; nothing was saved." });
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (!window.confirm(`Remove the boundary of ${agencyName}? Its rows will no longer be checked against one.`)) return;
    setBusy(true);
    const response = await fetch(url, { method: "DELETE" }).catch(() => null);
    setBusy(false);
    setOutcome(response?.ok ? { tone: "success", text: `Removed the boundary of ${agencyName}.` } : { tone: "danger", text: "The boundary was not removed." });
    if (response?.ok) router.refresh();
  };
  return { busy, outcome, save, remove };
}

function CheckSummary({ id, check }: { id: string; check: BoundaryCheck }) {
  const errors = check.faults.filter((fault) => fault.severity === "error").length;
  return (
    <div id={id} className="flex flex-col gap-2" aria-live="polite">
      <p className="text-sm font-medium">
        {errors
          ? `${errors} fault${errors === 1 ? "" : "s"} to fix before saving`
          : `Ready to save${check.areaKm2 !== null ? `: ${formatArea(check.areaKm2)}` : ""}${check.faults.length ? ", with a warning" : ""}`}
      </p>
      {check.faults.length ? (
        <ul aria-label="Boundary faults" className="flex flex-col gap-2">
          {check.faults.map((fault, index) => (
            <FaultItem key={index} fault={fault} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function FaultItem({ fault }: { fault: BoundaryFault }) {
  return (
    <li className="rounded-md border border-border bg-white p-2 text-sm">
      <span className="flex flex-wrap items-center gap-2">
        <Badge tone={fault.severity === "error" ? "danger" : "warning"}>{fault.severity}</Badge>
        <code className="text-xs">{fault.code}</code>
        {fault.where ? <span className="text-xs text-muted-foreground">{fault.where}</span> : null}
      </span>
      <span className="mt-1 block">{fault.message}</span>
    </li>
  );
}

/** The current boundary in grey, the new one in blue (even with faults, when it can be drawn), and each fault's point. */
function PreviewMap({ current, text, check, agencyName, tileUrl, tileAttribution }: { current: GeoJsonObject | null; text: string; check: BoundaryCheck | null; agencyName: string; tileUrl: string; tileAttribution: string }) {
  const candidate = useMemo(() => (check?.boundary ? (check.boundary as GeoJsonObject) : drawable(text, check)), [check, text]);
  const agencies: MapAgency[] = [
    ...(current ? [{ name: `${agencyName}: current boundary`, color: "#64748b", boundary: current }] : []),
    ...(candidate ? [{ name: `${agencyName}: new boundary`, color: "#1d4ed8", boundary: candidate }] : []),
  ];
  const points: MapPoint[] = (check?.faults ?? []).flatMap((fault) => (fault.at ? [{ lng: fault.at[0], lat: fault.at[1], label: `${fault.code}: ${fault.message}` }] : []));
  // Leaflet reads its bounds and layers once: a new candidate, or a new saved boundary, draws a new map.
  const version = `${text.length}:${current ? JSON.stringify(current).length : 0}`;
  return (
    <div className="flex flex-col gap-2">
      <BoundaryMapLazy key={version} agencies={agencies} points={points} tileUrl={tileUrl} tileAttribution={tileAttribution} label={`Map of the boundary of ${agencyName}`} className="h-[28rem]" />
      <p className="flex flex-wrap gap-4 text-xs text-muted-foreground">
        {current ? <LegendItem color="#64748b" label="Current boundary" /> : null}
        {candidate ? <LegendItem color="#1d4ed8" label="New boundary" /> : null}
        {points.length ? <LegendItem color="#facc15" label="Where a fault is" round /> : null}
      </p>
    </div>
  );
}

function LegendItem({ color, label, round = false }: { color: string; label: string; round?: boolean }) {
  return (
    <span className="flex items-center gap-1.5">
      <span aria-hidden className={round ? "size-3 rounded-full border border-slate-900" : "size-3 rounded-sm"} style={{ background: color }} />
      {label}
    </span>
  );
}

/** Faults after which the shape can still be drawn (it is GeoJSON of an area in range), to show where they are. */
const drawableFaults = new Set(["ring_not_closed", "too_few_positions", "self_intersection", "hole_outside", "crosses_antimeridian"]);

function drawable(text: string, check: BoundaryCheck | null): GeoJsonObject | null {
  if (!check || !check.faults.every((fault) => drawableFaults.has(fault.code))) return null;
  try {
    return JSON.parse(text.replace(/^\uFEFF/, "")) as GeoJsonObject;
  } catch {
    return null;
  }
}
