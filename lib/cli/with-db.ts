import { createDb, type Db } from "../db/client.ts";
import { resolveDatabase } from "../db/resolve-database.ts";

/** Runs `work` against the resolved database (DATABASE_URL, the running app's, or a fresh embedded one). */
export async function withDb<T>(work: (db: Db, url: string) => Promise<T>): Promise<T> {
  const database = await resolveDatabase({ log: (line) => process.stderr.write(`${line}\n`) });
  const db = createDb(database.url, { max: 4 });
  try {
    return await work(db, database.url);
  } finally {
    await db.$disconnect();
    await database.release();
  }
}
