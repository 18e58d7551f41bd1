"use client";

import dynamic from "next/dynamic";
import type { LocationPickerProps } from "./location-picker";

// Leaflet touches `window` when it loads, so the map renders in the browser only.
const LocationPicker = dynamic(() => import("./location-picker"), {
  ssr: false,
  loading: () => <div className="grid h-full w-full place-items-center rounded-md bg-slate-100 text-sm text-muted-foreground">Loading map…</div>,
});

export function LocationPickerLazy(props: LocationPickerProps) {
  return <LocationPicker {...props} />;
}
