import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, inject, it } from "vitest";
import { webPoolWarmUp } from "../runtime/warm-web-pool.ts";
import { createDb, fillPool, poolOf, type Db } from "./client.ts";

const opened: Db[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.$disconnect();
});

function open(options: Parameters<typeof createDb>[1]): Db {
  const db = createDb(inject("databaseUrl"), options);
  opened.push(db);
  return db;
}

/** Backends of the run's database whose application_name is `name`. */
async function backendsNamed(db: Db, name: string): Promise<number> {
  const { rows } = await poolOf(db).query<{ count: number }>("SELECT count(*)::int AS count FROM pg_stat_activity WHERE application_name = $1", [name]);
  return rows[0]!.count;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the pool's connections", () => {
  it("fillPool opens every connection at once and runs the warm-up on each", async () => {
    const db = open({ max: 3, keepOpen: true });
    const name = `warmed-${randomUUID().slice(0, 8)}`;
    expect(await fillPool(db, `SET application_name = '${name}'`)).toBe(3);
    expect(poolOf(db).totalCount).toBe(3);
    expect(await backendsNamed(db, name)).toBe(3);
  });

  it("keepOpen keeps idle connections past the idle timeout; without it they close", async () => {
    const kept = open({ max: 3, keepOpen: true, idleTimeoutMillis: 50 });
    const reaped = open({ max: 3, idleTimeoutMillis: 50 });
    await fillPool(kept, "SELECT 1");
    await fillPool(reaped, "SELECT 1");
    await pause(500);
    expect(poolOf(kept).totalCount).toBe(3);
    expect(poolOf(reaped).totalCount).toBe(0);
  });

  it("hands back the connections that opened when others could not, and says why", async () => {
    const db = open({ max: 3 });
    const pool = poolOf(db);
    const connect = pool.connect.bind(pool);
    let calls = 0;
    // The second connection fails to open, as past the server's max_connections.
    pool.connect = (() => (++calls === 2 ? Promise.reject(new Error("too many clients already")) : connect())) as typeof pool.connect;
    await expect(fillPool(db, "SELECT 1")).rejects.toThrow("too many clients already");
    pool.connect = connect;
    expect(pool.totalCount).toBe(2);
    expect(pool.idleCount).toBe(2);
    expect((await pool.query<{ one: number }>("SELECT 1 AS one")).rows[0]!.one).toBe(1);
  });

  it("the web server's warm-up plans against the schema as it is (a renamed table fails here)", async () => {
    const db = open({ max: 2 });
    await expect(fillPool(db, webPoolWarmUp)).resolves.toBe(2);
  });
});
