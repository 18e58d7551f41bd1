"use client";

import { useCallback, useEffect, useRef, useTransition } from "react";
import { useRouter } from "next/navigation";

/** A refresh not landed after this long is asked again (one that was dropped must not stop the page for good). */
const REASK_MS = 15_000;

/**
 * `router.refresh()` for polls: asks again only once the last refresh has landed (or after
 * REASK_MS). A poll that refreshed on every tick while the server took longer than a tick to
 * render had each refresh dropped for the next, so the page kept its old state for as long as it
 * polled (an e2e import stayed "Validating" after it was ready, on a loaded CI machine).
 */
export function useServerRefresh(): () => void {
  const router = useRouter();
  const [refreshing, startRefresh] = useTransition();
  /** When the refresh in flight was asked (0: none). */
  const askedAt = useRef(0);
  useEffect(() => {
    if (!refreshing) askedAt.current = 0;
  }, [refreshing]);
  return useCallback(() => {
    const now = Date.now();
    if (askedAt.current !== 0 && now - askedAt.current < REASK_MS) return;
    askedAt.current = now;
    startRefresh(() => router.refresh());
  }, [router]);
}
