"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";
import { dateTimeFormat } from "./date-time";

// Times are shown in the organization's time zone, with the zone named ("Mar 4, 2021, 10:11 AM
// EST"), whoever looks and wherever the server runs. The page that knows the organization
// provides its zone.

const TimeZoneContext = createContext<string | undefined>(undefined);

export function TimeZoneProvider({ timeZone, children }: { timeZone: string; children: ReactNode }) {
  return <TimeZoneContext value={timeZone}>{children}</TimeZoneContext>;
}

/** A formatter of date and time in the organization's zone (the viewer's when none is provided). */
export function useDateTimeFormat(): Intl.DateTimeFormat {
  const timeZone = useContext(TimeZoneContext);
  return useMemo(() => dateTimeFormat(timeZone), [timeZone]);
}
