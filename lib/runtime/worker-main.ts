import { resolveDatabase } from "../db/resolve-database.ts";
import { startImportWorker } from "../jobs/worker.ts";
import { runValidationJob } from "../imports/validation-run.ts";
import { runFixJob } from "../imports/fix-jobs.ts";
import { sweepUploads } from "../imports/upload-sweep.ts";

// `npm run worker` (bin/worker.mjs): one import worker process. Start as many as you like, on as
// many machines as share the database; they split imports chunk by chunk. SIGTERM or SIGINT
// stops it after the chunks in hand.

const log = (line: string) => process.stderr.write(`[worker] ${line}\n`);

const database = await resolveDatabase({ log });
// The process-wide client (lib/db/client.ts getDb) reads DATABASE_URL.
process.env.DATABASE_URL ??= database.url;
const worker = await startImportWorker({ databaseUrl: database.url, log, validate: runValidationJob, fix: runFixJob });
process.stdout.write(`import worker ${worker.id} ready\n`);

// Uploads nobody keeps (a discard that crashed before deleting, an upload that never got its row): now and hourly.
const sweepUploadsNow = () =>
  void sweepUploads()
    .then((swept) => (swept.removedFiles.length || swept.discardedKeys ? log(`upload sweep: removed ${swept.removedFiles.length} orphan file(s), ${swept.discardedKeys} of discarded imports`) : undefined))
    .catch((error: Error) => log(`upload sweep failed: ${error.message}`));
sweepUploadsNow();
const uploadSweep = setInterval(sweepUploadsNow, 60 * 60 * 1000);
uploadSweep.unref();

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping after the chunks in hand`);
  try {
    clearInterval(uploadSweep);
    await worker.stop();
    await database.release();
  } finally {
    process.exit(0);
  }
};
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
