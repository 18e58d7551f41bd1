// After a bulk write the planner's statistics are stale until autovacuum analyzes the table: a
// minute or more later, longer while it is busy vacuuming the rows a fix replaced. Meanwhile a
// query planned on them can go quadratic: undoing a 1M-row fix right after it ran planned the
// self-join of ImportRowEdit as if the table still had no rows, and ran for minutes instead of
// 3 s (bench:fix). So the writer analyzes the tables it grew or rewrote once it has committed.

/** Rows written by one operation from which it refreshes the tables' statistics itself. */
export const ANALYZE_AFTER_ROWS = 10_000;

/**
 * ANALYZE of `tables` (quoted names) through `run`. Best effort: a role that does not own the
 * tables gets a warning from Postgres, not an error, and any failure leaves autovacuum to it.
 */
export async function refreshPlannerStatistics(run: (sql: string) => Promise<unknown>, tables: readonly string[]): Promise<void> {
  await run(`ANALYZE ${tables.map((table) => `"${table.replace(/"/g, '""')}"`).join(", ")}`).catch(() => undefined);
}
