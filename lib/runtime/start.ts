import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { startEmbeddedPostgres } from "../db/embedded-postgres.ts";
import { announceEmbeddedDatabase, withdrawEmbeddedDatabase } from "../db/resolve-database.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { createDb } from "../db/client.ts";
import { seedDemoOrganization } from "../crm/seed.ts";
import { projectRoot } from "../utils/project-root.ts";
import { ensureFirstAdmin, readOrCreateAuthSecret } from "./auth-setup.ts";

// `npm start`: one command from a fresh clone to a running app. It starts the embedded Postgres
// when DATABASE_URL is unset, migrates and seeds, builds the app when its sources changed, then
// runs the web server (Next inside) and one import worker. Ctrl-C stops all of them.

const root = projectRoot;
const log = (line: string) => process.stdout.write(`[bulk-import] ${line}\n`);
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

async function sourceFingerprint(): Promise<string> {
  const hash = createHash("sha256");
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && !entry.name.startsWith(".")) await walk(full);
      } else if (!entry.name.endsWith(".test.ts")) {
        const info = await stat(full);
        hash.update(`${path.relative(root, full)}:${info.size}:${info.mtimeMs}\n`);
      }
    }
  };
  for (const dir of ["app", "components", "lib", "public"]) await walk(path.join(root, dir));
  for (const file of ["package-lock.json", "next.config.ts", "proxy.ts", "instrumentation.ts", "postcss.config.mjs", "tsconfig.json"]) {
    hash.update(await readFile(path.join(root, file)).catch(() => ""));
  }
  return hash.digest("hex");
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(command, args, { cwd: root, env, stdio: "inherit" });
}

async function buildIfStale(env: NodeJS.ProcessEnv): Promise<void> {
  const fingerprintFile = path.join(root, ".next", "bulk-import-fingerprint");
  const fingerprint = await sourceFingerprint();
  const built = await readFile(fingerprintFile, "utf8").catch(() => null);
  if (built === fingerprint && existsSync(path.join(root, ".next", "BUILD_ID"))) return;
  log("Building the app (first start or changed sources)…");
  const code = await new Promise<number | null>((resolve) => run(process.execPath, [nextBin, "build"], env).on("exit", resolve));
  if (code !== 0) throw new Error(`next build failed (exit ${code})`);
  await writeFile(fingerprintFile, fingerprint);
}

export async function start(options: { dev: boolean; onShutdown?: () => Promise<void> }): Promise<void> {
  const children: ChildProcess[] = [];
  let stopEmbedded: (() => Promise<void>) | undefined;
  let stopping = false;

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("Shutting down…");
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
            setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
          }),
      ),
    );
    await options.onShutdown?.().catch((error: unknown) => log(`Cleanup failed: ${String(error)}`));
    if (stopEmbedded) {
      await withdrawEmbeddedDatabase();
      await stopEmbedded();
    }
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  try {
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      log("DATABASE_URL is not set: starting the embedded Postgres (data in .data/).");
      // Stopped by `shutdown`, after the children that use it.
      const embedded = await startEmbeddedPostgres({ log, ownSignals: true });
      databaseUrl = embedded.url;
      stopEmbedded = embedded.stop;
      await announceEmbeddedDatabase(databaseUrl);
    }
    const migrated = await migrateDatabase(databaseUrl, { log });
    log(`Database ready (${migrated.applied.length} migration(s) applied now).`);
    const port = process.env.PORT ?? "3000";
    // Only this machine, unless HOST says otherwise (anyone who reaches the port reaches the app).
    const host = process.env.HOST ?? "127.0.0.1";
    const origin = `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`;
    const db = createDb(databaseUrl, { max: 2 });
    if (await seedDemoOrganization(db)) log("Seeded the demo organization: City of Springfield.");
    const admin = await ensureFirstAdmin(db);
    await db.$disconnect();
    if (admin) {
      const password = admin.generated ? `password ${admin.password} (shown once; set another with \`bulk-import accounts add ${admin.email} --role admin --password-stdin\`)` : "the password in BULK_IMPORT_ADMIN_PASSWORD";
      log(`No admin could sign in, so one was made. Sign in at ${process.env.APP_URL ?? origin}/sign-in as ${admin.email} with ${password}.`);
    }
    // Signs the session cookies; kept in .data so a restart does not sign everyone out.
    const secret = await readOrCreateAuthSecret(path.join(root, ".data", "auth-secret"));
    const env = { NEXT_TELEMETRY_DISABLED: "1", ...process.env, DATABASE_URL: databaseUrl, PORT: port, BETTER_AUTH_SECRET: secret };
    if (!options.dev) await buildIfStale(env);
    // Built: our web server with Next's handler inside (ADR 0024); in development, Next's own.
    const server = options.dev ? run(process.execPath, [nextBin, "dev", "-p", port, "-H", host], env) : run(process.execPath, [path.join(root, "bin", "web-server.mjs")], { ...env, HOST: host });
    children.push(server);
    const workerEntry = path.join(root, "bin", "worker.mjs");
    if (existsSync(workerEntry)) children.push(run(process.execPath, [workerEntry], env));
    log(`Serving on ${origin}`);
    for (const child of children) {
      child.on("exit", (code) => {
        if (!stopping) {
          log(`A child process exited (${code ?? "signal"}); stopping.`);
          void shutdown(code ?? 1);
        }
      });
    }
  } catch (error) {
    log(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
  }
}
