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

export async function createThrowawayDatabase(prefix: string, options: { migrate?: boolean } = {}): Promise<ThrowawayDatabase> {
  let serverUrl = process.env.DATABASE_URL;
  let stopServer: (() => Promise<void>) | undefined;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(path.dirname(defaultDataDir), "test-postgres"), port: 54400, database: "postgres" });
    serverUrl = embedded.url;
    stopServer = embedded.stop;
  }
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client(pgConfigFromUrl(serverUrl));
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
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
