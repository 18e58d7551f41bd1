/**
 * `bulk-import convert` throughput and memory at 1M source rows, against `bulk-import validate` on
 * the canonical file it writes (issue #12: conversion at no less than half validate's speed, with
 * flat memory). Both run as a user runs them, `node bin/bulk-import.mjs …` in their own process,
 * alternating, best of N; peak RSS from /usr/bin/time.
 *
 *   npm run bench:convert -- --rows 1000000 --runs 3
 *
 * The source is NYC 311 Open Data shaped (12-hour local timestamps, a status column, two dozen
 * columns folded into the internal comment): lib/profiles/testing/nyc-311-sample.csv's rows
 * repeated with their own Unique Key and point. The last line of output is a one-line JSON summary.
 */
import { spawn } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import { once } from "node:events";
import path from "node:path";
import Papa from "papaparse";

const root = path.join(import.meta.dirname, "..");
const outDir = path.join(import.meta.dirname, "out");
const config = path.join("lib", "profiles", "testing", "real-files-org.json");
const TARGET_RATIO = 0.5;
const TARGET_RSS_MIB = 256;

const option = (name: string) => {
  const argv = process.argv.slice(2);
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : undefined;
};
const rows = Number(option("rows") ?? 1_000_000);
const runs = Number(option("runs") ?? 3);
const log = (line = "") => process.stdout.write(`${line}\n`);

/**
 * NYC-shaped source rows: the sample's rows in turn, each with its own Unique Key and its own
 * point (the sample's point moved by up to ~100 m), as a real export has. Repeating the sample's
 * ten points a million times would make every row a suspect_location finding instead.
 */
async function ensureSource(): Promise<string> {
  const file = path.join(outDir, `nyc-${rows}-spread.csv`);
  if (existsSync(file)) return file;
  await mkdir(outDir, { recursive: true });
  const text = await readFile(path.join(root, "lib", "profiles", "testing", "nyc-311-sample.csv"), "utf8");
  const [header, ...data] = Papa.parse<string[]>(text.trim(), { skipEmptyLines: true }).data;
  const latitude = header!.indexOf("Latitude");
  const longitude = header!.indexOf("Longitude");
  const location = header!.indexOf("Location");
  const out = createWriteStream(`${file}.tmp`);
  out.write(`${Papa.unparse([header!])}\n`);
  for (let n = 0; n < rows; n++) {
    const row = [...data[n % data.length]!];
    row[0] = String(60_000_000 + n);
    if (row[latitude]) {
      const lat = (Number(row[latitude]) + (n % 1000) * 1e-6).toFixed(6);
      const lng = (Number(row[longitude]) + (Math.floor(n / 1000) % 1000) * 1e-6).toFixed(6);
      row[latitude] = lat;
      row[longitude] = lng;
      row[location] = `(${lat}, ${lng})`;
    }
    if (!out.write(`${Papa.unparse([row])}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "close");
  await rm(file, { force: true });
  await import("node:fs/promises").then((fs) => fs.rename(`${file}.tmp`, file));
  return file;
}

type Run = { seconds: number; rssMiB: number; code: number | null };

/** `node bin/bulk-import.mjs …`, stdout to a file, timed from spawn to exit, with its peak RSS. */
async function timed(args: string[], stdout: string): Promise<Run> {
  const out = createWriteStream(stdout);
  await once(out, "open");
  const started = performance.now();
  const child = spawn("/usr/bin/time", ["-f", "%M", process.execPath, "bin/bulk-import.mjs", ...args], { cwd: root, stdio: ["ignore", out, "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  const seconds = (performance.now() - started) / 1000;
  out.close();
  const kib = Number(stderr.trim().split("\n").at(-1));
  return { seconds, rssMiB: Math.round(kib / 1024), code };
}

const best = (list: Run[]) => list.reduce((a, b) => (b.seconds < a.seconds ? b : a));

const source = await ensureSource();
const converted = path.join(outDir, `nyc-${rows}.canonical.csv`);
// Warm the page cache and the CLI's bundle once, untimed.
await timed(["convert", "--profile", "nyc-311", "--config", config, "-o", converted, source], "/dev/null");
const convertRuns: Run[] = [];
const validateRuns: Run[] = [];
for (let run = 0; run < runs; run++) {
  convertRuns.push(await timed(["convert", "--profile", "nyc-311", "--config", config, "-o", converted, source], "/dev/null"));
  validateRuns.push(await timed(["validate", "--config", config, "--format", "json", converted], path.join(outDir, "convert-bench-report.json")));
}
const convert = best(convertRuns);
const validate = best(validateRuns);
const ratio = validate.seconds / convert.seconds;
const load = (await readFile("/proc/loadavg", "utf8")).split(" ").slice(0, 3).join(" ");
log(`${rows.toLocaleString("en-US")} NYC-shaped source rows, best of ${runs} (load ${load})`);
log(`  convert   ${convert.seconds.toFixed(2)} s  ${Math.round(rows / convert.seconds).toLocaleString("en-US")} rows/s  peak RSS ${convert.rssMiB} MiB  (exit ${convert.code})`);
log(`  validate  ${validate.seconds.toFixed(2)} s  ${Math.round(rows / validate.seconds).toLocaleString("en-US")} rows/s  peak RSS ${validate.rssMiB} MiB  (on the canonical result)`);
log(`  convert ÷ validate throughput: ${ratio.toFixed(3)} (target ≥ ${TARGET_RATIO}); convert RSS target ≤ ${TARGET_RSS_MIB} MiB`);
await rm(path.join(outDir, "convert-bench-report.json"), { force: true });
log(JSON.stringify({ bench: "convert", rows, runs, convertSeconds: convert.seconds, convertRssMiB: convert.rssMiB, validateSeconds: validate.seconds, validateRssMiB: validate.rssMiB, ratio, load }));
