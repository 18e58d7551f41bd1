"use client";

import { useEffect, useId, useState } from "react";
import { createPortal } from "react-dom";
import { useRouter } from "next/navigation";
import { Upload, X } from "lucide-react";
import type { PatchSummary } from "@/lib/imports/error-report-patch";
import type { FixView } from "@/lib/imports/fix-jobs";
import { ProgressBar } from "@/components/ui/progress-bar";
import { announceFix, isActive, rowsChangedEvent, useFollowedFix } from "./fix-history";
import { reviewNoticesId } from "./review-header";

/** The report's summary in words; a big patch runs as a fix in the worker, which matches it first for a big import. */
function describePatch(summary: PatchSummary | null, fix: FixView | null): string {
  if (!summary) {
    if (fix?.status === "failed") return `No row was changed: ${fix.error ?? "the report could not be matched"}.`;
    return "Uploaded. The import worker is matching its rows with the import's error rows; the page follows its progress.";
  }
  const unmatched = summary.unmatchedRows ? ` ${number.format(summary.unmatchedRows)} report row(s) matched no row: first, report row ${summary.unmatched[0]!.row} ${summary.unmatched[0]!.reason}.` : "";
  const cells = `${number.format(summary.changedCells)} cells in ${number.format(summary.changedRows)} rows`;
  const outcome = !fix ? "nothing to change." : isActive(fix) ? `changing ${cells} in the import worker; the page follows its progress.` : fix.status === "failed" ? `no row was changed: ${fix.error ?? "the fix failed"}.` : `changed ${cells}.`;
  return `Matched ${number.format(summary.matchedRows)} of ${number.format(summary.reportRows)} report rows; ${outcome}${unmatched}`;
}

const number = new Intl.NumberFormat("en-US");

/**
 * Upload a fixed error report: only the rows it lists change, each re-validated. Its changes are a
 * fix (Fixes panel and History, with Undo); one running in the worker is followed here too, as the
 * customer portal has no fixes panel.
 */
export function ErrorReportUpload({ jobId, disabled }: { jobId: number; disabled: boolean }) {
  const router = useRouter();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [uploaded, setUploaded] = useState<{ summary: PatchSummary | null; fix: FixView | null } | null>(null);
  const [dismissed, setDismissed] = useState(false);
  // The outcome and its progress go on the header's notice line, under the actions: long, they must not push them onto a second line, nor cover the side panel.
  const [noticeLine, setNoticeLine] = useState<HTMLElement | null>(null);
  useEffect(() => setNoticeLine(document.getElementById(reviewNoticesId)), []);
  // A fix running in the worker is followed to its end, its progress shown here.
  const fix = useFollowedFix(jobId, uploaded?.fix ?? null);
  // A report the worker matched brings its summary with the fix.
  const message = failure ?? (uploaded ? describePatch(uploaded.summary ?? fix?.report ?? null, fix) : null);

  const onChange = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setFailure(null);
    setUploaded(null);
    setDismissed(false);
    const response = await fetch(`/api/imports/${jobId}/error-report`, { method: "PUT", body: file }).catch(() => null);
    const body = response ? ((await response.json().catch(() => null)) as { ok: true; summary: PatchSummary | null; fix: FixView | null } | { ok: false; reason: string } | null) : null;
    setBusy(false);
    if (!body) return setFailure("The upload failed; check the connection and try again.");
    if (!body.ok) return setFailure(body.reason);
    setUploaded({ summary: body.summary, fix: body.fix });
    if (body.fix) announceFix(body.fix);
    if (body.fix && isActive(body.fix)) return;
    if (body.fix) window.dispatchEvent(new Event(rowsChangedEvent));
    router.refresh();
  };

  const notice =
    message && !dismissed ? (
      <div className={`flex items-start gap-2 rounded-md border px-3 py-1.5 text-xs ${failure || fix?.status === "failed" ? "border-red-200 bg-red-50" : "border-border bg-muted/50"}`}>
        <p role="status" className="min-w-0 flex-1">{message}</p>
        {fix && isActive(fix) ? <ProgressBar value={fix.rowsDone} max={fix.rowsTotal} label={fix.matching ? "Fixed error report: matching its rows" : "Fixed error report: progress"} className="mt-1 w-40 shrink-0" /> : null}
        <button type="button" onClick={() => setDismissed(true)} className="rounded p-0.5 text-muted-foreground hover:bg-muted focus-visible:outline-2 focus-visible:outline-primary" aria-label="Dismiss the upload's outcome">
          <X aria-hidden className="size-3.5" />
        </button>
      </div>
    ) : null;

  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} title="Upload the fixed error report: only the rows it lists change" className={`inline-flex h-8 cursor-pointer items-center gap-2 whitespace-nowrap rounded-md border border-border bg-white px-3 text-sm font-medium hover:bg-muted focus-within:outline-2 focus-within:outline-primary ${disabled || busy ? "pointer-events-none opacity-50" : ""}`}>
        <Upload aria-hidden className="size-4" />
        {busy ? "Applying…" : "Upload fixes"}
      </label>
      <input id={id} type="file" accept=".csv,text/csv" className="sr-only" disabled={disabled || busy} onChange={(event) => void onChange(event.target.files?.[0])} />
      {notice && noticeLine ? createPortal(notice, noticeLine) : notice}
    </div>
  );
}
