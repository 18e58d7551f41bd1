"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Ban, RotateCcw, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { useJobActions } from "./job-actions";

export function CancelImportButton({ jobId }: { jobId: number }) {
  const { cancelImport } = useJobActions();
  const router = useRouter();
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex items-center gap-3">
      <Button variant="secondary" size="sm" disabled={pending} onClick={() => startTransition(async () => {
        const result = await cancelImport({ jobId });
        setFailure(result.ok ? null : result.reason);
        router.refresh();
      })}>
        <Ban aria-hidden className="size-4" /> Cancel import
      </Button>
      {failure ? <p role="alert" className="text-sm text-danger">{failure}</p> : null}
    </div>
  );
}

export function RollbackButton({ jobId }: { jobId: number }) {
  const { rollbackImport } = useJobActions();
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  if (!confirming) {
    return <Button variant="danger" size="sm" onClick={() => setConfirming(true)}><RotateCcw aria-hidden className="size-4" /> Roll back import</Button>;
  }
  return (
    <div role="group" aria-label="Confirm roll back" className="flex flex-col gap-2 rounded-md border border-red-200 bg-danger-soft p-3 text-sm">
      <p>Delete every issue, event, comment and answer this import created, and the guest users it created? This cannot be undone.</p>
      <div className="flex gap-2">
        <Button variant="danger" size="sm" disabled={pending} onClick={() => startTransition(async () => {
          const result = await rollbackImport({ jobId });
          setFailure(result.ok ? null : result.reason);
          if (result.ok) setConfirming(false);
          router.refresh();
        })}>Yes, roll back</Button>
        <Button variant="secondary" size="sm" onClick={() => setConfirming(false)}>Keep the import</Button>
      </div>
      {failure ? <p role="alert" className="text-danger">{failure}</p> : null}
    </div>
  );
}

/** Discards an import that was never queued; asks once more before its files are deleted. */
/** `compact`: an icon button (the review's header), named like the full one. */
export function DiscardImportButton({ jobId, then, compact = false }: { jobId: number; then?: string; compact?: boolean }) {
  const { discardImport } = useJobActions();
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const discard = () =>
    startTransition(async () => {
      const result = await discardImport({ jobId });
      setFailure(result.ok ? null : result.reason);
      setConfirming(false);
      if (result.ok && then) router.push(then);
      else router.refresh();
    });
  return (
    <div className="flex items-center gap-2">
      {confirming ? (
        <>
          <span className="text-sm">Delete its rows and uploaded files?</span>
          <Button variant="danger" size="sm" disabled={pending} onClick={discard}>
            <Trash2 aria-hidden className="size-4" /> Discard import #{jobId}
          </Button>
          <Button variant="ghost" size="sm" onClick={() => setConfirming(false)}>
            Keep it
          </Button>
        </>
      ) : (
        <Button variant={compact ? "ghost" : "secondary"} size="sm" onClick={() => setConfirming(true)} aria-label={`Discard import #${jobId}…`} title={compact ? "Discard this import" : undefined} className={compact ? "px-2 text-muted-foreground hover:text-danger" : undefined}>
          <Trash2 aria-hidden className="size-4" />{compact ? null : " Discard"}
        </Button>
      )}
      {failure ? <p role="alert" className="text-sm text-danger">{failure}</p> : null}
    </div>
  );
}
