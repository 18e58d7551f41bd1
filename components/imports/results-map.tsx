"use client";

import dynamic from "next/dynamic";
import type { GeoJsonObject } from "geojson";
import type { ImportMapPoint } from "@/components/map/import-map";

const ImportMap = dynamic(() => import("@/components/map/import-map"), { ssr: false, loading: () => <div className="grid h-full place-items-center text-sm text-muted-foreground">Loading map…</div> });

export function ResultsMap({ agencies, points, tileUrl, tileAttribution }: { agencies: { name: string; boundary: unknown }[]; points: ImportMapPoint[]; tileUrl: string; tileAttribution: string }) {
  return (
    <div role="region" aria-label="Map of the created issues" className="h-96">
      <ImportMap agencies={agencies.map((agency) => ({ name: agency.name, boundary: (agency.boundary ?? null) as GeoJsonObject | null }))} points={points} tileUrl={tileUrl} tileAttribution={tileAttribution} draggable={false} onOpenRow={() => undefined} onMove={() => undefined} />
    </div>
  );
}
