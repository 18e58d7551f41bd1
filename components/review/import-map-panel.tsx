"use client";

import dynamic from "next/dynamic";
import { useCallback, useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import type { GeoJsonObject } from "geojson";
import type { ImportMapPoint } from "@/components/map/import-map";
import { useReviewActions } from "./review-actions";
import { outliersOf } from "@/components/map/map-view";
import { Button } from "@/components/ui/button";

const ImportMap = dynamic(() => import("@/components/map/import-map"), {
  ssr: false,
  loading: () => <div className="grid h-full place-items-center text-sm text-muted-foreground">Loading map…</div>,
});

type PointsResponse = { ok: boolean; points: ImportMapPoint[]; total: number; agencies: { name: string; boundary: GeoJsonObject | null }[] };

/** The rows on a map against the agency boundaries: click a point to open its row, drag it to fix it. */
export function ImportMapPanel({ jobId, editable, onOpenRow, onChanged, tileUrl, tileAttribution, selectedRowId }: {
  jobId: number;
  /** The grid's selected row: its marker stands out. */
  selectedRowId?: string;
  onChanged: () => void;
  editable: boolean;
  onOpenRow: (rowId: string) => void;
  tileUrl: string;
  tileAttribution: string;
}) {
  const { moveRow } = useReviewActions();
  const router = useRouter();
  const [data, setData] = useState<PointsResponse | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(async () => {
    const response = await fetch(`/api/imports/${jobId}/points`, { cache: "no-store" });
    setData((await response.json()) as PointsResponse);
  }, [jobId]);

  useEffect(() => {
    void load();
  }, [load]);

  const onMove = async (rowId: string, lat: number, lng: number) => {
    const result = await moveRow({ jobId, rowId, lat, lng });
    if (!result.ok) return setMessage(result.reason);
    const errors = result.row.problems.filter((problem) => problem.severity === "error");
    setMessage(errors.length ? `Moved; the row still has ${errors.length} error${errors.length === 1 ? "" : "s"}: ${errors[0]!.message}` : "Moved; the row is now valid.");
    setData((current) => current && { ...current, points: current.points.map((point) => (point.id === rowId ? { ...point, lat, lng, error: errors.length > 0 } : point)) });
    onChanged();
    router.refresh();
  };

  const errors = data?.points.filter((point) => point.error).length ?? 0;
  const outliers = data ? outliersOf(data.agencies, data.points) : [];
  const [focus, setFocus] = useState<ImportMapPoint | null>(null);
  return (
    <div className="flex h-full min-h-0 flex-col gap-2">
      <div className="flex flex-wrap items-center justify-between gap-x-2 text-sm">
        <p className="text-xs text-muted-foreground">
          {data ? `${data.points.length.toLocaleString("en-US")} of ${data.total.toLocaleString("en-US")} located rows · ${errors.toLocaleString("en-US")} with errors (red)` : "Loading points…"}
          {editable ? " · drag a marker to move a row's point" : ""}
        </p>
        <p role="status" className="font-medium">{message}</p>
      </div>
      <div role="region" aria-label="Map of the import's rows" className="min-h-72 flex-1 rounded-lg border border-border bg-white p-1">
        {data ? <ImportMap agencies={data.agencies} points={data.points} tileUrl={tileUrl} tileAttribution={tileAttribution} draggable={editable} onOpenRow={onOpenRow} onMove={onMove} focus={focus} selectedId={selectedRowId} /> : null}
      </div>
      {outliers.length ? (
        <section aria-label="Points far from the city" className="max-h-48 shrink-0 overflow-auto rounded-lg border border-amber-200 bg-warning-soft px-4 py-3 text-sm">
          <p className="font-medium">
            {outliers.length.toLocaleString("en-US")} {outliers.length === 1 ? "point lies" : "points lie"} far from the agency boundaries (swapped coordinates, or a wrong point): the map shows the city.
          </p>
          <ul className="mt-1 flex flex-col gap-1">
            {outliers.slice(0, 20).map((point) => (
              <li key={point.id} className="flex items-center gap-2">
                <span>{point.label}: {point.lat}, {point.lng}</span>
                <Button variant="ghost" size="sm" onClick={() => { setFocus(point); onOpenRow(point.id); }} aria-label={`Show ${point.label}`}>
                  Show
                </Button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
