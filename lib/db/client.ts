import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, type Prisma } from "../generated/prisma/client.ts";
import { pgConfigFromUrl } from "./database-url.ts";
import { getEnv } from "../env.ts";

// One way to pass the database: a data function takes it as its last parameter, `db: Db = getDb()`
// (or `db: Db | Tx` when it may run inside a caller's transaction). The web app leaves it out;
// the CLI, the worker and tests pass their own client.
export type Db = PrismaClient;
/** A transaction's client (inside `db.$transaction(async (tx) => …)`). */
export type Tx = Prisma.TransactionClient;

// On globalThis like the client itself: Next bundles this module into several chunks, each with
// its own module state, and one chunk's client must find its pool from another's.
const pools = ((globalThis as unknown as { bulkImportPools?: WeakMap<Db, pg.Pool> }).bulkImportPools ??= new WeakMap());

// Prisma keeps DateTime as UTC in `timestamp` columns (no zone), which node-postgres would read
// as local time: the pool's own queries read them as UTC too. Prisma's queries bring their own parsers.
const TIMESTAMP = pg.types.builtins.TIMESTAMP;
const utcTimestamp = (text: string) => (pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (value: string) => Date)(`${text}+00`);
const prismaTimestamps = {
  getTypeParser: ((oid: number, format?: string) => (oid === TIMESTAMP && format !== "binary" ? utcTimestamp : pg.types.getTypeParser(oid, format as "text"))) as typeof pg.types.getTypeParser,
};

type PoolOptions = {
  /** Most connections at once (10). */
  max?: number;
  /**
   * Keep every connection the pool opens (a fixed-size pool, as HikariCP advises): a fresh
   * Postgres backend costs ~11 ms of its CPU to start and ~10 ms more on its first queries
   * (catalog caches, plans), which a burst of row pages after a quiet spell paid ten times over.
   */
  keepOpen?: boolean;
  /** How long an idle connection above the kept ones stays open (node-postgres: 10 s). */
  idleTimeoutMillis?: number;
};

/** A Prisma client on its own pool; callers that make one also end it (`$disconnect`, which ends the pool too). */
export function createDb(databaseUrl: string, options: PoolOptions = {}): Db {
  const max = options.max ?? 10;
  const pool = new pg.Pool({ ...pgConfigFromUrl(databaseUrl), max, min: options.keepOpen ? max : 0, idleTimeoutMillis: options.idleTimeoutMillis, types: prismaTimestamps });
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}

/**
 * The node-postgres pool under a client, for the few hot reads where Prisma's own cost per query
 * (~0.75 ms of CPU against ~0.05 ms, bench:pages) is most of the request: the review's row pages.
 */
export function poolOf(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error("This Prisma client was not made by createDb: it has no pool to share.");
  return pool;
}

const globalForDb = globalThis as unknown as { bulkImportDb?: Db };

/** The process-wide client (one per process, kept across Next's hot reloads); its pool keeps its connections. */
export function getDb(): Db {
  globalForDb.bulkImportDb ??= createDb(getEnv().DATABASE_URL, { keepOpen: true });
  return globalForDb.bulkImportDb;
}

/**
 * Opens every connection of a client's pool at once and runs `warmUp` on each (a statement that
 * reads the catalog entries its hot queries need), so that the first burst of requests after the
 * server starts finds them ready. With `keepOpen` they stay open.
 */
export async function fillPool(db: Db, warmUp: string): Promise<number> {
  const pool = poolOf(db);
  // Settled, not all: a connection that opened is handed back even when another failed to.
  const opened = await Promise.allSettled(Array.from({ length: pool.options.max ?? 10 }, () => pool.connect()));
  const clients = opened.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  try {
    const failed = opened.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
    await Promise.all(clients.map((client) => client.query(warmUp)));
  } finally {
    for (const client of clients) client.release();
  }
  return clients.length;
}
