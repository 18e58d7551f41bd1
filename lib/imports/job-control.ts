import "server-only";
import { getDb } from "../db/client.ts";
import { cancelImportJob, enqueueImportJob } from "./import-jobs.ts";
import { rollbackImportJob } from "./rollback.ts";

// The web app's entry points to the executor's job control (the CLI calls the same functions).

export function queueImport(jobId: number, options: { onlyValid: boolean; queuedById: number }) {
  return enqueueImportJob(jobId, options, getDb());
}

export function cancelImport(jobId: number) {
  return cancelImportJob(jobId, getDb());
}

export function rollbackImport(jobId: number) {
  return rollbackImportJob(jobId, getDb());
}
