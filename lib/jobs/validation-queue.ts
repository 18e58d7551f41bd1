import type PgBoss from "pg-boss";
import { getEnv } from "../env.ts";
import { startBoss } from "./queue.ts";

// Validation of an uploaded import runs as a queue job too, so a worker (not the web server)
// reads the big files, and a restart picks the work up again.

export const validationQueue = "import-validate";
export type ValidationJobData = { importJobId: number };

export const validationQueueOptions = {
  name: validationQueue,
  policy: "short",
  retryLimit: 2,
  retryDelay: 5,
  expireInSeconds: 60 * 60,
  retentionMinutes: 24 * 60,
} satisfies PgBoss.Queue;

const senders = new Map<string, Promise<PgBoss>>();

/** A process-wide pg-boss that only sends (the web app). */
function senderBoss(databaseUrl: string): Promise<PgBoss> {
  let boss = senders.get(databaseUrl);
  if (!boss) {
    boss = (async () => {
      const started = await startBoss(databaseUrl, { supervise: false, max: 2 });
      await started.createQueue(validationQueue, validationQueueOptions);
      return started;
    })();
    boss.catch(() => senders.delete(databaseUrl));
    senders.set(databaseUrl, boss);
  }
  return boss;
}

export async function sendValidationJob(importJobId: number, databaseUrl = getEnv().DATABASE_URL): Promise<void> {
  const boss = await senderBoss(databaseUrl);
  await boss.send(validationQueue, { importJobId } satisfies ValidationJobData, { singletonKey: `validate:${importJobId}` });
}

/**
 * The worker's side: validates the uploaded files of an import into its rows (ingest), with
 * progress on the job. A failure marks the job failed with a message for the CSM.
 */
export async function runValidationJob(importJobId: number, log: (line: string) => void = () => undefined): Promise<void> {
  const [{ getDb }, { ingestImportJob }, { uploadPath }] = await Promise.all([import("../db/client.ts"), import("../imports/ingest.ts"), import("../uploads/upload-storage.ts")]);
  const db = getDb();
  const job = await db.importJob.findUnique({ where: { id: importJobId }, include: { files: { orderBy: { position: "asc" } } } });
  if (!job || job.status !== "validating") return;
  const located = job.files.filter((file) => file.storageKey);
  const data = located.filter((file) => file.kind === "data").map((file) => ({ name: file.name, path: uploadPath(file.storageKey!) }));
  const mappingFile = located.find((file) => file.kind === "mapping");
  try {
    const result = await ingestImportJob(db, {
      importJobId,
      databaseUrl: getEnv().DATABASE_URL,
      files: data,
      ...(mappingFile ? { mapping: { name: mappingFile.name, path: uploadPath(mappingFile.storageKey!) } } : {}),
    });
    log(`import #${importJobId}: validated ${result.storedRows} rows`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`import #${importJobId}: validation failed: ${message}`);
    await db.importJob.update({ where: { id: importJobId }, data: { status: "failed", error: `Validation stopped: ${message}` } });
  }
}
