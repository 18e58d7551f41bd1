"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { History, Undo2 } from "lucide-react";
import type { FixView } from "@/lib/imports/fix-jobs";
import { Button } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress-bar";
import { useDateTimeFormat } from "@/components/ui/time-zone";

// The import's bulk fixes and their undos as the database has them (ADR 0013): running ones with
// a progress bar, finished ones with what they changed, and an Undo while they can be undone.

const number = new Intl.NumberFormat("en-US");
const POLL_MS = 1000;

export const isActive = (fix: FixView) => fix.status === "queued" || fix.status === "running";

/** Heard by the review workspace, which reloads its rows. */
export const rowsChangedEvent = "bulk-import:rows-changed";

/**
 * One fix as the server has it, read again every second while it is queued or running (its
 * progress); once it has finished, the workspace's rows and the page's server parts reload.
 */
export function useFollowedFix(jobId: number, initial: FixView | null): FixView | null {
  const router = useRouter();
  const [fix, setFix] = useState(initial);
  useEffect(() => setFix(initial), [initial]);
  const active = fix !== null && isActive(fix);
  const id = fix?.id;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(async () => {
      const response = await fetch(`/api/imports/${jobId}/fixes`, { cache: "no-store" }).catch(() => null);
      const body = response?.ok ? ((await response.json()) as { fixes?: FixView[] }) : null;
      const next = body?.fixes?.find((each) => each.id === id);
      if (!next) return;
      setFix(next);
      if (!isActive(next)) {
        window.dispatchEvent(new Event(rowsChangedEvent));
        router.refresh();
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [active, id, jobId, router]);
  return fix;
}

/** A fix asked for outside the fixes panel (from a row's details): the panel lists it and follows it. */
const fixStartedEvent = "bulk-import:fix-started";

export function announceFix(fix: FixView): void {
  window.dispatchEvent(new CustomEvent<FixView>(fixStartedEvent, { detail: fix }));
}

/** Calls `started` with each fix announced elsewhere on the page. */
export function useFixesStartedElsewhere(started: (fix: FixView) => void): void {
  const latest = useRef(started);
  latest.current = started;
  useEffect(() => {
    const listener = (event: Event) => latest.current((event as CustomEvent<FixView>).detail);
    window.addEventListener(fixStartedEvent, listener);
    return () => window.removeEventListener(fixStartedEvent, listener);
  }, []);
}

/** What the panel says when a fix has finished (or was queued). */
export function fixMessage(fix: FixView): string {
  if (fix.status === "failed") return `${fix.title} stopped and no row was changed: ${fix.error ?? "unknown error"}`;
  if (isActive(fix) && fix.matching) return `${fix.title}: the import worker is matching its rows; the page follows its progress.`;
  if (isActive(fix)) return `${fix.title}: running in the import worker on ${number.format(fix.rowsTotal)} rows; the page follows its progress.`;
  if (fix.kind === "undo") return `${fix.title}: restored ${number.format(fix.rowsChanged)} rows.`;
  if (fix.outcome) return `${fix.title}: ${fix.outcome}`;
  const rows = `${number.format(fix.rowsChanged)} ${fix.rowsChanged === 1 ? "row" : "rows"}`;
  return `${fix.title}: changed ${rows}${fix.skipped ? `; ${number.format(fix.skipped)} left for you` : ""}.`;
}

/**
 * The import's fixes, read from the route and read again every second while one is queued or
 * running; `onSettled` hears of each fix that finished meanwhile.
 */
export function useFixHistory(jobId: number, onSettled: (fix: FixView) => void) {
  const [fixes, setFixes] = useState<FixView[] | null>(null);
  const settled = useRef(onSettled);
  settled.current = onSettled;
  const reload = useCallback(async () => {
    const response = await fetch(`/api/imports/${jobId}/fixes`, { cache: "no-store" }).catch(() => null);
    const body = response?.ok ? ((await response.json()) as { ok: boolean; fixes?: FixView[] }) : null;
    if (!body?.fixes) return;
    const next = body.fixes;
    setFixes((current) => {
      const wasActive = new Set((current ?? []).filter(isActive).map((fix) => fix.id));
      for (const fix of next) if (wasActive.has(fix.id) && !isActive(fix)) queueMicrotask(() => settled.current(fix));
      return next;
    });
  }, [jobId]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const active = (fixes ?? []).some(isActive);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => void reload(), POLL_MS);
    return () => clearInterval(timer);
  }, [active, reload]);
  /** A fix the page just asked for: listed at once, followed while it runs. */
  const add = useCallback((fix: FixView) => setFixes((current) => [fix, ...(current ?? []).filter((item) => item.id !== fix.id)]), []);
  return { fixes: fixes ?? [], add, reload };
}

function FixOutcome({ fix }: { fix: FixView }) {
  const time = useDateTimeFormat();
  if (isActive(fix)) {
    return (
      <div className="mt-1 flex items-center gap-3">
        <ProgressBar value={fix.rowsDone} max={fix.rowsTotal} label={`${fix.title}: progress`} className="max-w-xs" />
        <span className="text-xs text-muted-foreground">
          {fix.status === "queued" ? "Waiting for the import worker…" : fix.matching ? "Matching the report's rows…" : `${number.format(fix.rowsDone)} of ${number.format(fix.rowsTotal)} rows`}
        </span>
      </div>
    );
  }
  if (fix.status === "failed") return <p className="text-xs text-red-700">Failed, no row changed: {fix.error}</p>;
  if (fix.outcome) return <p className="text-xs text-muted-foreground">{fix.outcome}</p>;
  return (
    <p className="text-xs text-muted-foreground">
      {number.format(fix.rowsChanged)} rows, {number.format(fix.cellsChanged)} cells changed{fix.skipped ? `, ${number.format(fix.skipped)} left for you` : ""}
      {fix.undoneAt ? ` · undone ${time.format(new Date(fix.undoneAt))}` : ""}
    </p>
  );
}

/** The fixes still running, with their progress: shown where they were applied. */
export function ActiveFixes({ fixes }: { fixes: FixView[] }) {
  const active = fixes.filter(isActive);
  if (active.length === 0) return null;
  return (
    <ul aria-label="Fixes running" className="flex flex-col gap-2 rounded-md border border-border bg-muted/50 px-3 py-2 text-sm">
      {active.map((fix) => (
        <li key={fix.id}>
          <span className="font-medium">{fix.title}</span>
          <FixOutcome fix={fix} />
        </li>
      ))}
    </ul>
  );
}

/** The history list: newest first, each with who and when, its outcome and an Undo while it can be undone. */
export function FixHistory({ fixes, pending, onUndo }: { fixes: FixView[]; pending: boolean; onUndo: (fix: FixView) => void }) {
  const time = useDateTimeFormat();
  return (
    <section aria-labelledby="fix-history-title">
      <h2 id="fix-history-title" className="flex items-center gap-2 font-semibold">
        <History aria-hidden className="size-4" /> Fix history
      </h2>
      {fixes.length === 0 ? <p className="mt-2 text-sm text-muted-foreground">No bulk fixes yet. Fixes and find and replace are listed here, newest first, each with its undo.</p> : null}
      <ol className="mt-3 flex flex-col divide-y divide-border" aria-label="Bulk fixes of this import">
        {fixes.map((fix) => (
          <li key={fix.id} className="flex flex-wrap items-start justify-between gap-2 py-2 text-sm first:pt-0">
            <div>
              <span className="font-medium">{fix.title}</span>{" "}
              <span className="text-muted-foreground">
                · {fix.by} · {time.format(new Date(fix.createdAt))} · {fix.undoneAt ? "undone" : fix.status}
              </span>
              <FixOutcome fix={fix} />
            </div>
            {fix.canUndo ? (
              <Button size="sm" variant="secondary" disabled={pending} onClick={() => onUndo(fix)} aria-label={`Undo fix #${fix.id}: ${fix.title}`}>
                <Undo2 aria-hidden className="size-3.5" /> Undo
              </Button>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
