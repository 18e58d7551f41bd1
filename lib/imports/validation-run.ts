import "server-only";
import { getDb, type Db } from "../db/client.ts";
import { getEnv } from "../env.ts";
import { uploadPath } from "../uploads/upload-storage.ts";
import { ingestImportJob } from "./ingest.ts";
import { parseSourceProfile, type SourceProfile } from "../profiles/profile-schema.ts";
import { settingsChangedSince } from "../auth/audit-log.ts";
import { recheckAfterSettingsChange } from "./settings-recheck.ts";

/**
 * The worker's side of a validation request (validation-requests.ts): validates the uploaded files
 * of an import into its rows (ingest), with progress on the job. A failure marks the job failed
 * with a message for the CSM. The worker is handed this function (lib/runtime/worker-main.ts).
 */
export async function runValidationJob(importJobId: number, log: (line: string) => void = () => undefined, options: { db?: Db; databaseUrl?: string } = {}): Promise<void> {
  const db = options.db ?? getDb();
  const databaseUrl = options.databaseUrl ?? getEnv().DATABASE_URL;
  const job = await db.importJob.findUnique({ where: { id: importJobId }, omit: { report: true }, include: { files: { orderBy: { position: "asc" } } } });
  if (!job || job.status !== "validating") return;
  const located = job.files.filter((file) => file.storageKey);
  const data = located.filter((file) => file.kind === "data").map((file) => ({ name: file.name, path: uploadPath(file.storageKey!), profile: storedProfile(file.sourceProfile) }));
  const mappingFile = located.find((file) => file.kind === "mapping");
  try {
    const result = await ingestImportJob({
      importJobId,
      databaseUrl,
      files: data,
      ...(mappingFile ? { mapping: { name: mappingFile.name, path: uploadPath(mappingFile.storageKey!) } } : {}),
    }, db);
    log(`import #${importJobId}: validated ${result.storedRows} rows`);
    // Settings changed while it was validated (the re-check of ADR 0017 passed it by, as it was not
    // ready yet): it read the older ones, so it is re-checked now.
    if (await settingsChangedSince(job.organizationId, job.updatedAt, db)) {
      await recheckAfterSettingsChange(job.organizationId, { userId: null, change: "settings changed while it was being validated" }, { importJobIds: [importJobId], databaseUrl }, db);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`import #${importJobId}: validation failed: ${message}`);
    // A discarded import stays discarded, without the rows written before it was noticed.
    const failed = await db.importJob.updateMany({ where: { id: importJobId, status: "validating" }, data: { status: "failed", error: `Validation stopped: ${message}` } });
    if (failed.count === 0) await db.importRow.deleteMany({ where: { importJobId, importJob: { status: "cancelled", queuedAt: null } } });
  }
}

/** The profile the "Match columns" step kept on the file (null: a canonical file). */
function storedProfile(stored: unknown): SourceProfile | null {
  if (stored === null || stored === undefined) return null;
  const parsed = parseSourceProfile(stored);
  if (!parsed.ok) throw new Error(`the file's source profile is not valid: ${parsed.problems.map((problem) => `${problem.path}: ${problem.message}`).join("; ")}`);
  return parsed.profile;
}
