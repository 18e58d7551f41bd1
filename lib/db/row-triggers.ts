import type pg from "pg";

// Bulk writes check their foreign keys once per batch instead of once per row: a foreign key's
// row trigger looks up and locks the parent row FOR KEY SHARE for every child row, which was half
// the cost of writing an edit record (bench:fix) and two thirds of an issue's INSERT
// (bench:import). The caller locks each parent once and checks it exists, then switches the row
// triggers off for the rest of its transaction: `SET LOCAL session_replication_role = replica`,
// the technique of pg_restore --disable-triggers. The guarantee is the same: the parents exist
// and cannot go before commit.

/**
 * Switches row triggers off until the transaction ends (or `restoreRowTriggers`). Needs a
 * superuser or `GRANT SET ON PARAMETER session_replication_role`; without it the transaction
 * goes on unchanged, with its foreign keys checked row by row, and the reason is returned.
 */
export async function skipRowTriggers(client: pg.ClientBase): Promise<{ ok: true } | { ok: false; reason: string }> {
  await client.query("SAVEPOINT skip_row_triggers");
  try {
    await client.query("SET LOCAL session_replication_role = replica");
    await client.query("RELEASE SAVEPOINT skip_row_triggers");
    return { ok: true };
  } catch (error) {
    await client.query("ROLLBACK TO SAVEPOINT skip_row_triggers");
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Row triggers on again for the rest of the transaction. */
export async function restoreRowTriggers(client: pg.ClientBase): Promise<void> {
  await client.query("SET LOCAL session_replication_role = origin");
}
