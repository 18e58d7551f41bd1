import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "@playwright/test";

// No secret reaches the browser (issue #13): every file the build serves from .next/static is
// scanned for the session secret the running app signs with, the database URL and the names of
// the server's secret settings. The e2e server built the app before this runs.

const root = path.join(import.meta.dirname, "..");

async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else yield full;
  }
}

test("the client bundle holds no secret", async () => {
  const secret = process.env.BETTER_AUTH_SECRET ?? (await readFile(path.join(root, ".data", "auth-secret"), "utf8")).trim();
  expect(secret.length).toBeGreaterThanOrEqual(32);
  const needles = [secret, "BETTER_AUTH_SECRET", "DATABASE_URL", "postgresql://", "postgres://"];
  const found: string[] = [];
  let scanned = 0;
  for await (const file of files(path.join(root, ".next", "static"))) {
    const text = await readFile(file, "utf8");
    scanned += 1;
    for (const needle of needles) if (text.includes(needle)) found.push(`${path.relative(root, file)}: ${needle === secret ? "the session secret" : needle}`);
  }
  expect(scanned).toBeGreaterThan(10);
  expect(found).toEqual([]);
});
