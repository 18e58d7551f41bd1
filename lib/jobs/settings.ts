import * as z from "zod";
import { getEnvWithoutDatabase } from "../env.ts";

// The executor's knobs. WORKER_CONCURRENCY and IMPORT_CHUNK_ROWS are part of the app's validated
// environment (lib/env.ts); the timing knobs below are executor internals with safe defaults,
// overridable for operations and tests (docs/import-executor.md).

const timingSchema = z.object({
  /** A running import whose heartbeat is older than this is taken over by the sweeper. */
  IMPORT_STALE_SECONDS: z.coerce.number().positive().default(15),
  /** How often a worker refreshes the heartbeat of the imports it is writing. */
  IMPORT_HEARTBEAT_SECONDS: z.coerce.number().positive().default(3),
  /** How often each worker runs the stale-import sweep. */
  IMPORT_SWEEP_SECONDS: z.coerce.number().positive().default(5),
  /** Check foreign keys once per chunk instead of per row (lib/jobs/executor.ts); 0 turns it off. */
  IMPORT_BATCH_REFERENCE_CHECKS: z.enum(["0", "1"]).default("1"),
  /** Test hook: hold each chunk's transaction open this long before commit (0 = off). */
  IMPORT_TEST_CHUNK_DELAY_MS: z.coerce.number().int().min(0).default(0),
});

export type ExecutorSettings = {
  concurrency: number;
  chunkRows: number;
  staleSeconds: number;
  heartbeatMs: number;
  sweepMs: number;
  /** A failing chunk is tried this often before the import is marked failed. */
  maxAttempts: number;
  /** After its own chunk, a chunk job keeps taking the import's pending chunks for up to this long. */
  drainBudgetMs: number;
  /** Lock every parent a chunk refers to once and skip the per-row foreign key triggers. */
  batchReferenceChecks: boolean;
  testChunkDelayMs: number;
};

export function executorSettings(overrides: Partial<ExecutorSettings> = {}): ExecutorSettings {
  const env = getEnvWithoutDatabase();
  const timing = timingSchema.parse(process.env);
  return {
    concurrency: env.WORKER_CONCURRENCY,
    chunkRows: env.IMPORT_CHUNK_ROWS,
    staleSeconds: timing.IMPORT_STALE_SECONDS,
    heartbeatMs: timing.IMPORT_HEARTBEAT_SECONDS * 1000,
    sweepMs: timing.IMPORT_SWEEP_SECONDS * 1000,
    maxAttempts: 3,
    drainBudgetMs: 30_000,
    batchReferenceChecks: timing.IMPORT_BATCH_REFERENCE_CHECKS === "1",
    testChunkDelayMs: timing.IMPORT_TEST_CHUNK_DELAY_MS,
    ...overrides,
  };
}
