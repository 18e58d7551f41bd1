/**
 * Ingest (lib/imports/ingest.ts): what the app does with an uploaded file before the review can
 * show it — read, validate every row, and COPY each row with its problems into ImportRow — on
 * the plain file and the every-row-error file of bench:validate (generated here when missing),
 * each against its own baseline in the same run: the same rows COPYed into ImportRow as they
 * are (the file read by the engine's reader, values as they were read, no problems, the same
 * batches), with nothing validated. Each in a throwaway database on DATABASE_URL's server (else
 * an embedded one), alternating, best of `--runs`, each measurement in a process of its own.
 *   npm run bench:ingest -- [--rows 200000] [--runs 2] [--files plain,errors]
 * Prints rows/s, the ratio to the floor, the measuring process's CPU and peak RSS (the harness's
 * database setup included), and the machine's CPU (Postgres included).
 */
import { spawn } from "node:child_process";
import { register } from "node:module";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { generateCanonicalCsvAtomically, stripOffsetsCsv } from "./generate-canonical.ts";

// The data modules are marked `server-only`; resolve the marker as the bin/ entry points do.
register("../bin/node-hooks.mjs", import.meta.url);
const { createThrowawayDatabase } = await import("../lib/testing/throwaway-database.ts");
const { createDb } = await import("../lib/db/client.ts");
const { pgConfigFromUrl } = await import("../lib/db/database-url.ts");
const { applyFixtureOrganization } = await import("../lib/testing/fixture-organization.ts");
const { demoOrganizationPath } = await import("../lib/crm/seed.ts");
const { createImportJob } = await import("../lib/imports/import-jobs.ts");
const { ingestImportJob, textArrayLiteral } = await import("../lib/imports/ingest.ts");
const { CopyBuffer, copyRows } = await import("../lib/db/copy-rows.ts");
const { readCsv } = await import("../lib/engine/read/read-csv.ts");
const { fileSource } = await import("../lib/engine/read/source.ts");

const option = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
};
const rows = Number(option("rows", "200000"));
const runs = Number(option("runs", "2"));
const kinds = option("files", "plain,errors").split(",") as ("plain" | "errors")[];
if (!Number.isInteger(rows) || rows <= 0 || !Number.isInteger(runs) || runs <= 0) throw new Error("--rows and --runs must be positive integers");
const root = path.join(import.meta.dirname, "..");
const log = (line: string) => process.stdout.write(`${line}\n`);
const BATCH = 2000; // ingest's batchRows

/** bench:validate's file of `kind` (plain-N.csv, errors-N.csv), made when missing. */
async function fileOf(kind: "plain" | "errors"): Promise<string> {
  const plain = path.join(root, "bench", "out", `plain-${rows}.csv`);
  if (!existsSync(plain)) await generateCanonicalCsvAtomically(plain, rows, { seed: 311, plain: true });
  if (kind === "plain") return plain;
  const errors = path.join(root, "bench", "out", `errors-${rows}.csv`);
  if (!existsSync(errors)) await stripOffsetsCsv(plain, errors);
  return errors;
}

/** user + system CPU seconds of the whole machine so far (/proc/stat), Postgres included. */
async function machineCpu(): Promise<number> {
  const fields = (await readFile("/proc/stat", "utf8")).split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  return (fields[0]! + fields[1]! + fields[2]! + fields[5]! + fields[6]!) / 100;
}

type Measured = { seconds: number; cpu: number; machine: number; peakRssMiB: number; setupRssMiB: number };

/** Times `work` (given a fresh database with the demo organization and an import job). */
async function measure(work: (databaseUrl: string, db: ReturnType<typeof createDb>, jobId: number) => Promise<number>): Promise<Measured & { stored: number }> {
  const database = await createThrowawayDatabase("bulk_import_ingest_bench");
  const db = createDb(database.url, { max: 4 });
  try {
    await applyFixtureOrganization(database.url, path.relative(root, demoOrganizationPath));
    // The database's only organization.
    const organization = await db.organization.findFirstOrThrow();
    const job = await createImportJob({ organizationId: organization.id }, db);
    const setupRssMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
    const machineBefore = await machineCpu();
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    const stored = await work(database.url, db, job.id);
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
    return { seconds, cpu: (cpu.user + cpu.system) / 1e6, machine: (await machineCpu()) - machineBefore, stored, peakRssMiB, setupRssMiB };
  } finally {
    await db.$disconnect();
    await database.drop();
  }
}

/** The floor: the file's rows COPYed into ImportRow as read, in ingest's batches, nothing validated. */
async function copyFloor(file: string, databaseUrl: string, db: ReturnType<typeof createDb>, jobId: number): Promise<number> {
  const importFile = await db.importFile.create({ data: { importJobId: jobId, name: path.basename(file), sha256: "0".repeat(64), header: [] } });
  const client = new pg.Client(pgConfigFromUrl(databaseUrl));
  await client.connect();
  const columns = ["importJobId", "importFileId", "row", "line", "values", "problems", "errorCount", "warningCount", "updatedAt"];
  const now = new Date().toISOString();
  let stored = 0;
  let batch = new CopyBuffer();
  try {
    for await (const event of readCsv(fileSource(file))) {
      if (event.kind !== "records") continue;
      for (const record of event.records) {
        batch.add([jobId, importFile.id, record.row, record.line, textArrayLiteral(record.fields), "[]", 0, 0, now]);
        if (batch.rows === BATCH) {
          await copyRows(client, "ImportRow", columns, batch);
          stored += batch.rows;
          batch = new CopyBuffer();
        }
      }
    }
    await copyRows(client, "ImportRow", columns, batch);
    return stored + batch.rows;
  } finally {
    await client.end();
  }
}

/** One measurement in a process of its own, so that its peak RSS is its own: `--side floor|ingest --file F`. */
async function measureSide(side: "floor" | "ingest", file: string): Promise<Measured & { stored: number }> {
  if (side === "floor") return measure((url, db, jobId) => copyFloor(file, url, db, jobId));
  return measure(async (url, db, jobId) => (await ingestImportJob({ importJobId: jobId, databaseUrl: url, files: [{ name: path.basename(file), path: file }] }, db)).storedRows);
}

/** Runs this script for one side in a child process (tsx's loader comes with execArgv) and reads its JSON line. */
function inChild(side: "floor" | "ingest", file: string): Promise<Measured & { stored: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, import.meta.filename, "--side", side, "--file", file], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (data: Buffer) => (out += data.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const last = out.trim().split("\n").pop() ?? "";
      if (code !== 0 || !last.startsWith("{")) reject(new Error(`the ${side} measurement exited ${code}: ${out.slice(-500)}`));
      else resolve(JSON.parse(last) as Measured & { stored: number });
    });
  });
}

const side = option("side", "");
if (side === "floor" || side === "ingest") {
  log(JSON.stringify(await measureSide(side, option("file", ""))));
  process.exit(0);
}

const summary: Record<string, unknown>[] = [];
for (const kind of kinds) {
  const file = await fileOf(kind);
  log(`== ${kind}: ${path.relative(root, file)}, ${rows.toLocaleString("en-US")} rows`);
  const floors: Measured[] = [];
  const ingests: Measured[] = [];
  for (let run = 0; run < runs; run++) {
    const floor = await inChild("floor", file);
    const ingest = await inChild("ingest", file);
    if (floor.stored !== rows || ingest.stored !== rows) throw new Error(`stored ${floor.stored} / ${ingest.stored} rows, expected ${rows}`);
    floors.push(floor);
    ingests.push(ingest);
    log(`run ${run + 1}:     floor ${floor.seconds.toFixed(2)} s, ingest ${ingest.seconds.toFixed(2)} s`);
  }
  const best = (all: Measured[]) => all.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const floor = best(floors);
  const ingest = best(ingests);
  const line = (name: string, m: Measured) =>
    `${name} ${m.seconds.toFixed(2)} s  ${Math.round(rows / m.seconds).toLocaleString("en-US").padStart(9)} rows/s, its process ${m.cpu.toFixed(2)} s CPU and ${m.peakRssMiB} MiB peak RSS (${m.setupRssMiB} MiB before it started), the machine ${m.machine.toFixed(1)} s CPU`;
  log(line("floor:   ", floor));
  log(line("ingest:  ", ingest));
  const ratio = Number((floor.seconds / ingest.seconds).toFixed(3));
  log(`ratio:    ${ratio} ingest rows/s ÷ floor rows/s (best of ${runs})`);
  summary.push({ file: kind, rows, floorSeconds: Number(floor.seconds.toFixed(2)), ingestSeconds: Number(ingest.seconds.toFixed(2)), ratio, ingestRowsPerSecond: Math.round(rows / ingest.seconds), ingestPeakRssMiB: ingest.peakRssMiB, floorPeakRssMiB: floor.peakRssMiB });
}
log(JSON.stringify({ bench: "ingest", runs, results: summary }));
