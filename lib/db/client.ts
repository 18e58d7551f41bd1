import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.ts";
import { pgConfigFromUrl } from "./database-url.ts";
import { getEnv } from "../env.ts";

export type Db = PrismaClient;

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
