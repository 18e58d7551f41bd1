import type pg from "pg";
import { dropQueuedChunksSql, sendPendingChunksSql } from "./queue.ts";
import { clockUtc, finalizeCancelSql } from "./job-sql.ts";

/**
 * The stale-import sweeper, run by every worker every few seconds (docs/import-executor.md).
 *
 * A worker writing an import refreshes its `heartbeatAt` every few seconds and at every chunk
 * commit. When a worker dies (kill -9, a lost machine), its transaction is rolled back, its chunk
 * lock released, and the queue job it held stays `active` until pg-boss's expiry (minutes). An
 * import that is queued or running, has pending chunks, and whose heartbeat is older than
 * `staleSeconds` is claimed by one sweeper (the heartbeat bump is the claim) and its pending
 * chunks are sent again. Chunks that still have a waiting job are not duplicated (the queue's
 * `short` policy), and a duplicate that does run finds its chunk done or locked and does nothing.
 *
 * The sweep also ends cancellations whose last chunk finished while nobody was looking.
 */
export async function sweepStaleImports(pool: pg.Pool, staleSeconds: number): Promise<{ resent: number[]; cancelled: number[] }> {
  const stale = await pool.query<{ id: number }>(
    `UPDATE "ImportJob" AS j SET "heartbeatAt" = ${clockUtc}
     WHERE j.status IN ('queued', 'running')
       AND (j."heartbeatAt" IS NULL OR j."heartbeatAt" < ${clockUtc} - $1 * interval '1 second')
       AND EXISTS (SELECT 1 FROM "ImportChunk" c WHERE c."importJobId" = j.id AND c.status = 'pending')
     RETURNING j.id`,
    [staleSeconds],
  );
  const resent: number[] = [];
  for (const { id } of stale.rows) {
    await pool.query(sendPendingChunksSql, [id]);
    resent.push(id);
  }
  const cancelling = await pool.query<{ id: number }>(`SELECT id FROM "ImportJob" WHERE status = 'cancelling'`);
  const cancelled: number[] = [];
  for (const { id } of cancelling.rows) {
    const done = await pool.query(finalizeCancelSql, [id]);
    if (done.rowCount) {
      await pool.query(dropQueuedChunksSql, [id]);
      cancelled.push(id);
    }
  }
  return { resent, cancelled };
}
