/**
 * Uploading a fixed error report (contract §6) on a big import: an import of N rows (default
 * 20,000) whose every row has a timestamp without an offset; its error report is downloaded as the
 * review does (errorReportCsv), every row's timestamps get their offset as a CSM would in a
 * spreadsheet, and the report is uploaded back (receiveFixedErrorReport, what the route runs):
 * above 20,000 error rows it is saved and matched by a real worker process (bin/worker.mjs),
 * else matched in the request; its changes are written as a fix, by the worker above 2,000 rows.
 * `--in-request` matches in the request whatever the size (the path before session 12). Prints
 * the request's time, the caller's peak RSS (the web server's part) and the longest stall of its
 * event loop; then the fix's time to done, rows/s and the worker's peak RSS. Uses a throwaway
 * database on DATABASE_URL's server (else an embedded one).
 *   npm run bench:patch -- [--rows 20000] [--in-request]
 */
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { register } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { once } from "node:events";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { importBenchHeader, importBenchRow } from "./import-rows.ts";
import { rssOf, startWorker } from "./worker-process.ts";

register("../bin/node-hooks.mjs", import.meta.url);
const { createThrowawayDatabase } = await import("../lib/testing/throwaway-database.ts");
const { createDb } = await import("../lib/db/client.ts");
const { applyOrgConfig } = await import("../lib/crm/org-config-store.ts");
const { demoOrganizationPath } = await import("../lib/crm/seed.ts");
const { parseOrgConfig } = await import("../lib/org/org-config-schema.ts");
const { createImportJob } = await import("../lib/imports/import-jobs.ts");
const { ingestImportJob } = await import("../lib/imports/ingest.ts");
const { errorReportCsv } = await import("../lib/imports/error-report.ts");
const { receiveFixedErrorReport } = await import("../lib/imports/error-report-patch.ts");
const { csvLine } = await import("../lib/engine/write/csv-writer.ts");

const at = process.argv.indexOf("--rows");
const rowsWanted = at >= 0 ? Number(process.argv[at + 1]) : 20_000;
if (!Number.isInteger(rowsWanted) || rowsWanted <= 0) throw new Error("--rows must be a positive integer");
const inRequest = process.argv.includes("--in-request");
const log = (line: string) => process.stdout.write(`${line}\n`);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function writeFile(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write(csvLine(importBenchHeader));
  let block = "";
  for (let n = 1; n <= rowsWanted; n++) {
    block += csvLine(importBenchRow(n).map((value) => value.replace(/T(\d\d:\d\d:\d\d)[-+]\d\d:\d\d$/, "T$1")));
    if (n % 10_000 === 0 || n === rowsWanted) {
      if (!out.write(block)) await once(out, "drain");
      block = "";
    }
  }
  out.end();
  await once(out, "finish");
}

async function main() {
  const database = await createThrowawayDatabase("bulk_import_patch_bench");
  const dir = await mkdtemp(path.join(tmpdir(), "patch-bench-"));
  const db = createDb(database.url, { max: 4 });
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
  try {
    const parsed = parseOrgConfig(JSON.parse(await readFile(demoOrganizationPath, "utf8")));
    if (!parsed.ok) throw new Error("demo organization is invalid");
    await applyOrgConfig(parsed.config, null, db);
    const organization = await db.organization.findUniqueOrThrow({ where: { slug: parsed.config.organization.slug } });
    const file = path.join(dir, "patch-bench.csv");
    await writeFile(file);
    const job = await createImportJob({ organizationId: organization.id }, db);
    await ingestImportJob({ importJobId: job.id, databaseUrl: database.url, files: [{ name: "patch-bench.csv", path: file }] }, db);
    // The CSM's spreadsheet: the report with every naive timestamp given the offset (not measured).
    const report = await errorReportCsv(job.id, db);
    let text = "";
    for await (const chunk of report.chunks) text += chunk.replace(/(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?=[,\r\n])/g, "$1-05:00");
    const bytes = Buffer.from(text);
    log(`import #${job.id}: ${rowsWanted} rows, error report ${report.rows} rows (${mb(bytes.length)} MB), load ${(await readFile("/proc/loadavg", "utf8")).split(" ").slice(0, 3).join(" ")}`);
    text = "";

    worker = await startWorker(database.url);

    const delay = monitorEventLoopDelay({ resolution: 10 });
    let peak = process.memoryUsage().rss;
    const before = peak;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    delay.enable();
    const start = performance.now();
    // In 64 KiB pieces, as a request body arrives.
    let at = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        controller.enqueue(new Uint8Array(bytes.subarray(at, at + 65_536)));
        at += 65_536;
      },
    });
    const result = await receiveFixedErrorReport(job.id, body, null, { expectedBytes: bytes.length }, db, { databaseUrl: database.url, ...(inRequest ? { matchInRequestRows: Number.MAX_SAFE_INTEGER } : {}) });
    const requestSeconds = (performance.now() - start) / 1000;
    delay.disable();
    clearInterval(sampler);
    if (!result.ok) throw new Error(result.reason);
    const { fix } = result;
    const matched = (summary: typeof result.summary) =>
      summary ? `${summary.reportRows} report rows, ${summary.matchedRows} matched, ${summary.changedRows} rows (${summary.changedCells} cells) to change, ${summary.unmatchedRows} unmatched` : "";
    log(
      `request (${result.summary ? "matched in it" : "saved for the worker to match"}): ${matched(result.summary)}` +
        ` in ${requestSeconds.toFixed(1)} s; caller peak RSS ${mb(peak)} MB (${mb(before)} MB before); longest event-loop stall ${(delay.max / 1e6).toFixed(0)} ms`,
    );
    if (!fix) throw new Error("nothing to change");
    const matchedAt = { seconds: 0 };
    let workerPeak = await rssOf(worker.pid!);
    let done = await db.importFix.findUniqueOrThrow({ where: { id: fix.id } });
    while (done.status !== "done" && done.status !== "failed") {
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (!matchedAt.seconds && (done.options as { report?: unknown } | null)?.report) matchedAt.seconds = (performance.now() - start) / 1000;
      workerPeak = Math.max(workerPeak, await rssOf(worker.pid!));
      done = await db.importFix.findUniqueOrThrow({ where: { id: fix.id } });
    }
    if (done.status === "failed") throw new Error(`the fix failed: ${done.error}`);
    const seconds = (performance.now() - start) / 1000;
    if (!result.summary) log(`worker matched: ${matched((done.options as { report: typeof result.summary }).report)}, by ${matchedAt.seconds.toFixed(1)} s after the upload began`);
    log(
      `fix: ${done.rowsChanged} rows (${done.cellsChanged} cells) changed, upload to done ${seconds.toFixed(1)} s = ${Math.round(done.rowsChanged / seconds)} rows/s; ` +
        `worker peak RSS ${mb(workerPeak)} MB; load ${(await readFile("/proc/loadavg", "utf8")).split(" ").slice(0, 3).join(" ")}`,
    );
  } finally {
    worker?.kill("SIGTERM");
    if (worker) await once(worker, "exit").catch(() => undefined);
    await db.$disconnect();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
  process.exit(0);
}

await main();
