"use client";

import { useEffect } from "react";
import { useServerRefresh } from "@/components/ui/use-server-refresh";

/** Re-reads the page from the server every few seconds while something on it is still moving (one read at a time). */
export function AutoRefresh({ active, everyMs = 2000 }: { active: boolean; everyMs?: number }) {
  const refresh = useServerRefresh();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(refresh, everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs, refresh]);
  return null;
}
