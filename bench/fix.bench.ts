/**
 * Bulk fixes as jobs (ADR 0013): an import of N rows (default 1M) in which every row has a
 * timestamp without an offset and no location, then "Add the organization's UTC offset" and "Use
 * the default location" each requested as the review does (requestBulkFix) and run by a real
 * worker process (bin/worker.mjs). Prints rows/s from the request to the fix being done, the
 * fix's own time, the peak RSS of the worker and of the caller (the web server's part), and the
 * load average; then the same for the undo of the second fix. Uses a throwaway database on
 * DATABASE_URL's server (else an embedded one).
 *   npm run bench:fix -- [--rows 1000000] [--keep]
 * --keep stops before the undo and keeps the database (its URL is printed), so the undo can be
 * studied on copies of it (`CREATE DATABASE … TEMPLATE …`).
 */
import type { ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { register } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { once } from "node:events";
import { importBenchHeader, importBenchRow } from "./import-rows.ts";
import { rssOf, startWorker } from "./worker-process.ts";

// The data modules are marked `server-only`; resolve the marker as the bin/ entry points do.
register("../bin/node-hooks.mjs", import.meta.url);
const { createThrowawayDatabase } = await import("../lib/testing/throwaway-database.ts");
const { createDb } = await import("../lib/db/client.ts");
const { applyOrgConfig } = await import("../lib/crm/org-config-store.ts");
const { demoOrganizationPath } = await import("../lib/crm/seed.ts");
const { parseOrgConfig } = await import("../lib/org/org-config-schema.ts");
const { createImportJob } = await import("../lib/imports/import-jobs.ts");
const { ingestImportJob } = await import("../lib/imports/ingest.ts");
const { requestBulkFix, requestFixUndo } = await import("../lib/imports/fix-jobs.ts");
const { csvLine } = await import("../lib/engine/write/csv-writer.ts");

type Db = ReturnType<typeof createDb>;

const at = process.argv.indexOf("--rows");
const rowsWanted = at >= 0 ? Number(process.argv[at + 1]) : 1_000_000;
if (!Number.isInteger(rowsWanted) || rowsWanted <= 0) throw new Error("--rows must be a positive integer");
const keep = process.argv.includes("--keep");
const log = (line: string) => process.stdout.write(`${line}\n`);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const loadAverage = async () => (await readFile("/proc/loadavg", "utf8")).split(" ").slice(0, 3).join(" ");

/** The bench's canonical rows with the offsets stripped and the location blanked. */
async function writeFile(file: string): Promise<void> {
  const lat = importBenchHeader.indexOf("lat");
  const lng = importBenchHeader.indexOf("lng");
  const out = createWriteStream(file);
  out.write(csvLine(importBenchHeader));
  let block = "";
  for (let n = 1; n <= rowsWanted; n++) {
    const row = importBenchRow(n).map((value) => value.replace(/T(\d\d:\d\d:\d\d)[-+]\d\d:\d\d$/, "T$1"));
    row[lat] = "";
    row[lng] = "";
    block += csvLine(row);
    if (n % 10_000 === 0 || n === rowsWanted) {
      if (!out.write(block)) await once(out, "drain");
      block = "";
    }
  }
  out.end();
  await once(out, "finish");
}

/** Requests one fix as the review would, waits for the worker to finish it, and prints its figures. */
async function measure(kind: "add_utc_offset" | "default_location" | "undo", jobId: number, worker: ChildProcess, databaseUrl: string, db: Db) {
  const peak = { worker: await rssOf(worker.pid!), caller: process.memoryUsage().rss };
  const callerBefore = peak.caller;
  const loadBefore = await loadAverage();
  const start = performance.now();
  const requested =
    kind === "undo"
      ? await requestFixUndo({ jobId, fixId: (await db.importFix.findFirstOrThrow({ where: { importJobId: jobId, kind: { not: "undo" } }, orderBy: { id: "desc" } })).id, userId: null }, { databaseUrl }, db)
      : await requestBulkFix({ jobId, kind, userId: null }, { databaseUrl }, db);
  if (!requested.ok) throw new Error(requested.reason);
  let fix = await db.importFix.findUniqueOrThrow({ where: { id: requested.fix.id } });
  let lastLine = 0;
  // A vacuum of the previous fix's million dead row versions would take a core's worth beside
  // this fix: counted, so that a slow run says whether one ran.
  let vacuumSamples = 0;
  let samples = 0;
  while (fix.status !== "done" && fix.status !== "failed") {
    await new Promise((resolve) => setTimeout(resolve, 200));
    samples += 1;
    const [vacuum] = await db.$queryRaw<{ busy: boolean }[]>`SELECT EXISTS (SELECT FROM pg_stat_progress_vacuum WHERE datid = (SELECT oid FROM pg_database WHERE datname = current_database())) AS busy`;
    if (vacuum?.busy) vacuumSamples += 1;
    peak.worker = Math.max(peak.worker, await rssOf(worker.pid!));
    peak.caller = Math.max(peak.caller, process.memoryUsage().rss);
    fix = await db.importFix.findUniqueOrThrow({ where: { id: fix.id } });
    if (performance.now() - lastLine > 10_000) {
      lastLine = performance.now();
      log(`  ${kind}: ${fix.status}, ${fix.rowsDone} of ${fix.rowsTotal} rows`);
    }
  }
  const seconds = (performance.now() - start) / 1000;
  if (fix.status === "failed") throw new Error(`${kind} failed: ${fix.error}`);
  const own = (fix.finishedAt!.getTime() - fix.startedAt!.getTime()) / 1000;
  log(
    `${kind}: ${fix.rowsChanged} rows (${fix.cellsChanged} cells) in ${seconds.toFixed(1)} s = ${Math.round(fix.rowsChanged / seconds)} rows/s ` +
      `(the fix itself ${own.toFixed(1)} s = ${Math.round(fix.rowsChanged / own)} rows/s); peak RSS worker ${mb(peak.worker)} MB, ` +
      `caller ${mb(peak.caller)} MB (${mb(callerBefore)} MB before); load average ${loadBefore} → ${await loadAverage()}; ` +
      `a vacuum of this database running for ${Math.round((100 * vacuumSamples) / Math.max(1, samples))} % of it`,
  );
}

async function main() {
  const database = await createThrowawayDatabase("bulk_import_fix_bench");
  const dir = await mkdtemp(path.join(tmpdir(), "fix-bench-"));
  const db = createDb(database.url, { max: 4 });
  let worker: ChildProcess | undefined;
  try {
    const parsed = parseOrgConfig(JSON.parse(await readFile(demoOrganizationPath, "utf8")));
    if (!parsed.ok) throw new Error("demo organization is invalid");
    await applyOrgConfig(parsed.config, null, db);
    const organization = await db.organization.findUniqueOrThrow({ where: { slug: parsed.config.organization.slug } });
    const file = path.join(dir, "fix-bench.csv");
    await writeFile(file);
    const job = await createImportJob({ organizationId: organization.id }, db);
    const ingestStart = performance.now();
    const ingest = await ingestImportJob({ importJobId: job.id, databaseUrl: database.url, files: [{ name: "fix-bench.csv", path: file }] }, db);
    log(`ingested ${ingest.storedRows} rows in ${((performance.now() - ingestStart) / 1000).toFixed(1)} s (not measured)`);
    await rm(dir, { recursive: true, force: true });
    worker = await startWorker(database.url);
    log(`worker ready, RSS ${mb(await rssOf(worker.pid!))} MB; caller RSS ${mb(process.memoryUsage().rss)} MB`);
    await measure("add_utc_offset", job.id, worker, database.url, db);
    await measure("default_location", job.id, worker, database.url, db);
    if (keep) {
      log(`kept the database before the undo: ${database.url} (import #${job.id})`);
      return;
    }
    // Right after the fix, as a CSM who changed their mind would: planned on the statistics the fix refreshed.
    await measure("undo", job.id, worker, database.url, db);
  } finally {
    worker?.kill("SIGTERM");
    if (worker) await once(worker, "exit").catch(() => undefined);
    await db.$disconnect();
    if (!keep) await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
  process.exit(0);
}

await main();
