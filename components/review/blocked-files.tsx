"use client";

import { useId, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { AlertTriangle, Trash2, Upload } from "lucide-react";
import type { BlockedFile } from "@/lib/imports/import-files";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ProblemText } from "@/components/ui/problem-text";
import { useReviewActions } from "./review-actions";

/**
 * Files a whole-file error blocks: which and why, and the two ways out. Uploading the file fixed
 * (same name) validates the import afresh; removing it keeps the other files' rows and changes.
 */
export function BlockedFiles({ jobId, files }: { jobId: number; files: BlockedFile[] }) {
  if (files.length === 0) return null;
  return (
    <section aria-label="Blocked files" className="flex shrink-0 flex-col gap-1 border-b border-red-200 bg-danger-soft px-3 py-1.5 text-sm">
      {files.map((file) => <BlockedFileLine key={file.id} jobId={jobId} file={file} />)}
    </section>
  );
}

function BlockedFileLine({ jobId, file }: { jobId: number; file: BlockedFile }) {
  const { removeFile, startValidation } = useReviewActions();
  const router = useRouter();
  const inputId = useId();
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const reupload = (upload: File | undefined) => {
    if (!upload) return;
    if (upload.name !== file.name) return setMessage(`Choose ${file.name} (the same name replaces it); ${upload.name} is another file.`);
    startTransition(async () => {
      setMessage(null);
      const response = await fetch(`/api/imports/${jobId}/files?name=${encodeURIComponent(file.name)}`, { method: "PUT", body: upload });
      const body = (await response.json()) as { ok: boolean; reason?: string };
      if (!body.ok) return setMessage(body.reason ?? "The upload failed.");
      const started = await startValidation({ jobId });
      if (!started.ok) return setMessage(started.reason);
      router.refresh();
    });
  };
  const remove = () =>
    startTransition(async () => {
      const result = await removeFile({ jobId, fileId: file.id });
      setConfirming(false);
      if (!result.ok) return setMessage(result.reason);
      router.refresh();
    });

  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
      <p className="flex min-w-0 flex-1 items-start gap-2">
        <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0 text-danger" />
        <span>
          <span className="font-semibold">{file.name}</span> is blocked:{" "}
          {file.problems.map((problem, index) => <span key={index}>{index ? " " : ""}<Badge tone="danger">{problem.code}</Badge> <ProblemText text={problem.message.replace(/\.$/, "")} />.</span>)}{" "}
          None of its rows is imported until you upload it fixed or remove it from the import.
        </span>
      </p>
      <div className="flex items-center gap-2">
        <label htmlFor={inputId} className={`inline-flex h-7 cursor-pointer items-center gap-1.5 whitespace-nowrap rounded-md border border-border bg-white px-2 text-xs font-medium hover:bg-muted focus-within:outline-2 focus-within:outline-primary ${pending ? "pointer-events-none opacity-50" : ""}`}>
          <Upload aria-hidden className="size-3.5" /> Upload {file.name} fixed
        </label>
        <input id={inputId} type="file" accept=".csv,text/csv" className="sr-only" disabled={pending} title="Validates the whole import again: changes made to rows are replaced by the files" onChange={(event) => reupload(event.target.files?.[0])} />
        {confirming ? (
          <span role="group" aria-label={`Confirm removing ${file.name}`} className="flex items-center gap-2">
            <Button variant="danger" size="sm" disabled={pending} onClick={remove}>Remove {file.name}</Button>
            <Button variant="secondary" size="sm" onClick={() => setConfirming(false)}>Keep it</Button>
          </span>
        ) : (
          <Button variant="secondary" size="sm" disabled={pending} onClick={() => setConfirming(true)} aria-label={`Remove ${file.name} from the import…`}>
            <Trash2 aria-hidden className="size-3.5" /> Remove from import…
          </Button>
        )}
      </div>
      {message ? <p role="status" className="w-full text-xs text-danger">{message}</p> : null}
    </div>
  );
}
