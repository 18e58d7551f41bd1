"use client";

import { useEffect, useRef, useState } from "react";
import type { ImportProgress } from "@/lib/imports/progress";
import { activeStatuses, describeImportStatus } from "@/lib/jobs/import-status";
import { ProgressBar } from "@/components/ui/progress-bar";
import { useServerRefresh } from "@/components/ui/use-server-refresh";

const number = new Intl.NumberFormat("en-US");

function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "estimating…";
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s left`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min left` : `${Math.floor(minutes / 60)} h ${minutes % 60} min left`;
}

/**
 * Polls the job's progress from Postgres while the page shows an active status, and refreshes the
 * page whenever the job's status is not the one the page was rendered with, again after each
 * refresh has landed until the page agrees: a refresh can be lost (asked while the upload's
 * navigation was still landing), and a lost one must not leave the page behind for good.
 *
 * `pageStatus` is the status the page laid itself out for (its heading, which parts it shows); the
 * progress is read a moment later and may already be further on (an e2e import stayed "Validating"
 * with its progress saying "ready": the view saw nothing active to poll, and the page never caught up).
 */
export function JobProgressView({ jobId, pageStatus, initial, children }: { jobId: number; pageStatus: ImportProgress["status"]; initial: ImportProgress; children?: React.ReactNode }) {
  const refresh = useServerRefresh();
  const [progress, setProgress] = useState(initial);
  // The page rendered again (a roll back, a refresh): its numbers are the newer ones.
  const [shownInitial, setShownInitial] = useState(initial);
  if (shownInitial !== initial) {
    setShownInitial(initial);
    setProgress(initial);
  }

  const renderedStatus = pageStatus;
  const behind = initial.status !== pageStatus;
  useEffect(() => {
    // Already behind when it rendered: the progress read after the page's own read saw it move on.
    if (behind) refresh();
    if (!activeStatuses.has(renderedStatus)) return;
    const timer = setInterval(async () => {
      const response = await fetch(`/api/imports/${jobId}/status`, { cache: "no-store" });
      if (!response.ok) return;
      const body = (await response.json()) as { ok: boolean; progress: ImportProgress };
      if (!body.ok) return;
      setProgress(body.progress);
      if (body.progress.status !== renderedStatus) refresh();
    }, 1000);
    return () => clearInterval(timer);
  }, [jobId, refresh, renderedStatus, behind]);

  if (progress.status === "validating") return <ValidationProgress progress={progress} />;

  return (
    <section aria-label="Import progress" className="flex flex-col gap-3 rounded-lg border border-border bg-white px-5 py-4">
      <div className="flex flex-wrap justify-between gap-2 text-sm">
        <span className="font-medium">
          {progress.status === "queued" ? "Waiting for a worker…" : progress.status === "cancelling" ? "Cancelling after the current chunk…" : progress.status === "running" ? "Importing…" : `Import ${describeImportStatus(progress.status)}`}
        </span>
        <span className="tabular-nums text-muted-foreground">
          {number.format(progress.rowsDone)} of {number.format(progress.totalRows)} rows
          {progress.status === "running" && progress.rowsPerSecond ? ` · ${number.format(Math.round(progress.rowsPerSecond))} rows/s · ${formatEta(progress.etaSeconds)}` : ""}
        </span>
      </div>
      <ProgressBar value={progress.rowsDone} max={progress.totalRows || 1} label="Import progress" />
      {progress.outcome ? <OutcomeCounts outcome={progress.outcome} /> : null}
      {progress.error ? <p role="alert" className="text-sm text-danger">{progress.error}</p> : null}
      {children}
    </section>
  );
}

/** What became of the rows so far: the counts module's numbers (lib/imports/import-counts.ts). */
function OutcomeCounts({ outcome }: { outcome: NonNullable<ImportProgress["outcome"]> }) {
  const items = [
    { label: "Imported", value: outcome.imported },
    { label: "Skipped", value: outcome.skipped },
    { label: "Failed", value: outcome.failed },
    ...(outcome.rolledBack ? [{ label: "Rolled back", value: outcome.rolledBack }] : []),
    { label: "New users", value: outcome.usersCreated },
  ];
  return (
    <dl aria-label="Rows by outcome" className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-5">
      {items.map((item) => (
        <div key={item.label}><dt className="text-muted-foreground">{item.label}</dt><dd className="tabular-nums font-semibold">{number.format(item.value)}</dd></div>
      ))}
    </dl>
  );
}

/** Validation by bytes, with rows read, rows/s and an estimate of the time left (from what this page saw move). */
function ValidationProgress({ progress }: { progress: ImportProgress }) {
  const first = useRef<{ at: number; rows: number; bytes: number } | null>(null);
  const now = Date.now();
  first.current ??= { at: now, rows: progress.totalRows, bytes: progress.validatedBytes };
  const seconds = (now - first.current.at) / 1000;
  const rowsPerSecond = seconds >= 2 ? (progress.totalRows - first.current.rows) / seconds : null;
  const bytesPerSecond = seconds >= 2 ? (progress.validatedBytes - first.current.bytes) / seconds : null;
  const eta = bytesPerSecond ? (progress.totalBytes - progress.validatedBytes) / bytesPerSecond : null;
  const percent = progress.totalBytes ? Math.round((progress.validatedBytes / progress.totalBytes) * 100) : 0;
  return (
    <section aria-label="Validation progress" className="flex flex-col gap-2 rounded-lg border border-border bg-white px-5 py-4">
      <div className="flex justify-between text-sm"><span className="font-medium">Validating every rule of the import format…</span><span className="tabular-nums text-muted-foreground">{percent}%</span></div>
      <ProgressBar value={progress.validatedBytes} max={progress.totalBytes || 1} label="Validation progress" />
      <p className="text-xs text-muted-foreground tabular-nums">
        {number.format(progress.totalRows)} rows read
        {rowsPerSecond !== null ? ` · ${number.format(Math.round(rowsPerSecond))} rows/s · ${formatEta(eta)}` : ""}
      </p>
    </section>
  );
}
