import { describe, expect, inject, it } from "vitest";
import pg from "pg";
import { pgConfigFromUrl } from "./database-url.ts";
import { listMigrations, migrateDatabase } from "./migrate.ts";

describe("offline migrations", () => {
  it("records every migration in Prisma's table with Prisma's checksum, and a second run applies nothing", async () => {
    const url = inject("databaseUrl");
    const again = await migrateDatabase(url);
    const migrations = await listMigrations();
    expect(again).toEqual({ applied: [], alreadyApplied: migrations.length });
    const client = new pg.Client(pgConfigFromUrl(url));
    await client.connect();
    const { rows } = await client.query(`SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`);
    await client.end();
    expect(rows.map((row) => [row.migration_name, row.checksum])).toEqual(migrations.map((m) => [m.name, m.checksum]));
    expect(rows.every((row) => row.finished_at !== null && row.applied_steps_count === 1)).toBe(true);
  });
});
