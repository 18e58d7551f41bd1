// SQL shared by the executor, the sweeper and the import-job data module. Timestamps are written
// as UTC wall time, as Prisma stores them, whatever the session's time zone.

export const nowUtc = `(now() AT TIME ZONE 'UTC')`;
export const clockUtc = `(clock_timestamp() AT TIME ZONE 'UTC')`;

/**
 * Ends a cancellation once no chunk of the import is in flight: every pending chunk can be
 * locked (a chunk being written is row-locked by its transaction). Any process may run it; it
 * changes nothing while a chunk is being written, and that chunk's writer runs it after commit.
 * $1 = import id. Returns the row when the import became `cancelled`.
 */
export const finalizeCancelSql = `
  WITH pending AS (
    SELECT count(*) AS n FROM "ImportChunk" WHERE "importJobId" = $1 AND status = 'pending'
  ), free AS (
    SELECT id FROM "ImportChunk" WHERE "importJobId" = $1 AND status = 'pending' FOR UPDATE SKIP LOCKED
  )
  UPDATE "ImportJob"
  SET status = 'cancelled', "finishedAt" = ${clockUtc}, "etaSeconds" = NULL, "updatedAt" = ${clockUtc}
  WHERE id = $1 AND status = 'cancelling' AND (SELECT n FROM pending) = (SELECT count(*) FROM free)
  RETURNING id`;
