"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useForm, type UseFormReturn } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { FileSpreadsheet, Upload } from "lucide-react";
import * as z from "zod";
import { newImportSchema } from "@/lib/forms/new-import-schema";
import { FirstLook } from "./first-look";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { formatSize } from "./format-size";
import { UploadProgress } from "./upload-progress";
import { useImportUpload } from "./use-import-upload";
import { useOrgConfig } from "./use-org-config";

type Organization = { id: number; name: string; slug: string };

const formSchema = newImportSchema.extend({ organizationId: z.string().min(1, "Choose the organization.") });
type FormValues = z.infer<typeof formSchema>;

/** reviewPath: where the import goes next (/imports for staff, /portal/imports for a customer). */
export function NewImportForm({ organizations, maxBytes, reviewPath = "/imports" }: { organizations: Organization[]; maxBytes: number; reviewPath?: string }) {
  const router = useRouter();
  const ids = { org: useId(), files: useId(), mapping: useId(), error: useId() };
  const [dataFiles, setDataFiles] = useState<File[]>([]);
  const [mappingFile, setMappingFile] = useState<File | null>(null);
  const form = useForm<FormValues>({
    resolver: zodResolver(formSchema),
    defaultValues: { organizationId: organizations.length === 1 ? String(organizations[0]!.id) : "" },
  });
  const busy = form.formState.isSubmitting;
  const config = useOrgConfig(form.watch("organizationId"));
  const upload = useImportUpload(maxBytes);

  const onSubmit = form.handleSubmit(async (values) => {
    const started = await upload.start(values.organizationId, dataFiles, mappingFile);
    if (started) router.push(started.next === "columns" ? `${reviewPath}/${started.jobId}/columns` : `${reviewPath}/${started.jobId}`);
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-describedby={upload.failure ? ids.error : undefined} className="flex flex-col gap-6">
      <Card>
        <CardContent className="flex flex-col gap-5 py-5">
          <OrganizationField id={ids.org} form={form} organizations={organizations} busy={busy} />
          <DataFilesField id={ids.files} files={dataFiles} onChoose={setDataFiles} maxBytes={maxBytes} busy={busy} />
          <div className="flex flex-col gap-1.5">
            <label htmlFor={ids.mapping} className="text-sm font-medium">Request type mapping</label>
            <p className="text-sm text-muted-foreground">Optional. A CSV with columns <code>old_request_type,request_type</code> (or <code>from,to</code>).</p>
            <input id={ids.mapping} type="file" accept=".csv,.txt,text/csv" disabled={busy} onChange={(event) => setMappingFile(event.target.files?.[0] ?? null)} className="text-sm file:mr-3 file:rounded-md file:border-0 file:bg-muted file:px-3 file:py-2" />
          </div>
        </CardContent>
      </Card>

      <FirstLook files={dataFiles} mapping={mappingFile} config={config} />

      <UploadProgress progress={upload.progress} />

      {upload.failure ? (
        <p id={ids.error} role="alert" className="rounded-md border border-red-200 bg-danger-soft px-4 py-3 text-sm text-danger">
          {upload.failure}
          {upload.draftId ? <> <Link href={`${reviewPath}/${upload.draftId}`} className="font-medium underline">Continue the upload of import #{upload.draftId}</Link></> : null}
        </p>
      ) : null}

      <div>
        <Button type="submit" disabled={busy || organizations.length === 0}>
          <Upload aria-hidden className="size-4" />
          {busy ? "Uploading…" : "Upload and validate"}
        </Button>
      </div>
    </form>
  );
}

function OrganizationField({ id, form, organizations, busy }: { id: string; form: UseFormReturn<FormValues>; organizations: Organization[]; busy: boolean }) {
  const error = form.formState.errors.organizationId;
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">Organization</label>
      <select id={id} {...form.register("organizationId")} aria-invalid={error ? true : undefined} className="h-10 rounded-md border border-border bg-white px-3 text-sm" disabled={busy}>
        <option value="">Choose the organization…</option>
        {organizations.map((organization) => (
          <option key={organization.id} value={organization.id}>{organization.name}</option>
        ))}
      </select>
      {error ? <p className="text-sm text-danger">{error.message}</p> : null}
    </div>
  );
}

/** The CSV files: dropped on the box or chosen with the file input. */
function DataFilesField({ id, files, onChoose, maxBytes, busy }: { id: string; files: File[]; onChoose: (files: File[]) => void; maxBytes: number; busy: boolean }) {
  const [dragging, setDragging] = useState(false);
  const choose = (list: FileList | null) => onChoose(list ? Array.from(list) : []);
  return (
    <div
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        choose(event.dataTransfer.files);
      }}
      className={`flex flex-col gap-2 rounded-lg border-2 border-dashed p-5 ${dragging ? "border-primary bg-blue-50" : "border-border"}`}
    >
      <label htmlFor={id} className="flex items-center gap-2 text-sm font-medium">
        <FileSpreadsheet aria-hidden className="size-4" /> CSV files
      </label>
      <p className="text-sm text-muted-foreground">Drop files here or choose them. Several files go into one import; up to {formatSize(maxBytes)} each.</p>
      <input id={id} type="file" multiple accept=".csv,.txt,.tsv,text/csv" disabled={busy} onChange={(event) => choose(event.target.files)} className="text-sm file:mr-3 file:rounded-md file:border-0 file:bg-muted file:px-3 file:py-2" />
      {files.length ? (
        <ul className="text-sm text-muted-foreground">
          {files.map((file) => <li key={file.name}>{file.name} · {formatSize(file.size)}</li>)}
        </ul>
      ) : null}
    </div>
  );
}
