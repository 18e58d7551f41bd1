import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { pgConfigFromUrl, withDatabase } from "../db/database-url.ts";
import { STALE_AFTER_MS, dropStaleDatabases, throwawayName } from "./throwaway-database.ts";

describe("dropStaleDatabases", () => {
  it("drops a prefix's databases older than STALE_AFTER_MS, and no other", async () => {
    const admin = new pg.Client(pgConfigFromUrl(withDatabase(inject("databaseUrl"), "postgres")));
    await admin.connect();
    const prefix = `bulk_import_sweep_${randomBytes(3).toString("hex")}`;
    const now = Date.now();
    const stale = throwawayName(prefix, now - STALE_AFTER_MS - 60_000);
    const recent = throwawayName(prefix, now - STALE_AFTER_MS + 60_000);
    const otherPrefix = throwawayName(`${prefix}_other`, now - 10 * STALE_AFTER_MS);
    const notARun = `${prefix}_keep`;
    const names = [stale, recent, otherPrefix, notARun];
    try {
      for (const name of names) await admin.query(`CREATE DATABASE "${name}"`);
      expect(await dropStaleDatabases(admin, prefix, now)).toEqual([stale]);
      const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [prefix]);
      expect(rows.map((row) => row.datname).sort()).toEqual([recent, otherPrefix, notARun].sort());
    } finally {
      for (const name of names) await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
      await admin.end();
    }
  });
});
