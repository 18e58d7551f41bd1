import { validateImport, type ValidationReport } from "../validate.ts";
import type { Problem } from "../problem.ts";
import type { OrgConfig } from "../../org/org-config-schema.ts";
import { convertCsv } from "../../profiles/convert-csv.ts";

// The engine in a browser Web Worker: the same validateImport, reading File streams, posting
// progress and a compact report back. Kept free of worker globals so Node tests drive it too.

export type WorkerRequest = {
  files: { name: string; size: number; stream: () => ReadableStream<Uint8Array> }[];
  mapping?: { name: string; size: number; stream: () => ReadableStream<Uint8Array> };
  config: OrgConfig;
  /** How many problems to send back (the full list stays on the server). */
  maxProblems?: number;
};

/** A file that is not in the import format: the profile it looks like (its columns are matched after the upload). */
export type OtherFormat = { file: string; how: "detected" | "inferred" | "given"; profile: string };

export type WorkerMessage =
  | { type: "progress"; bytes: number; totalBytes: number; rows: number }
  | {
      type: "done";
      report: Omit<ValidationReport, "files"> & { files: { file: string; rows: number; validRows: number; problemCount: number }[] };
      problems: Problem[];
      otherFormats: OtherFormat[];
    }
  | { type: "failed"; message: string };

export async function runWorkerValidation(request: WorkerRequest, post: (message: WorkerMessage) => void): Promise<void> {
  const otherFormats: OtherFormat[] = [];
  const canonical: WorkerRequest["files"] = [];
  try {
    for (const file of request.files) {
      const format = await otherFormat(file, request.config.organization.timezone);
      if (format) otherFormats.push(format);
      else canonical.push(file);
    }
    const max = request.maxProblems ?? 200;
    const problems: Problem[] = [];
    const counts = new Map<string, number>();
    const report = await validateImport({
      files: canonical.map((file) => ({ name: file.name, source: file.stream(), sizeBytes: file.size })),
      ...(request.mapping ? { mapping: { name: request.mapping.name, source: request.mapping.stream() } } : {}),
      config: request.config,
      // Only the first problems come back; memory stays flat however many there are.
      onRowProblems: (file, rowProblems) => {
        counts.set(file, (counts.get(file) ?? 0) + rowProblems.length);
        for (const problem of rowProblems) if (problems.length < max) problems.push(problem);
      },
      onProgress: progressPoster(canonical, post),
    });
    const fileProblems = report.files.flatMap((file) => file.problems);
    post({
      type: "done",
      report: { ...report, files: report.files.map((file) => ({ file: file.file, rows: file.rows, validRows: file.validRows, problemCount: file.problems.length + (counts.get(file.file) ?? 0) })) },
      problems: [...fileProblems, ...problems].slice(0, max),
      otherFormats,
    });
  } catch (error) {
    post({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  }
}

function progressPoster(files: WorkerRequest["files"], post: (message: WorkerMessage) => void) {
  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  const done = new Map<number, number>();
  let lastPost = 0;
  return (progress: { fileIndex: number; bytes: number; rows: number }) => {
    done.set(progress.fileIndex, progress.bytes);
    const now = Date.now();
    if (now - lastPost < 100) return;
    lastPost = now;
    post({ type: "progress", bytes: [...done.values()].reduce((sum, bytes) => sum + bytes, 0), totalBytes, rows: progress.rows });
  };
}

/** What the file's header looks like: null for the import format, else the profile it matches. */
async function otherFormat(file: WorkerRequest["files"][number], timeZone: string): Promise<OtherFormat | null> {
  const iterator = convertCsv(file.stream(), { profile: "auto", timeZone, fileName: file.name, sampleRows: 200 })[Symbol.asyncIterator]();
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      if (next.value.kind !== "start") continue;
      const { choice } = next.value;
      return choice.how === "canonical" ? null : { file: file.name, how: choice.how, profile: choice.profile.name };
    }
    return null;
  } finally {
    await iterator.return?.(undefined);
  }
}
