"use client";

import { useEffect, useRef } from "react";
import { RefreshCw, Settings2 } from "lucide-react";
import type { FixView } from "@/lib/imports/fix-jobs";
import { ProgressBar } from "@/components/ui/progress-bar";
import { useDateTimeFormat } from "@/components/ui/time-zone";
import { isActive, rowsChangedEvent, useFollowedFix } from "./fix-history";

// After a change to the organization's settings, the import is re-checked by the worker
// (lib/imports/settings-recheck.ts). The review says so under its header: the progress while it
// runs, then what changed ("412 rows no longer have errors"), and the grid and counts follow.

const number = new Intl.NumberFormat("en-US");

/** Calls `reload` when a settings re-check or a fix outside the workspace rewrote the rows. */
export function useRowsChangedElsewhere(reload: () => void): void {
  const latest = useRef(reload);
  latest.current = reload;
  useEffect(() => {
    const listener = () => latest.current();
    window.addEventListener(rowsChangedEvent, listener);
    return () => window.removeEventListener(rowsChangedEvent, listener);
  }, []);
}

export function RecheckNotice({ jobId, initial }: { jobId: number; initial: FixView }) {
  const time = useDateTimeFormat();
  const fix = useFollowedFix(jobId, initial)!;
  const active = isActive(fix);

  const changes = fix.title.replace(/^Re-checked after a settings change: /, "");
  if (active) {
    return (
      <div role="status" className="flex flex-wrap items-center gap-3 rounded-md border border-border bg-sky-50 px-4 py-2 text-sm">
        <RefreshCw aria-hidden className="size-4 animate-spin motion-reduce:animate-none" />
        <span>
          Settings changed ({changes}): re-checking this import’s rows
          {fix.status === "running" ? ` — ${number.format(fix.rowsDone)} of ${number.format(fix.rowsTotal)}` : " — waiting for the import worker"}…
        </span>
        <ProgressBar value={fix.rowsDone} max={fix.rowsTotal} label="Re-check progress" className="max-w-48" />
      </div>
    );
  }
  if (fix.status === "failed") {
    return (
      <p role="status" className="rounded-md border border-red-200 bg-red-50 px-4 py-2 text-sm text-red-800">
        The re-check after the settings change ({changes}) stopped, and no row changed: {fix.error}
      </p>
    );
  }
  return (
    <p role="status" className="flex flex-wrap items-center gap-2 rounded-md border border-border bg-muted/60 px-4 py-2 text-sm">
      <Settings2 aria-hidden className="size-4" />
      <span>
        Settings changed ({changes}); re-checked {fix.finishedAt ? time.format(new Date(fix.finishedAt)) : ""}: <strong className="font-medium">{fix.outcome ?? "done."}</strong>
      </span>
    </p>
  );
}
