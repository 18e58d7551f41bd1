import { readFile, writeFile, rm } from "node:fs/promises";
import path from "node:path";
import { startEmbeddedPostgres, defaultDataDir } from "./embedded-postgres.ts";
import { migrateDatabase } from "./migrate.ts";

// Where a process finds its database: DATABASE_URL when set; else the embedded Postgres that
// `npm start` is running (it leaves its URL in .data/); else one started just for this process.

const runningFile = path.join(path.dirname(defaultDataDir), "embedded-postgres.json");

export type ResolvedDatabase = { url: string; embedded: boolean; release(): Promise<void> };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function announceEmbeddedDatabase(url: string): Promise<void> {
  await writeFile(runningFile, JSON.stringify({ url, pid: process.pid }));
}

export async function withdrawEmbeddedDatabase(): Promise<void> {
  await rm(runningFile, { force: true });
}

export async function resolveDatabase(options: { log?: (line: string) => void; migrate?: boolean } = {}): Promise<ResolvedDatabase> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) return { url: fromEnv, embedded: false, release: async () => undefined };
  const running = await readFile(runningFile, "utf8")
    .then((text) => JSON.parse(text) as { url: string; pid: number })
    .catch(() => null);
  if (running && isAlive(running.pid)) return { url: running.url, embedded: true, release: async () => undefined };
  const database = await startEmbeddedPostgres({ log: options.log });
  if (options.migrate !== false) await migrateDatabase(database.url, { log: options.log });
  return { url: database.url, embedded: true, release: () => database.stop() };
}
