import { randomBytes } from "node:crypto";
import os from "node:os";
import pg from "pg";
import type PgBoss from "pg-boss";
import { createDb } from "../db/client.ts";
import { pgConfigFromUrl } from "../db/database-url.ts";
import { ImportExecutor } from "./executor.ts";
import { chunkQueue, startBoss, type ChunkJobData } from "./queue.ts";
import { executorSettings, type ExecutorSettings } from "./settings.ts";
import { sweepStaleImports } from "./sweeper.ts";
import { validationQueue, validationQueueOptions, type ValidationHandler, type ValidationJobData } from "./validation-queue.ts";
import { fixQueue, fixQueueOptions, type FixHandler, type FixJobData } from "./fix-queue.ts";

/**
 * An import worker: `settings.concurrency` pg-boss consumers of the chunk queue, the heartbeat
 * of the imports it writes, and the stale-import sweep. `npm run worker` runs one per process
 * (bin/worker.mjs); `bulk-import import` runs one in-process while it waits.
 */
export type ImportWorker = {
  id: string;
  executor: ImportExecutor;
  /** Runs one sweep now (tests, and at start). */
  sweep(): Promise<void>;
  stop(): Promise<void>;
};

export function newWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

export async function startImportWorker(options: {
  databaseUrl: string;
  settings?: Partial<ExecutorSettings>;
  log?: (line: string) => void;
  /** Also validate uploaded imports (the `import-validate` queue of validation-queue.ts) with this handler; the worker process does, the CLI's in-process worker does not. */
  validate?: ValidationHandler;
  /** Also run bulk fixes and their undo (the `import-fix` queue of fix-queue.ts) with this handler; the worker process does. */
  fix?: FixHandler;
  /** Run pg-boss's maintenance (default true); a short-lived in-process worker leaves it to the others. */
  supervise?: boolean;
}): Promise<ImportWorker> {
  const settings = executorSettings(options.settings);
  const log = options.log ?? (() => undefined);
  const id = newWorkerId();
  const pool = new pg.Pool({
    ...pgConfigFromUrl(options.databaseUrl),
    max: settings.concurrency + 2,
    application_name: "bulk-import-worker",
    options: "-c timezone=UTC",
  });
  pool.on("error", (error) => log(`import worker: idle connection error: ${error.message}`));
  const db = createDb(options.databaseUrl, { max: 2 });
  const executor = new ImportExecutor(pool, db, settings, id, log);
  let boss: PgBoss | undefined;
  const timers: NodeJS.Timeout[] = [];
  const sweep = sweepOnce(pool, settings.staleSeconds, log);

  try {
    boss = await startBoss(options.databaseUrl, { supervise: options.supervise ?? true, onError: (error) => log(`import queue: ${error.message}`) });
    await consumeQueues(boss, executor, settings.concurrency, { validate: options.validate, fix: options.fix }, log);
    timers.push(setInterval(() => void executor.heartbeat().catch((error: Error) => log(`heartbeat failed: ${error.message}`)), settings.heartbeatMs));
    timers.push(setInterval(() => void sweep(), settings.sweepMs));
    await sweep();
  } catch (error) {
    for (const timer of timers) clearInterval(timer);
    await boss?.stop({ graceful: false, wait: true }).catch(() => undefined);
    await pool.end().catch(() => undefined);
    await db.$disconnect().catch(() => undefined);
    throw error;
  }

  let stopped: Promise<void> | undefined;
  return {
    id,
    executor,
    sweep,
    stop() {
      stopped ??= (async () => {
        executor.stop();
        for (const timer of timers) clearInterval(timer);
        await boss?.stop({ graceful: true, wait: true, timeout: 60_000 });
        await pool.end();
        await db.$disconnect();
      })();
      return stopped;
    },
  };
}

/** A sweep of stale imports that never runs twice at once. */
function sweepOnce(pool: pg.Pool, staleSeconds: number, log: (line: string) => void): () => Promise<void> {
  let sweeping = false;
  return async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      const result = await sweepStaleImports(pool, staleSeconds);
      for (const job of result.resent) log(`import #${job}: its heartbeat was stale; sent its pending chunks again`);
      for (const job of result.cancelled) log(`import #${job}: cancelled`);
    } catch (error) {
      log(`import sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      sweeping = false;
    }
  };
}

/** `concurrency` consumers of the chunk queue, and one of the validation and fix queues when given their handlers. */
async function consumeQueues(boss: PgBoss, executor: ImportExecutor, concurrency: number, handlers: { validate?: ValidationHandler; fix?: FixHandler }, log: (line: string) => void): Promise<void> {
  for (let slot = 0; slot < concurrency; slot++) {
    await boss.work<ChunkJobData>(chunkQueue, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
      if (!job) return;
      await executor.runChunkJob(job.data);
    });
  }
  const { validate, fix } = handlers;
  if (fix) {
    await boss.createQueue(fixQueue, fixQueueOptions);
    await boss.work<FixJobData>(fixQueue, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
      if (job) await fix(job.data.fixId, log);
    });
  }
  if (!validate) return;
  await boss.createQueue(validationQueue, validationQueueOptions);
  await boss.work<ValidationJobData>(validationQueue, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    if (job) await validate(job.data.importJobId, log);
  });
}
