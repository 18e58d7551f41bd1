"use client";

import dynamic from "next/dynamic";
import type { BoundaryMapProps } from "./boundary-map";

// Leaflet touches `window` when it loads, so the map renders in the browser only.
const BoundaryMap = dynamic(() => import("./boundary-map"), {
  ssr: false,
  loading: () => <div className="grid h-full w-full place-items-center rounded-md bg-slate-100 text-sm text-muted-foreground">Loading map…</div>,
});

export function BoundaryMapLazy(props: BoundaryMapProps) {
  return <BoundaryMap {...props} />;
}
