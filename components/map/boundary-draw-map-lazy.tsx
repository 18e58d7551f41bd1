"use client";

import dynamic from "next/dynamic";
import type { BoundaryDrawMapProps } from "./boundary-draw-map";

// Leaflet (and leaflet-geoman) touch `window` when they load, so the map renders in the browser only.
const BoundaryDrawMap = dynamic(() => import("./boundary-draw-map"), {
  ssr: false,
  loading: () => <div className="grid h-full w-full place-items-center rounded-md bg-slate-100 text-sm text-muted-foreground">Loading map…</div>,
});

export function BoundaryDrawMapLazy(props: BoundaryDrawMapProps) {
  return <BoundaryDrawMap {...props} />;
}
