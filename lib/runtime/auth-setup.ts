import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Db } from "../db/client.ts";
import { generatePassword, hasAdminWithPassword, setPasswordAccount } from "../auth/accounts.ts";

// What `npm start` does for sign-in before it starts Next and the worker: a session-signing secret
// kept across restarts, and a first admin on a database where nobody can sign in as one.

/** BETTER_AUTH_SECRET from the environment, else the one kept in `file` (written 0600 the first time). */
export async function readOrCreateAuthSecret(file: string, env: Record<string, string | undefined> = process.env): Promise<string> {
  if (env.BETTER_AUTH_SECRET) return env.BETTER_AUTH_SECRET;
  const kept = (await readFile(file, "utf8").catch(() => "")).trim();
  if (kept.length >= 32) return kept;
  const secret = randomBytes(32).toString("base64url");
  await mkdir(path.dirname(file), { recursive: true });
  // flag "wx": of two starts at once, one writes and the other reads what it wrote.
  const written = await writeFile(file, `${secret}\n`, { mode: 0o600, flag: kept ? "w" : "wx" }).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
      return false;
    },
  );
  if (!written) return readOrCreateAuthSecret(file, env);
  await chmod(file, 0o600);
  return secret;
}

export type FirstAdmin = { email: string; password: string; generated: boolean };

/** Creates an admin when none can sign in; the caller prints the sign-in once. Null when one exists. */
export async function ensureFirstAdmin(db: Db, env: Record<string, string | undefined> = process.env): Promise<FirstAdmin | null> {
  if (await hasAdminWithPassword(db)) return null;
  const email = (env.BULK_IMPORT_ADMIN_EMAIL ?? "admin@bulk-import.example").trim().toLowerCase();
  const password = env.BULK_IMPORT_ADMIN_PASSWORD || generatePassword();
  await setPasswordAccount(db, { email, name: "Administrator", role: "admin", password });
  return { email, password, generated: !env.BULK_IMPORT_ADMIN_PASSWORD };
}
