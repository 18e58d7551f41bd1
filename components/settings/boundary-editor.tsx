"use client";

import { useId, useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import type { GeoJsonObject } from "geojson";
import { checkBoundaryText, formatArea, type BoundaryCheck, type BoundaryFault } from "@/lib/geo/boundary-check";
import { Check, PenLine, Spline, X } from "lucide-react";
import type { DrawnBoundary } from "@/lib/geo/drawn-boundary";
import { BoundaryDrawMapLazy } from "@/components/map/boundary-draw-map-lazy";
import type { DrawMode } from "@/components/map/boundary-draw-map";
import type { MapPoint } from "@/components/map/boundary-map";
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
 * Upload, paste or draw an agency's boundary (or edit its corners on the map), see every fault
 * named and placed on the map before anything is saved, then save it (checked again on the
 * server). Whatever the source, the boundary is the GeoJSON text, checked the one way.
 */
export function BoundaryEditor({ organizationId, agencyId, agencyName, current: fromPage, tileUrl, tileAttribution }: Props) {
  // What was just saved or removed is the current boundary at once, until the page's refresh brings it (a new prop).
  const [changed, setChanged] = useState<{ over: GeoJsonObject | null; boundary: GeoJsonObject | null } | null>(null);
  const current = changed && changed.over === fromPage ? changed.boundary : fromPage;
  const ids = { faults: useId() };
  const [text, setText] = useState("");
  // Bumped when the text comes from anywhere but an edit on the map: the map then redraws the shape.
  const [version, setVersion] = useState(0);
  const [mode, setMode] = useState<DrawMode>("view");
  // Bumped when a save or a drawing replaces the text, so the file input lets go of its file.
  const [fileKey, setFileKey] = useState(0);
  const replaceText = (next: string, fromFile = false) => {
    setText(next);
    setVersion((n) => n + 1);
    if (!fromFile) setFileKey((n) => n + 1);
  };
  const check = useMemo<BoundaryCheck | null>(() => (text.trim() ? checkBoundaryText(text) : null), [text]);
  const url = `/api/organizations/${organizationId}/agencies/${agencyId}/boundary`;
  const onSaved = (boundary: GeoJsonObject | null) => {
    setChanged({ over: fromPage, boundary });
    replaceText("");
    setMode("view");
  };
  const { busy, outcome, save, remove } = useBoundaryRequests(url, agencyName, onSaved, () => setChanged({ over: fromPage, boundary: null }));

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.4fr)]">
      <div className="flex flex-col gap-4">
        <GeoJsonInputs text={text} onText={replaceText} fileKey={fileKey} faultsId={check ? ids.faults : undefined} />
        {check ? <CheckSummary id={ids.faults} check={check} /> : null}
        <div className="flex flex-wrap items-center gap-3">
          <Button type="button" onClick={() => save(text, (check?.boundary ?? null) as GeoJsonObject | null)} disabled={busy || !check?.boundary}>
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
      <PreviewMap
        {...{ current, text, check, agencyName, tileUrl, tileAttribution, mode, version }}
        onMode={setMode}
        onDrawn={(boundary) => {
          replaceText(JSON.stringify(boundary));
          setMode("view");
        }}
        onEdited={(boundary) => setText(JSON.stringify(boundary))}
        onEditCurrent={() => {
          if (current) replaceText(JSON.stringify(current));
          setMode("edit");
        }}
      />
    </div>
  );
}

/** The keyboard's way to a boundary (drawing needs a pointer): a GeoJSON file, or its text. */
function GeoJsonInputs({ text, onText, fileKey, faultsId }: { text: string; onText: (text: string, fromFile?: boolean) => void; fileKey: number; faultsId: string | undefined }) {
  const ids = { file: useId(), text: useId() };
  return (
    <>
      <div className="flex flex-col gap-1.5">
        <label htmlFor={ids.file} className="text-sm font-medium">
          GeoJSON file
        </label>
        <input
          key={fileKey}
          id={ids.file}
          type="file"
          accept=".geojson,.json,application/geo+json,application/json"
          className="text-sm file:mr-3 file:rounded-md file:border file:border-border file:bg-white file:px-3 file:py-1.5 file:text-sm"
          onChange={async (event) => {
            const file = event.target.files?.[0];
            if (file) onText(await file.text(), true);
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
          onChange={(event) => onText(event.target.value)}
          rows={8}
          spellCheck={false}
          aria-describedby={faultsId}
          className="rounded-md border border-border bg-white p-2 font-mono text-xs"
        />
        <p className="text-xs text-muted-foreground">A shape drawn or edited on the map shows here as GeoJSON.</p>
      </div>
    </>
  );
}

/** Saving (PUT, the GeoJSON as the body) and removing (DELETE) the boundary, with what came of it. */
function useBoundaryRequests(url: string, agencyName: string, onSaved: (boundary: GeoJsonObject | null) => void, onRemoved: () => void) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  /** `boundary` is what the checks made of the text: the map's current boundary once saved. */
  const save = async (text: string, boundary: GeoJsonObject | null) => {
    setBusy(true);
    setOutcome(null);
    try {
      const response = await fetch(url, { method: "PUT", headers: { "content-type": "application/geo+json" }, body: text });
      const result = (await response.json()) as { ok: boolean; reason?: string; areaKm2?: number | null };
      if (!result.ok) setOutcome({ tone: "danger", text: result.reason ?? "The boundary was not saved." });
      else {
        setOutcome({ tone: "success", text: `Saved the boundary of ${agencyName}${result.areaKm2 ? ` (${formatArea(result.areaKm2)})` : ""}.` });
        onSaved(boundary);
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
    if (!response?.ok) return;
    onRemoved();
    router.refresh();
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

type PreviewMapProps = {
  current: GeoJsonObject | null;
  text: string;
  check: BoundaryCheck | null;
  agencyName: string;
  tileUrl: string;
  tileAttribution: string;
  mode: DrawMode;
  version: number;
  onMode: (mode: DrawMode) => void;
  onDrawn: (boundary: DrawnBoundary) => void;
  onEdited: (boundary: DrawnBoundary) => void;
  onEditCurrent: () => void;
};

/** The current boundary in grey, the new one in blue (even with faults, when it can be drawn), each fault's point, and the drawing tools. */
function PreviewMap({ current, text, check, agencyName, tileUrl, tileAttribution, mode, version, onMode, onDrawn, onEdited, onEditCurrent }: PreviewMapProps) {
  const candidate = useMemo(() => (check?.boundary ? (check.boundary as GeoJsonObject) : drawable(text, check)), [check, text]);
  const points: MapPoint[] = (check?.faults ?? []).flatMap((fault) => (fault.at ? [{ lng: fault.at[0], lat: fault.at[1], label: `${fault.code}: ${fault.message}` }] : []));
  return (
    <div className="flex flex-col gap-2">
      {/* With nothing new, the saved boundary is copied in to be edited; text that cannot be drawn is not thrown away for it. */}
      <DrawTools mode={mode} onMode={onMode} canEdit={Boolean(candidate) || (!text.trim() && Boolean(current))} onEdit={candidate ? () => onMode("edit") : onEditCurrent} />
      <BoundaryDrawMapLazy
        current={current}
        candidate={candidate}
        candidateVersion={version}
        points={points}
        mode={mode}
        onDrawn={onDrawn}
        onEdited={onEdited}
        onDrawEnd={() => onMode("view")}
        tileUrl={tileUrl}
        tileAttribution={tileAttribution}
        label={`Map of the boundary of ${agencyName}`}
        className="h-[28rem]"
      />
      <p className="flex flex-wrap gap-4 text-xs text-muted-foreground">
        {current ? <LegendItem color="#64748b" label="Current boundary" /> : null}
        {candidate ? <LegendItem color="#1d4ed8" label="New boundary" /> : null}
        {points.length ? <LegendItem color="#facc15" label="Where a fault is" round /> : null}
      </p>
    </div>
  );
}

const drawHints: Record<DrawMode, string> = {
  view: "Drawing needs a mouse or a touch screen; the GeoJSON file or text does the same from the keyboard.",
  draw: "Click the map at each corner, then click the first corner (or press Enter) to close the shape. Escape stops.",
  edit: "Drag a corner to move it or a middle point to add one; right-click a corner to remove it.",
};

/** Buttons for the pointer task of drawing; their hint says what to do now (and where the keyboard's way is). */
function DrawTools({ mode, onMode, canEdit, onEdit }: { mode: DrawMode; onMode: (mode: DrawMode) => void; canEdit: boolean; onEdit: () => void }) {
  const hint = useId();
  return (
    <div role="group" aria-label="Draw on the map" aria-describedby={hint} className="flex flex-wrap items-center gap-2">
      {mode === "draw" ? (
        <Button type="button" size="sm" onClick={() => onMode("view")}>
          <X className="size-4" /> Stop drawing
        </Button>
      ) : (
        <Button type="button" size="sm" variant="secondary" onClick={() => onMode("draw")}>
          <PenLine className="size-4" /> Draw a boundary
        </Button>
      )}
      {mode === "edit" ? (
        <Button type="button" size="sm" onClick={() => onMode("view")}>
          <Check className="size-4" /> Done editing
        </Button>
      ) : (
        <Button type="button" size="sm" variant="secondary" onClick={onEdit} disabled={!canEdit}>
          <Spline className="size-4" /> Edit the corners
        </Button>
      )}
      <p id={hint} aria-live="polite" className="basis-full text-xs text-muted-foreground">
        {drawHints[mode]}
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
