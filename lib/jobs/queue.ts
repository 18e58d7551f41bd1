import PgBoss from "pg-boss";
import { pgConfigFromUrl } from "../db/database-url.ts";

// The import queue: pg-boss in the app's own Postgres (docs/decisions/0004-import-queue.md).
// One queue, `import-chunk`: a job per chunk of an import, keyed `chunk:<id>`. Its policy is
// `short`, so at most one *queued* job exists per chunk: re-sending a chunk that is still
// waiting is a no-op, while a chunk whose job a dead worker holds can be sent again.

export const pgBossSchema = "pgboss";
export const chunkQueue = "import-chunk";

export type ChunkJobData = { importJobId: number; chunkId: number };

/**
 * A queue with the `short` policy (at most one queued job per singleton key) that keeps finished
 * jobs a day. Each queue says only how it retries and when a held job expires.
 */
export function shortQueue(name: string, retries: { retryLimit: number; retryDelay: number; expireInSeconds: number }): PgBoss.Queue {
  return { name, policy: "short", retentionMinutes: 24 * 60, ...retries };
}

export const chunkQueueOptions = shortQueue(chunkQueue, {
  // A chunk that throws is retried by pg-boss; the executor marks the import failed after
  // settings.maxAttempts failures of one chunk, whatever the queue does.
  retryLimit: 5,
  retryDelay: 2,
  // The backstop only: a dead worker's chunks are re-sent by the sweeper within seconds.
  expireInSeconds: 300,
});

export function createBoss(databaseUrl: string, options: { supervise: boolean; max?: number }): PgBoss {
  const { host, port, user, password, database } = pgConfigFromUrl(databaseUrl);
  const boss = new PgBoss({
    host,
    port,
    user,
    database,
    ...(typeof password === "string" ? { password } : {}),
    application_name: "bulk-import-queue",
    schema: pgBossSchema,
    max: options.max ?? 3,
    migrate: true,
    supervise: options.supervise,
    schedule: false,
  });
  return boss;
}

/** Starts pg-boss (installing its schema on first use) and makes sure the import queue exists. */
export async function startBoss(databaseUrl: string, options: { supervise: boolean; max?: number; onError?: (error: Error) => void }): Promise<PgBoss> {
  const boss = createBoss(databaseUrl, options);
  boss.on("error", options.onError ?? ((error) => process.stderr.write(`import queue: ${error.message}\n`)));
  await boss.start();
  await boss.createQueue(chunkQueue, chunkQueueOptions);
  return boss;
}

const installed = new Map<string, Promise<void>>();

/** For processes that only enqueue (the web app, `import --no-wait`): installs the queue once per process. */
export function ensureQueueInstalled(databaseUrl: string): Promise<void> {
  let done = installed.get(databaseUrl);
  if (!done) {
    done = (async () => {
      const boss = await startBoss(databaseUrl, { supervise: false, max: 1 });
      await boss.stop({ graceful: false, wait: true });
    })();
    done.catch(() => installed.delete(databaseUrl));
    installed.set(databaseUrl, done);
  }
  return done;
}

/**
 * Sends a queue job for every pending chunk of an import, in the caller's transaction, through
 * pg-boss's documented SQL interface (an INSERT into its job table with the queue's settings).
 * Chunks that already have a queued job are skipped by the queue's `short` policy. $1 = import id.
 */
export const sendPendingChunksSql = `
  INSERT INTO ${pgBossSchema}.job (id, name, data, singleton_key, retry_limit, retry_delay, retry_backoff, expire_in, keep_until, policy)
  SELECT gen_random_uuid(), q.name, jsonb_build_object('importJobId', c."importJobId", 'chunkId', c.id), 'chunk:' || c.id,
         COALESCE(q.retry_limit, 2), COALESCE(q.retry_delay, 0), COALESCE(q.retry_backoff, false),
         COALESCE(q.expire_seconds, 900) * interval '1 second',
         now() + COALESCE(q.retention_minutes, 20160) * interval '1 minute',
         q.policy
  FROM "ImportChunk" c CROSS JOIN ${pgBossSchema}.queue q
  WHERE q.name = '${chunkQueue}' AND c."importJobId" = $1 AND c.status = 'pending'
  ORDER BY c.index
  ON CONFLICT DO NOTHING`;

/** Drops an import's chunk jobs that are still waiting (after it finished or was cancelled). $1 = import id. */
export const dropQueuedChunksSql = `
  DELETE FROM ${pgBossSchema}.job
  WHERE name = '${chunkQueue}' AND state = 'created' AND (data->>'importJobId')::int = $1`;

/** Drops the waiting job of one chunk (taken by a worker draining its import). $1 = chunk id. */
export const dropQueuedChunkSql = `
  DELETE FROM ${pgBossSchema}.job
  WHERE name = '${chunkQueue}' AND state = 'created' AND policy = 'short' AND singleton_key = 'chunk:' || $1::int`;
