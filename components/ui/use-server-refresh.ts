"use client";

import { useCallback, useEffect, useRef, useTransition } from "react";
import { useRouter } from "next/navigation";

/**
 * `router.refresh()` for polls: asks again only once the last refresh has landed. Next queues
 * refreshes one after another and React commits the router's transition when the newest has
 * resolved, so a poll that refreshed on every tick while the server took longer than a tick to
 * render kept the page on its old state for as long as it polled (an e2e import stayed
 * "Validating" after it was ready, on a loaded CI machine).
 */
export function useServerRefresh(): () => void {
  const router = useRouter();
  const [refreshing, startRefresh] = useTransition();
  const asked = useRef(false);
  useEffect(() => {
    if (!refreshing) asked.current = false;
  }, [refreshing]);
  return useCallback(() => {
    if (asked.current) return;
    asked.current = true;
    startRefresh(() => router.refresh());
  }, [router]);
}
