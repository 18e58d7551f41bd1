"use client";

import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import { Upload } from "lucide-react";
import type { PatchSummary } from "@/lib/imports/error-report-patch";

/** Upload a fixed error report: only the rows it lists change, each re-validated. */
export function ErrorReportUpload({ jobId, disabled }: { jobId: number; disabled: boolean }) {
  const router = useRouter();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const onChange = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setMessage(null);
    const response = await fetch(`/api/imports/${jobId}/error-report`, { method: "PUT", body: file });
    const body = (await response.json()) as { ok: true; summary: PatchSummary } | { ok: false; reason: string };
    setBusy(false);
    if (!body.ok) return setMessage(body.reason);
    const { summary } = body;
    const unmatched = summary.unmatchedRows ? ` ${summary.unmatchedRows} report row(s) matched no row: first, report row ${summary.unmatched[0]!.row} ${summary.unmatched[0]!.reason}.` : "";
    setMessage(`Matched ${summary.matchedRows} of ${summary.reportRows} report rows; changed ${summary.changedCells} cells in ${summary.changedRows} rows.${unmatched}`);
    router.refresh();
  };

  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} title="Upload the fixed error report: only the rows it lists change" className={`inline-flex h-8 cursor-pointer items-center gap-2 whitespace-nowrap rounded-md border border-border bg-white px-3 text-sm font-medium hover:bg-muted focus-within:outline-2 focus-within:outline-primary ${disabled || busy ? "pointer-events-none opacity-50" : ""}`}>
        <Upload aria-hidden className="size-4" />
        {busy ? "Applying…" : "Upload fixes"}
      </label>
      <input id={id} type="file" accept=".csv,text/csv" className="sr-only" disabled={disabled || busy} onChange={(event) => void onChange(event.target.files?.[0])} />
      {message ? <p role="status" className="max-w-xs text-xs">{message}</p> : null}
    </div>
  );
}
