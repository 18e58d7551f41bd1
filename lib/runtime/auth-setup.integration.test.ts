import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { verifyPassword } from "better-auth/crypto";
import { createThrowawayDatabase } from "../testing/throwaway-database.ts";
import { createDb, type Db } from "../db/client.ts";
import { ensureFirstAdmin, readOrCreateAuthSecret } from "./auth-setup.ts";

// Its own database: "no admin yet" cannot be arranged in the run's shared one without
// disturbing the other files' accounts.
let db: Db;
let drop: () => Promise<void>;

beforeAll(async () => {
  // On the run's server: a second embedded Postgres cannot share the first one's data folder.
  const serverUrl = process.env.DATABASE_URL;
  process.env.DATABASE_URL = serverUrl ?? inject("databaseUrl");
  const database = await createThrowawayDatabase("bulk_import_first_admin").finally(() => {
    if (serverUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = serverUrl;
  });
  db = createDb(database.url, { max: 2 });
  drop = database.drop;
});

afterAll(async () => {
  await db.$disconnect();
  await drop();
});

describe("readOrCreateAuthSecret", () => {
  it("creates a 0600 secret once and reads it back; the environment wins", async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), "auth-secret-")), "nested", "auth-secret");
    const first = await readOrCreateAuthSecret(file, {});
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readOrCreateAuthSecret(file, {})).toBe(first);
    expect(await readOrCreateAuthSecret(file, { BETTER_AUTH_SECRET: "from-the-environment" })).toBe("from-the-environment");
    await writeFile(file, "too short\n");
    const replaced = await readOrCreateAuthSecret(file, {});
    expect(replaced).not.toBe("too short");
    expect((await readFile(file, "utf8")).trim()).toBe(replaced);
  });
});

describe("ensureFirstAdmin", () => {
  it("makes an admin with a generated password when none can sign in, then nothing", async () => {
    // A csm is no admin; an admin without a password cannot sign in either.
    await db.user.create({ data: { email: "csm@example.com", role: "csm" } });
    await db.user.create({ data: { email: "nopassword@example.com", role: "admin" } });
    const admin = await ensureFirstAdmin(db, { BULK_IMPORT_ADMIN_EMAIL: "First@Example.com" });
    expect(admin).toMatchObject({ email: "first@example.com", generated: true });
    const user = await db.user.findUniqueOrThrow({ where: { email: "first@example.com" }, include: { accounts: true } });
    expect(user.role).toBe("admin");
    expect(await verifyPassword({ hash: user.accounts[0]!.password!, password: admin!.password })).toBe(true);
    expect(await ensureFirstAdmin(db, {})).toBeNull();
  });
});
