import { validateImport, type ValidationReport } from "../validate.ts";
import type { Problem } from "../problem.ts";
import type { OrgConfig } from "../../org/org-config-schema.ts";

// The engine in a browser Web Worker: the same validateImport, reading File streams, posting
// progress and a compact report back. Kept free of worker globals so Node tests drive it too.

export type WorkerRequest = {
  files: { name: string; size: number; stream: () => ReadableStream<Uint8Array> }[];
  mapping?: { name: string; size: number; stream: () => ReadableStream<Uint8Array> };
  config: OrgConfig;
  /** How many problems to send back (the full list stays on the server). */
  maxProblems?: number;
};

export type WorkerMessage =
  | { type: "progress"; bytes: number; totalBytes: number; rows: number }
  | { type: "done"; report: Omit<ValidationReport, "files"> & { files: { file: string; rows: number; validRows: number; problemCount: number }[] }; problems: Problem[] }
  | { type: "failed"; message: string };

export async function runWorkerValidation(request: WorkerRequest, post: (message: WorkerMessage) => void): Promise<void> {
  const totalBytes = request.files.reduce((sum, file) => sum + file.size, 0);
  const done = new Map<number, number>();
  let lastPost = 0;
  try {
    const report = await validateImport({
      files: request.files.map((file) => ({ name: file.name, source: file.stream(), sizeBytes: file.size })),
      ...(request.mapping ? { mapping: { name: request.mapping.name, source: request.mapping.stream() } } : {}),
      config: request.config,
      onProgress: (progress) => {
        done.set(progress.fileIndex, progress.bytes);
        const now = Date.now();
        if (now - lastPost < 100) return;
        lastPost = now;
        post({ type: "progress", bytes: [...done.values()].reduce((sum, bytes) => sum + bytes, 0), totalBytes, rows: progress.rows });
      },
    });
    const max = request.maxProblems ?? 200;
    const problems = report.files.flatMap((file) => file.problems).slice(0, max);
    post({
      type: "done",
      report: { ...report, files: report.files.map((file) => ({ file: file.file, rows: file.rows, validRows: file.validRows, problemCount: file.problems.length })) },
      problems,
    });
  } catch (error) {
    post({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  }
}
