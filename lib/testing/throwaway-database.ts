import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { pgConfigFromUrl, withDatabase } from "../db/database-url.ts";
import { startEmbeddedPostgres, defaultDataDir } from "../db/embedded-postgres.ts";
import { migrateDatabase } from "../db/migrate.ts";

// Tests run against real Postgres: the server in DATABASE_URL when set, else an embedded one with
// its own data folder (so a running dev app is never touched). Each run gets a fresh database,
// migrated, and drops it afterwards.

export type ThrowawayDatabase = { url: string; drop(): Promise<void> };

/** A run's database: the prefix, when it was made (base 36 ms), and a random tag. */
export function throwawayName(prefix: string, now = Date.now()): string {
  return `${prefix}_${now.toString(36)}_${randomBytes(3).toString("hex")}`;
}

/** Older than this, a run's database is one a run could not drop (killed, or its server stopped first). */
export const STALE_AFTER_MS = 12 * 60 * 60 * 1000;

/**
 * Drops the databases of earlier runs with this prefix made more than STALE_AFTER_MS ago: a run
 * stopped before its `drop` leaves its database (the e2e server's embedded Postgres gets the
 * same SIGTERM as the server, and refuses the drop while it shuts down).
 */
export async function dropStaleDatabases(admin: pg.Client, prefix: string, now = Date.now()): Promise<string[]> {
  const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [`${prefix}_`]);
  const stale = rows
    .map(({ datname }) => datname)
    .filter((datname) => {
      const match = /^([0-9a-z]+)_[0-9a-f]{6}$/.exec(datname.slice(prefix.length + 1));
      return match !== null && now - parseInt(match[1]!, 36) > STALE_AFTER_MS;
    });
  for (const datname of stale) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  return stale;
}

export async function createThrowawayDatabase(prefix: string, options: { migrate?: boolean } = {}): Promise<ThrowawayDatabase> {
  let serverUrl = process.env.DATABASE_URL;
  let stopServer: (() => Promise<void>) | undefined;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(path.dirname(defaultDataDir), "test-postgres"), port: 54400, database: "postgres" });
    serverUrl = embedded.url;
    stopServer = embedded.stop;
  }
  const name = throwawayName(prefix);
  const admin = new pg.Client(pgConfigFromUrl(serverUrl));
  await admin.connect();
  try {
    await dropStaleDatabases(admin, prefix);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, name);
  if (options.migrate !== false) await migrateDatabase(url);
  return {
    url,
    async drop() {
      const client = new pg.Client(pgConfigFromUrl(serverUrl!));
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
      await stopServer?.();
    },
  };
}
