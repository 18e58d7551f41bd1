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

/** A Prisma client on its own pool; callers that make one also end it (`$disconnect`, which ends the pool too). */
export function createDb(databaseUrl: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ ...pgConfigFromUrl(databaseUrl), max: options.max ?? 10, types: prismaTimestamps });
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

/** The process-wide client (one per process, kept across Next's hot reloads). */
export function getDb(): Db {
  globalForDb.bulkImportDb ??= createDb(getEnv().DATABASE_URL);
  return globalForDb.bulkImportDb;
}
