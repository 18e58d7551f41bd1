"use client";

import { useId, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Upload } from "lucide-react";
import type { ActionResult } from "@/lib/forms/action-result";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatSize } from "./format-size";
import { UploadProgress } from "./upload-progress";
import { uploadAll, type FileProgress } from "./use-import-upload";

type ReceivedFile = { name: string; kind: "data" | "mapping"; byteSize: number };

/**
 * A draft whose upload stopped midway (the browser closed, the connection dropped): the files that
 * arrived are kept whole (a file cut off is never kept). Choose the missing files, or all of them
 * again (the same name replaces), and the import goes on as a new one would; or discard it.
 */
export function ResumeUpload({ jobId, received, reviewPath, prepare, discard = null }: {
  jobId: number;
  /** Staff may discard the draft (with its files); the portal may not. */
  discard?: React.ReactNode;
  received: ReceivedFile[];
  reviewPath: string;
  prepare: (input: { jobId: number }) => Promise<ActionResult<{ next: "review" | "columns" }>>;
}) {
  const router = useRouter();
  const ids = { data: useId(), mapping: useId() };
  const [dataFiles, setDataFiles] = useState<File[]>([]);
  const [mappingFile, setMappingFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<FileProgress[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const dataReceived = received.filter((file) => file.kind === "data");

  const go = () =>
    startTransition(async () => {
      setFailure(null);
      const files = [...dataFiles, ...(mappingFile ? [mappingFile] : [])];
      const queue: FileProgress[] = files.map((file, index) => ({ name: file.name, size: file.size, loaded: 0, kind: index < dataFiles.length ? "data" : "mapping" }));
      setProgress(queue);
      const uploaded = await uploadAll(jobId, files, queue, (index, loaded) => setProgress((current) => current.map((item, i) => (i === index ? { ...item, loaded } : item))));
      if (!uploaded.ok) return setFailure(`${uploaded.reason} The files that arrived are kept: try again.`);
      const prepared = await prepare({ jobId });
      if (!prepared.ok) return setFailure(prepared.reason);
      router.push(prepared.next === "columns" ? `${reviewPath}/${jobId}/columns` : `${reviewPath}/${jobId}`);
      router.refresh();
    });

  return (
    <Card>
      <CardHeader>
        <CardTitle>This import is not validated yet</CardTitle>
        <CardDescription>
          Its upload may have been interrupted (the browser closed, the connection dropped). The files that arrived are kept whole. Choose the
          ones missing, or all of them again to start over (a file of the same name replaces the one here), and the import goes on; or go on
          with the files received{discard ? "; or discard it" : ""}.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <section aria-label="Files received">
          <h3 className="text-sm font-semibold">Files received</h3>
          {received.length ? (
            <ul className="text-sm">{received.map((file) => <li key={file.name}>{file.name}{file.kind === "mapping" ? " (mapping)" : ""} · {formatSize(file.byteSize)}</li>)}</ul>
          ) : (
            <p className="text-sm text-muted-foreground">None yet.</p>
          )}
        </section>
        <div className="flex flex-col gap-1.5">
          <label htmlFor={ids.data} className="text-sm font-medium">CSV files to upload</label>
          <input id={ids.data} type="file" multiple accept=".csv,.txt,.tsv,text/csv" disabled={pending} onChange={(event) => setDataFiles(event.target.files ? Array.from(event.target.files) : [])} className="text-sm file:mr-3 file:rounded-md file:border-0 file:bg-muted file:px-3 file:py-2" />
        </div>
        <div className="flex flex-col gap-1.5">
          <label htmlFor={ids.mapping} className="text-sm font-medium">Request type mapping (optional)</label>
          <input id={ids.mapping} type="file" accept=".csv,.txt,text/csv" disabled={pending} onChange={(event) => setMappingFile(event.target.files?.[0] ?? null)} className="text-sm file:mr-3 file:rounded-md file:border-0 file:bg-muted file:px-3 file:py-2" />
        </div>
        <UploadProgress progress={progress} />
        {failure ? <p role="alert" className="text-sm text-danger">{failure}</p> : null}
        <div className="flex flex-wrap items-start gap-3">
          <Button type="button" disabled={pending || (dataFiles.length === 0 && dataReceived.length === 0)} onClick={go}>
            <Upload aria-hidden className="size-4" /> {pending ? "Uploading…" : dataFiles.length || mappingFile ? "Upload and continue" : "Continue with the files received"}
          </Button>
          {discard}
        </div>
      </CardContent>
    </Card>
  );
}
