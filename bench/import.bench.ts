/**
 * Import executor throughput, end to end from "queued" to "completed", against a baseline: COPY
 * of the same canonical rows into a bare table. Runs a real worker process (bin/worker.mjs) and
 * samples its RSS, which must stay flat. Uses a throwaway database.
 *   npm run bench:import -- --rows 100000 [--chunk-rows 2000] [--workers 1] [--concurrency 2]
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { postgresCpuSeconds, processCpu } from "./process-cpu.ts";
import { register } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { importBenchHeader, importBenchRow } from "./import-rows.ts";

// The data modules are marked `server-only`; resolve the marker as the bin/ entry points do.
register("../bin/node-hooks.mjs", import.meta.url);
const { createThrowawayDatabase } = await import("../lib/testing/throwaway-database.ts");
const { createDb } = await import("../lib/db/client.ts");
const { pgConfigFromUrl } = await import("../lib/db/database-url.ts");
const { applyOrgConfig } = await import("../lib/crm/org-config-store.ts");
const { demoOrganizationPath } = await import("../lib/crm/seed.ts");
const { parseOrgConfig } = await import("../lib/org/org-config-schema.ts");
const { createImportJob, enqueueImportJob } = await import("../lib/imports/import-jobs.ts");
const { ingestImportJob } = await import("../lib/imports/ingest.ts");
const { csvLine } = await import("../lib/engine/write/csv-writer.ts");

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const rowsWanted = option("rows", 100_000);
const chunkRows = option("chunk-rows", 2000);
const workers = option("workers", 1);
const concurrency = option("concurrency", 2);
const root = path.join(import.meta.dirname, "..");
const log = (line: string) => process.stdout.write(`${line}\n`);

/** CPU seconds used so far: the whole machine (/proc/stat), the worker processes, and every `postgres` process. */
async function cpuSnapshot(children: ChildProcess[]): Promise<{ machine: number; workers: number; postgres: number; cores: number }> {
  const ticks = 100; // USER_HZ
  const stat = await readFile("/proc/stat", "utf8");
  const cpu = stat.split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const machine = (cpu[0]! + cpu[1]! + cpu[2]! + (cpu[5] ?? 0) + (cpu[6] ?? 0)) / ticks; // user nice system irq softirq
  const cores = stat.split("\n").filter((line) => /^cpu\d+ /.test(line)).length;
  let workers = 0;
  for (const child of children) workers += (await processCpu(child.pid!)).seconds;
  return { machine, workers, postgres: await postgresCpuSeconds(), cores };
}

async function main() {
  const database = await createThrowawayDatabase("bulk_import_bench");
  const dir = await mkdtemp(path.join(tmpdir(), "import-bench-"));
  const children: ChildProcess[] = [];
  const db = createDb(database.url, { max: 4 });
  try {
    const parsed = parseOrgConfig(JSON.parse(await readFile(demoOrganizationPath, "utf8")));
    if (!parsed.ok) throw new Error("demo organization is invalid");
    await applyOrgConfig(parsed.config, null, db);
    const organization = await db.organization.findUniqueOrThrow({ where: { slug: parsed.config.organization.slug } });

    const file = path.join(dir, "bench.csv");
    const lines: string[] = [csvLine(importBenchHeader)];
    for (let n = 1; n <= rowsWanted; n++) lines.push(csvLine(importBenchRow(n)));
    await writeFile(file, lines.join(""));
    lines.length = 0;

    // Baseline: COPY of the same canonical rows into a bare table.
    const client = new pg.Client(pgConfigFromUrl(database.url));
    await client.connect();
    await client.query(`CREATE TABLE bench_raw (${importBenchHeader.map((_, i) => `c${i} text`).join(", ")})`);
    const copyStart = performance.now();
    await pipeline(createReadStream(file), client.query(copyFrom(`COPY bench_raw FROM STDIN WITH (FORMAT csv, HEADER true)`)));
    const copySeconds = (performance.now() - copyStart) / 1000;
    const copied = (await client.query<{ n: string }>(`SELECT count(*) AS n FROM bench_raw`)).rows[0]!.n;
    await client.query(`DROP TABLE bench_raw`);
    await client.query(`VACUUM ANALYZE`);
    await client.end();
    const baseline = Number(copied) / copySeconds;

    // Ingest (validation + storing the rows): not part of the measure, reported for reference.
    const job = await createImportJob({ organizationId: organization.id }, db);
    const ingestStart = performance.now();
    const ingest = await ingestImportJob({ importJobId: job.id, databaseUrl: database.url, files: [{ name: "bench.csv", path: file }] }, db);
    const ingestSeconds = (performance.now() - ingestStart) / 1000;
    if (!ingest.report.ok) throw new Error(`the generated rows have problems: ${JSON.stringify(ingest.report.summary.byCode)}`);

    // Worker processes, ready before the clock starts.
    const rss = new Map<number, number[]>();
    for (let i = 0; i < workers; i++) {
      const child = spawn(process.execPath, [path.join(root, "bin", "worker.mjs")], {
        env: { ...process.env, DATABASE_URL: database.url, WORKER_CONCURRENCY: String(concurrency) },
        stdio: ["ignore", "pipe", "inherit"],
      });
      children.push(child);
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on("data", (chunk: Buffer) => {
          if (chunk.toString().includes("ready")) resolve();
        });
        child.once("exit", (code) => reject(new Error(`worker exited with ${code}`)));
      });
      rss.set(child.pid!, []);
    }
    const sampleRss = async () => {
      for (const [pid, samples] of rss) {
        const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
        const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
        if (Number.isFinite(kb)) samples.push(Math.round(kb / 1024));
      }
    };
    await sampleRss();

    log(`importing ${ingest.storedRows} rows …`);
    const cpuBefore = await cpuSnapshot(children);
    const start = performance.now();
    const queued = await enqueueImportJob(job.id, { databaseUrl: database.url, chunkRows }, db);
    if (!queued.ok) throw new Error(queued.reason);
    let lastSample = 0;
    let progress = await db.importJob.findUniqueOrThrow({ where: { id: job.id } });
    while (progress.status !== "completed") {
      if (["failed", "cancelled"].includes(progress.status)) throw new Error(`the import ${progress.status}: ${progress.error}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (performance.now() - lastSample > 500) {
        lastSample = performance.now();
        await sampleRss();
      }
      progress = await db.importJob.findUniqueOrThrow({ where: { id: job.id } });
    }
    const seconds = (performance.now() - start) / 1000;
    const cpuAfter = await cpuSnapshot(children);
    await sampleRss();
    const rate = progress.rowsDone / seconds;
    const counts = {
      issues: await db.issue.count(),
      events: await db.issueEvent.count(),
      comments: await db.comment.count(),
      answers: await db.answer.count(),
      guests: await db.user.count({ where: { createdByImportId: job.id } }),
    };

    log(`rows: ${progress.rowsDone} in ${queued.chunks} chunks of ${chunkRows}; ${workers} worker process(es) × concurrency ${concurrency}`);
    log(`written: ${counts.issues} issues, ${counts.events} events, ${counts.comments} comments, ${counts.answers} answers, ${counts.guests} new users`);
    log(`ingest (validate + store rows, not measured): ${ingestSeconds.toFixed(1)} s, ${Math.round(ingest.storedRows / ingestSeconds)} rows/s`);
    log(`import, queued → completed: ${seconds.toFixed(2)} s, ${Math.round(rate)} rows/s`);
    log(`baseline, COPY into a bare table: ${copySeconds.toFixed(2)} s, ${Math.round(baseline)} rows/s`);
    log(`ratio: ${(rate / baseline).toFixed(3)} (target ≥ 0.25)`);
    const busy = cpuAfter.machine - cpuBefore.machine;
    const workerCpu = cpuAfter.workers - cpuBefore.workers;
    const postgresCpu = cpuAfter.postgres - cpuBefore.postgres;
    log(
      `CPU while importing: ${busy.toFixed(1)} s busy of ${(seconds * cpuAfter.cores).toFixed(1)} s on ${cpuAfter.cores} cores; ` +
        `worker process(es) ${workerCpu.toFixed(1)} s, Postgres ${postgresCpu.toFixed(1)} s, other ${(busy - workerCpu - postgresCpu).toFixed(1)} s`,
    );
    for (const [pid, samples] of rss) log(`worker ${pid} RSS MB over time (every ~0.5 s): ${samples.join(" ")}`);
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once("exit", resolve)) : undefined)));
    await db.$disconnect();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
