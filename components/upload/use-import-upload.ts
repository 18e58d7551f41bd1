import { useState } from "react";
import { checkChosenFiles } from "@/lib/forms/new-import-schema";
import { useNewImportActions } from "./new-import-actions";
import { uploadFile, type UploadOutcome } from "./upload-file";

export type FileProgress = { name: string; size: number; loaded: number; kind: "data" | "mapping" };

/**
 * Starting an import: create the draft, stream its files up one after another (with progress),
 * then start its validation, or send it to the Match columns step when a file is not canonical.
 * `start` answers the new import's id and where to go, or null with `failure` set.
 */
export function useImportUpload(maxBytes: number) {
  const actions = useNewImportActions();
  const [progress, setProgress] = useState<FileProgress[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  // The draft an interrupted upload left: it keeps the files that arrived, to continue or discard.
  const [draftId, setDraftId] = useState<number | null>(null);
  const fail = (reason: string) => {
    setFailure(reason);
    return null;
  };

  const start = async (organizationId: string, dataFiles: File[], mappingFile: File | null): Promise<{ jobId: number; next: "review" | "columns" } | null> => {
    setFailure(null);
    setDraftId(null);
    const problem = checkChosenFiles(dataFiles, maxBytes) ?? (mappingFile ? checkChosenFiles([mappingFile], maxBytes) : null);
    if (problem) return fail(problem);
    const created = await actions.createImportJob({ organizationId });
    if (!created.ok) return fail(created.reason);
    const queue: FileProgress[] = [
      ...dataFiles.map((file) => ({ name: file.name, size: file.size, loaded: 0, kind: "data" as const })),
      ...(mappingFile ? [{ name: mappingFile.name, size: mappingFile.size, loaded: 0, kind: "mapping" as const }] : []),
    ];
    setProgress(queue);
    const files = [...dataFiles, ...(mappingFile ? [mappingFile] : [])];
    const uploaded = await uploadAll(created.jobId, files, queue, (index, loaded) => setProgress((current) => current.map((item, i) => (i === index ? { ...item, loaded } : item))));
    if (!uploaded.ok) {
      setDraftId(created.jobId);
      return fail(`${uploaded.reason} Import #${created.jobId} keeps the files that arrived.`);
    }
    const prepared = await actions.prepareImport({ jobId: created.jobId });
    if (!prepared.ok) return fail(prepared.reason);
    return { jobId: created.jobId, next: prepared.next };
  };

  return { progress, failure, draftId, start };
}

/** One file after another; the first that fails stops the rest. */
export async function uploadAll(jobId: number, files: File[], queue: FileProgress[], onLoaded: (index: number, loaded: number) => void): Promise<UploadOutcome> {
  for (const [index, file] of files.entries()) {
    const kind = queue[index]!.kind;
    const url = `/api/imports/${jobId}/files?${new URLSearchParams({ name: file.name, kind })}`;
    const outcome = await uploadFile(url, file, (loaded) => onLoaded(index, loaded));
    if (!outcome.ok) return outcome;
  }
  return { ok: true };
}
