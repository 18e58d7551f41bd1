import { afterAll, inject } from "vitest";
import { createDb, type Db } from "../db/client.ts";

/**
 * The integration run's throwaway database (integration-global-setup.ts) and a client on it for
 * this test file, closed after its tests. Call it at the top of the file:
 * `const { db, url } = useTestDb();`. The client connects on its first query.
 */
export function useTestDb(options: { max?: number } = {}): { db: Db; url: string } {
  const url = inject("databaseUrl");
  const db = createDb(url, { max: options.max ?? 4 });
  afterAll(async () => {
    await db.$disconnect();
  });
  return { db, url };
}
