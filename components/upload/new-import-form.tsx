"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { FileSpreadsheet, Upload } from "lucide-react";
import { z } from "zod";
import { checkChosenFiles, newImportSchema } from "@/lib/forms/new-import-schema";
import { createImportJobAction, getOrgConfigAction } from "@/app/imports/new/actions";
import type { OrgConfig } from "@/lib/org/org-config-schema";
import { FirstLook } from "./first-look";
import { startValidationAction } from "@/app/imports/[id]/actions";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { ProgressBar } from "@/components/ui/progress-bar";
import { uploadFile } from "./upload-file";

type Organization = { id: number; name: string; slug: string };
type FileProgress = { name: string; size: number; loaded: number; kind: "data" | "mapping" };

const formSchema = newImportSchema.extend({ organizationId: z.string().min(1, "Choose the organization.") });
type FormValues = z.infer<typeof formSchema>;

const sizeFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const formatSize = (bytes: number) => (bytes >= 1024 * 1024 ? `${sizeFormat.format(bytes / (1024 * 1024))} MB` : `${sizeFormat.format(bytes / 1024)} KB`);

export function NewImportForm({ organizations, maxBytes }: { organizations: Organization[]; maxBytes: number }) {
  const router = useRouter();
  const ids = { org: useId(), files: useId(), mapping: useId(), error: useId() };
  const [dataFiles, setDataFiles] = useState<File[]>([]);
  const [mappingFile, setMappingFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<FileProgress[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const form = useForm<FormValues>({
    resolver: zodResolver(formSchema),
    defaultValues: { organizationId: organizations.length === 1 ? String(organizations[0]!.id) : "" },
  });
  const busy = form.formState.isSubmitting;
  const organizationId = form.watch("organizationId");
  const [config, setConfig] = useState<OrgConfig | null>(null);
  useEffect(() => {
    setConfig(null);
    if (!organizationId) return;
    let cancelled = false;
    void getOrgConfigAction({ organizationId }).then((result) => {
      if (!cancelled && result.ok) setConfig(result.config);
    });
    return () => {
      cancelled = true;
    };
  }, [organizationId]);

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    const problem = checkChosenFiles(dataFiles, maxBytes) ?? (mappingFile ? checkChosenFiles([mappingFile], maxBytes) : null);
    if (problem) return setFailure(problem);
    const created = await createImportJobAction({ organizationId: values.organizationId });
    if (!created.ok) return setFailure(created.reason);
    const queue: FileProgress[] = [
      ...dataFiles.map((file) => ({ name: file.name, size: file.size, loaded: 0, kind: "data" as const })),
      ...(mappingFile ? [{ name: mappingFile.name, size: mappingFile.size, loaded: 0, kind: "mapping" as const }] : []),
    ];
    setProgress(queue);
    const files = [...dataFiles, ...(mappingFile ? [mappingFile] : [])];
    for (const [index, file] of files.entries()) {
      const kind = queue[index]!.kind;
      const url = `/api/imports/${created.jobId}/files?${new URLSearchParams({ name: file.name, kind })}`;
      const outcome = await uploadFile(url, file, (loaded) => setProgress((current) => current.map((item, i) => (i === index ? { ...item, loaded } : item))));
      if (!outcome.ok) return setFailure(outcome.reason);
    }
    const started = await startValidationAction({ jobId: created.jobId });
    if (!started.ok) return setFailure(started.reason);
    router.push(`/imports/${created.jobId}`);
  });

  const chooseFiles = (list: FileList | null) => setDataFiles(list ? Array.from(list) : []);
  const totalBytes = progress.reduce((sum, item) => sum + item.size, 0);
  const loadedBytes = progress.reduce((sum, item) => sum + item.loaded, 0);

  return (
    <form onSubmit={onSubmit} noValidate aria-describedby={failure ? ids.error : undefined} className="flex flex-col gap-6">
      <Card>
        <CardContent className="flex flex-col gap-5 py-5">
          <div className="flex flex-col gap-1.5">
            <label htmlFor={ids.org} className="text-sm font-medium">Organization</label>
            <select
              id={ids.org}
              {...form.register("organizationId")}
              aria-invalid={form.formState.errors.organizationId ? true : undefined}
              className="h-10 rounded-md border border-border bg-white px-3 text-sm"
              disabled={busy}
            >
              <option value="">Choose the organization…</option>
              {organizations.map((organization) => (
                <option key={organization.id} value={organization.id}>{organization.name}</option>
              ))}
            </select>
            {form.formState.errors.organizationId ? <p className="text-sm text-danger">{form.formState.errors.organizationId.message}</p> : null}
          </div>

          <div
            onDragOver={(event) => {
              event.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={(event) => {
              event.preventDefault();
              setDragging(false);
              chooseFiles(event.dataTransfer.files);
            }}
            className={`flex flex-col gap-2 rounded-lg border-2 border-dashed p-5 ${dragging ? "border-primary bg-blue-50" : "border-border"}`}
          >
            <label htmlFor={ids.files} className="flex items-center gap-2 text-sm font-medium">
              <FileSpreadsheet aria-hidden className="size-4" /> CSV files
            </label>
            <p className="text-sm text-muted-foreground">Drop files here or choose them. Several files go into one import; up to {formatSize(maxBytes)} each.</p>
            <input id={ids.files} type="file" multiple accept=".csv,.txt,.tsv,text/csv" disabled={busy} onChange={(event) => chooseFiles(event.target.files)} className="text-sm file:mr-3 file:rounded-md file:border-0 file:bg-muted file:px-3 file:py-2" />
            {dataFiles.length ? (
              <ul className="text-sm text-muted-foreground">
                {dataFiles.map((file) => <li key={file.name}>{file.name} · {formatSize(file.size)}</li>)}
              </ul>
            ) : null}
          </div>

          <div className="flex flex-col gap-1.5">
            <label htmlFor={ids.mapping} className="text-sm font-medium">Request type mapping</label>
            <p className="text-sm text-muted-foreground">Optional. A CSV with columns <code>old_request_type,request_type</code> (or <code>from,to</code>).</p>
            <input id={ids.mapping} type="file" accept=".csv,.txt,text/csv" disabled={busy} onChange={(event) => setMappingFile(event.target.files?.[0] ?? null)} className="text-sm file:mr-3 file:rounded-md file:border-0 file:bg-muted file:px-3 file:py-2" />
          </div>
        </CardContent>
      </Card>

      <FirstLook files={dataFiles} mapping={mappingFile} config={config} />

      {progress.length ? (
        <Card>
          <CardContent className="flex flex-col gap-3 py-5">
            <ProgressBar value={loadedBytes} max={totalBytes} label="Upload progress" />
            <ul className="flex flex-col gap-2 text-sm">
              {progress.map((item) => (
                <li key={item.name} className="flex flex-col gap-1">
                  <span className="flex justify-between"><span>{item.name}{item.kind === "mapping" ? " (mapping)" : ""}</span><span className="tabular-nums text-muted-foreground">{formatSize(item.loaded)} of {formatSize(item.size)}</span></span>
                  <ProgressBar value={item.loaded} max={item.size} label={`Upload of ${item.name}`} />
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ) : null}

      {failure ? <p id={ids.error} role="alert" className="rounded-md border border-red-200 bg-danger-soft px-4 py-3 text-sm text-danger">{failure}</p> : null}

      <div>
        <Button type="submit" disabled={busy || organizations.length === 0}>
          <Upload aria-hidden className="size-4" />
          {busy ? "Uploading…" : "Upload and validate"}
        </Button>
      </div>
    </form>
  );
}
