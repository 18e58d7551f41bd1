import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "../generated/prisma/client.ts";
import { pgConfigFromUrl } from "./database-url.ts";
import { getEnv } from "../env.ts";

// One way to pass the database: a data function takes it as its last parameter, `db: Db = getDb()`
// (or `db: Db | Tx` when it may run inside a caller's transaction). The web app leaves it out;
// the CLI, the worker and tests pass their own client.
export type Db = PrismaClient;
/** A transaction's client (inside `db.$transaction(async (tx) => …)`). */
export type Tx = Prisma.TransactionClient;

/** A Prisma client on its own pool; callers that make one also end it (`$disconnect`). */
export function createDb(databaseUrl: string, options: { max?: number } = {}): Db {
  const adapter = new PrismaPg({ ...pgConfigFromUrl(databaseUrl), max: options.max ?? 10 });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { bulkImportDb?: Db };

/** The process-wide client (one per process, kept across Next's hot reloads). */
export function getDb(): Db {
  globalForDb.bulkImportDb ??= createDb(getEnv().DATABASE_URL);
  return globalForDb.bulkImportDb;
}
