"use client";

import { useEffect, useState } from "react";
import type { WorkerMessage } from "@/lib/engine/browser/worker-protocol";
import type { OrgConfig } from "@/lib/org/org-config-schema";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Badge } from "@/components/ui/badge";

const number = new Intl.NumberFormat("en-US");

/** The engine runs in a Web Worker on the chosen files, for a first look while they upload. */
export function FirstLook({ files, mapping, config }: { files: File[]; mapping: File | null; config: OrgConfig | null }) {
  const [state, setState] = useState<WorkerMessage | null>(null);

  useEffect(() => {
    if (!config || files.length === 0) return;
    const worker = new Worker(new URL("./engine.worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (event: MessageEvent<WorkerMessage>) => setState(event.data);
    worker.onerror = (event) => setState({ type: "failed", message: event.message || "The first look could not run in this browser." });
    worker.postMessage({ files, ...(mapping ? { mapping } : {}), config });
    return () => worker.terminate();
  }, [files, mapping, config]);

  if (!config || files.length === 0 || !state) return null;
  return (
    <section aria-label="First look" className="flex flex-col gap-2 rounded-lg border border-border bg-white px-5 py-4 text-sm">
      <h2 className="font-semibold">First look <span className="font-normal text-muted-foreground">(checked in your browser; the server checks again after upload)</span></h2>
      {state.type === "progress" ? (
        <>
          <ProgressBar value={state.bytes} max={state.totalBytes || 1} label="First look progress" />
          <p className="text-muted-foreground tabular-nums">{number.format(state.rows)} rows read…</p>
        </>
      ) : state.type === "failed" ? (
        <p className="text-danger">{state.message}</p>
      ) : (
        <>
          {state.otherFormats.map((format) => (
            <p key={format.file}>
              <span className="font-medium">{format.file}</span> is not in the import format:{" "}
              {format.how === "detected" ? `it looks like a ${format.profile} export` : "its columns will be matched by name and by their values"}. You will match its columns after the upload.
            </p>
          ))}
          {state.report.files.length === 0 ? null : (
            <>
          <p aria-live="polite">
            {number.format(state.report.summary.rows)} rows · <span className="text-success">{number.format(state.report.summary.validRows)} valid</span> ·{" "}
            <span className={state.report.summary.errors ? "text-danger" : ""}>{number.format(state.report.summary.errors)} errors</span> · {number.format(state.report.summary.warnings)} warnings
          </p>
          <ul className="flex flex-wrap gap-2">
            {Object.entries(state.report.summary.byCode)
              .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
              .map(([code, count]) => (
                <li key={code}><Badge tone="neutral">{code} · {count}</Badge></li>
              ))}
          </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
