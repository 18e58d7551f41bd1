// Next calls register() once when its server starts (not for `next build`'s own work).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build" || !process.env.DATABASE_URL) return;
  const { warmWebPool } = await import("./lib/runtime/warm-web-pool.ts");
  // Not awaited: requests need not wait for it, and a database that is down is reported by them.
  warmWebPool().catch((error: unknown) => console.warn(`Could not open the database's connections ahead of requests: ${error instanceof Error ? error.message : String(error)}`));
}
