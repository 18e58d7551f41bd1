#!/usr/bin/env node
// Runs every benchmark in bench/, one after another (never in parallel: they measure time and
// memory), then prints each one's summary. See bench/README.md.
//
//   npm run bench                          # geo, validate (200,000 rows), import and ui when present
//   npm run bench -- --rows 1000000        # rows for bench:validate (a list such as 1000000,3000000 works too)
//   npm run bench -- --only geo,validate   # a subset
//
// Exit status: 1 when a benchmark failed to run (crashed or exited non-zero), else 0. Missing a
// target is reported, not a failure: timings depend on the machine.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";

const root = path.join(import.meta.dirname, "..");
const argv = process.argv.slice(2);
const optionValue = (name) => {
  const at = argv.indexOf(`--${name}`);
  if (at >= 0) return argv[at + 1];
  return argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
};
const rows = optionValue("rows") ?? "200000";
const only = optionValue("only")?.split(",").map((name) => name.trim());

const benchmarks = [
  { name: "geo", file: "bench/geo.bench.ts", command: "npx", args: ["tsx", "bench/geo.bench.ts"] },
  { name: "validate", file: "bench/validate.bench.ts", command: "npm", args: ["run", "--silent", "bench:validate", "--", "--rows", rows] },
  { name: "convert", file: "bench/convert.bench.ts", command: "npm", args: ["run", "--silent", "bench:convert", "--", "--rows", rows, "--runs", "1"] },
  { name: "import", file: "bench/import.bench.ts", command: "npm", args: ["run", "--silent", "bench:import"] },
  { name: "import-floor", file: "bench/import-floor.bench.ts", command: "npm", args: ["run", "--silent", "bench:import-floor"] },
  { name: "ingest", file: "bench/ingest.bench.ts", command: "npm", args: ["run", "--silent", "bench:ingest", "--", "--rows", rows] },
  { name: "pages", file: "bench/pages.bench.ts", command: "npm", args: ["run", "--silent", "bench:pages", "--", "--rows", rows] },
  { name: "ui", file: "bench/ui.bench.ts", command: "npm", args: ["run", "--silent", "bench:ui"] },
];

/** Runs one benchmark, echoing its output as it comes, and returns its exit status and output. */
function run(bench) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(bench.command, bench.args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let errors = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk) => {
      errors = (errors + chunk).slice(-20_000);
      process.stderr.write(chunk);
    });
    child.on("error", (error) => resolve({ code: 1, signal: null, output, errors: error.message, seconds: 0 }));
    child.on("close", (code, signal) => resolve({ code, signal, output, errors, seconds: (performance.now() - started) / 1000 }));
  });
}

/** A benchmark's summary: its one-line JSON summary when it prints one, else its last lines. */
function summary(output) {
  const lines = output.split("\n").map((line) => line.trimEnd()).filter((line) => line.trim() !== "");
  const json = lines.findLast((line) => {
    if (!line.startsWith("{")) return false;
    try {
      return typeof JSON.parse(line).bench === "string";
    } catch {
      return false;
    }
  });
  if (json) {
    const parsed = JSON.parse(json);
    const results = Array.isArray(parsed.results) ? parsed.results : [];
    const table = results.map((r) =>
      [
        `${r.rows?.toLocaleString("en-US")} rows, ${r.fileMB} MB`,
        `baseline ${r.baselineSeconds} s (${r.baselineRowsPerSecond?.toLocaleString("en-US")} rows/s)`,
        `validate ${r.validateSeconds} s (${r.validateRowsPerSecond?.toLocaleString("en-US")} rows/s)`,
        `ratio ${r.ratio}`,
        `peak RSS ${r.peakRssMiB} MiB`,
        `exit ${r.exitCode}`,
      ].join(" | "),
    );
    return [...table, `meets targets: ${parsed.meetsTargets ? "yes" : "no"} ${JSON.stringify(parsed.targets ?? {})}`];
  }
  return lines.slice(-5);
}

const selected = benchmarks.filter((bench) => (only ? only.includes(bench.name) : true));
if (only) {
  const unknown = only.filter((name) => !benchmarks.some((bench) => bench.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark(s): ${unknown.join(", ")} (known: ${benchmarks.map((b) => b.name).join(", ")})\n`);
    process.exit(2);
  }
}

const results = [];
for (const bench of selected) {
  if (!existsSync(path.join(root, bench.file))) {
    results.push({ bench, skipped: true });
    continue;
  }
  process.stdout.write(`\n=== ${bench.name}: ${bench.command} ${bench.args.join(" ")}\n`);
  results.push({ bench, ...(await run(bench)) });
}

process.stdout.write("\n=== summary\n");
let failed = false;
for (const result of results) {
  if (result.skipped) {
    process.stdout.write(`${result.bench.name}: skipped (${result.bench.file} does not exist)\n`);
    continue;
  }
  const ok = result.code === 0;
  if (!ok) failed = true;
  process.stdout.write(
    `${result.bench.name}: ${ok ? "ran" : `FAILED (${result.signal ?? `exit ${result.code}`})`} in ${result.seconds.toFixed(1)} s\n`,
  );
  for (const line of summary(result.output)) process.stdout.write(`  ${line}\n`);
  if (!ok) {
    const firstError = result.errors.split("\n").find((line) => /error/i.test(line)) ?? result.errors.trim().split("\n").at(-1);
    if (firstError) process.stdout.write(`  stderr: ${firstError.trim()}\n`);
  }
}
process.exitCode = failed ? 1 : 0;
