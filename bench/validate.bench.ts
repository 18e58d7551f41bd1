/**
 * `bulk-import validate` throughput and memory on three files, each against its own baseline in
 * the same run: papaparse's raw streaming parse of the same file, run as a user would run it, in
 * a plain `node` process (bench/baselines/papaparse-parse.mjs). See bench/README.md.
 *
 *   npm run bench:validate                                   # 1M rows, the three files, best of 3
 *   npm run bench:validate -- --rows 100000 --runs 1 --files plain,errors
 *   options: --rows N[,N…] (default 1000000)  --runs N (best of N, default 3)  --threads N|auto (threads that validate; default: as the CLI chooses)
 *            --files bench,plain,errors (default all three)  --regenerate  --seed N  --keep-report
 *
 * The files (bench/out/, gitignored; generated unless already there):
 * - bench:  canonical-<rows>.csv, bench/generate-canonical.ts's realistic file (quoted multi-line
 *           fields, ~1% of rows with an injected error, ~0.2% with a warning);
 * - plain:  plain-<rows>.csv, the same kind of rows with no problem and no multi-line field;
 * - errors: errors-<rows>.csv, the plain file with the UTC offset stripped from every timestamp,
 *           so every row has a `missing_offset` error (issue 11).
 *
 * For each file: read once untimed (page cache), then `runs` alternating pairs of child processes,
 * baseline then validate:
 *   node bench/baselines/papaparse-parse.mjs FILE
 *   node bin/bulk-import.mjs validate --config prisma/seed/demo-organization.json --format json FILE
 * each timed from spawn to exit (wall) and measured for peak RSS (/usr/bin/time's "Maximum
 * resident set size", else the highest VmHWM polled from /proc/<pid>/status) and CPU seconds.
 * Validate's stdout (the JSON report) goes to a file in bench/out/, read back to check it, then
 * removed unless --keep-report; each run writes a new file (an old one truncated would be written
 * out when the run closes it: ext4's auto_da_alloc). Before each timed run, `sync` writes out what earlier runs left in
 * the page cache (an every-row-error run leaves a 892 MB report, which the kernel would otherwise
 * write back 30 s later, in the middle of another run). A validate run that fails (exit status other than 0 or 1, or a
 * signal) is reported with its stderr's tail and not repeated; the other files still run.
 *
 * Targets (issue #11; printed, never asserted: the machine may be shared): validate rows/s ≥ 0.7 ×
 * the baseline's on the bench's file and the plain file; validate's peak RSS ≤ 256 MB (10^6
 * bytes) on each; the every-row-error file in ≤ 2 × the plain file's time (its ratio to
 * papaparse is printed, but is no target: it makes a problem on every row, papaparse none). The
 * last line of output is a one-line JSON summary.
 */
import { spawn, spawnSync } from "node:child_process";
import { createReadStream, existsSync, openSync, closeSync } from "node:fs";
import { mkdir, open, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { canonicalHeader, generateCanonicalCsvAtomically, stripOffsetsCsv } from "./generate-canonical.ts";

const root = path.join(import.meta.dirname, "..");
const outDir = path.join(import.meta.dirname, "out");
const configFile = path.join("prisma", "seed", "demo-organization.json");
const cliEntry = path.join("bin", "bulk-import.mjs");
const baselineEntry = path.join("bench", "baselines", "papaparse-parse.mjs");
const writeFloorEntry = path.join("bench", "baselines", "write-floor.mjs");
const bundleCache = path.join(root, "node_modules", ".cache", "bulk-import");
const TIME = "/usr/bin/time";
const POLL_MS = 50;
const TARGET_RATIO = 0.7;
/** The files the ratio target applies to (the every-row-error file has its own: TARGET_ERRORS_VS_PLAIN). */
const RATIO_TARGET_FILES: readonly string[] = ["bench", "plain"];
const TARGET_RSS_MB = 256;
const TARGET_ERRORS_VS_PLAIN = 2;
const STDERR_HEAD = 2000;
const STDERR_TAIL = 4000;

const log = (line = "") => process.stdout.write(`${line}\n`);

function option(name: string): string | undefined {
  const argv = process.argv.slice(2);
  const at = argv.indexOf(`--${name}`);
  if (at >= 0) return argv[at + 1];
  return argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}
const flag = (name: string) => process.argv.slice(2).includes(`--${name}`);

function parseRows(text: string): number[] {
  return text.split(",").map((part) => {
    const value = part.trim().toLowerCase().replace(/_/g, "");
    const scaled = /^(\d+(?:\.\d+)?)([km]?)$/.exec(value);
    const n = scaled ? Number(scaled[1]) * (scaled[2] === "m" ? 1e6 : scaled[2] === "k" ? 1e3 : 1) : NaN;
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--rows: not a positive row count: ${part}`);
    return n;
  });
}

const kinds = ["bench", "plain", "errors"] as const;
type Kind = (typeof kinds)[number];
const describe: Record<Kind, string> = {
  bench: "the bench's realistic file (multi-line fields, ~1% injected errors)",
  plain: "no multi-line field, no problem at all",
  errors: "every row has an error: the plain file without UTC offsets",
};

function parseFiles(text: string): Kind[] {
  const list = text.split(",").map((part) => part.trim()).filter((part) => part !== "");
  for (const name of list) if (!(kinds as readonly string[]).includes(name)) throw new Error(`--files: unknown file ${name} (known: ${kinds.join(", ")})`);
  return kinds.filter((kind) => list.includes(kind));
}

const rowCounts = parseRows(option("rows") ?? "1000000");
const runs = Number(option("runs") ?? 3);
const seed = Number(option("seed") ?? 311);
const files = parseFiles(option("files") ?? kinds.join(","));
// --threads N|auto: validate on N threads, the reading one and N - 1 workers (BULK_IMPORT_THREADS, ADR 0020); the baseline is unchanged.
const threadsOption = option("threads");
if (threadsOption !== undefined) process.env.BULK_IMPORT_THREADS = threadsOption;
// Unset, the CLI chooses by the input's size and its first rows (lib/cli/validate-threads.ts), as it does for a user.
const threads = process.env.BULK_IMPORT_THREADS?.trim() || "the CLI's choice";
if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs must be a positive integer");
if (!Number.isInteger(seed)) throw new Error("--seed must be an integer");
if (files.length === 0) throw new Error("--files: none chosen");

// ---------------------------------------------------------------------------------------------
// The files

/** What a file should give: the report's problem counts by code, and (errors file) every row in error. */
type Meta = {
  kind: Kind;
  rows: number;
  bytes: number;
  seed: number;
  expectedByCode: Record<string, number>;
  everyRowMissingOffset: boolean;
};

const fileOf = (kind: Kind, rows: number) => path.join(outDir, `${kind === "bench" ? "canonical" : kind}-${rows}.csv`);
const metaOf = (file: string) => `${file.slice(0, -4)}.meta.json`;
const relative = (file: string) => path.relative(root, file);

/** Writes dirty pages out now, so the kernel's write-back does not run during a timed run. */
async function sync(file: string): Promise<void> {
  const handle = await open(file, "r+");
  await handle.datasync();
  await handle.close();
}

/** The file's metadata when it is there, matches this run's seed and size, and --regenerate does not ask for a new one. */
async function existing(kind: Kind, rows: number): Promise<Meta | null> {
  const file = fileOf(kind, rows);
  if ((flag("regenerate") && !regenerated.has(file)) || !existsSync(file) || !existsSync(metaOf(file))) return null;
  const meta = JSON.parse(await readFile(metaOf(file), "utf8")) as Partial<Meta> & { injectedErrors?: Record<string, number>; injectedWarnings?: Record<string, number> };
  if (meta.seed !== seed || meta.rows !== rows || meta.bytes !== (await stat(file)).size) return null;
  // Sidecars written by the previous bench (before 2026-12-03) hold only what was injected.
  const expectedByCode = meta.expectedByCode ?? { ...meta.injectedErrors, ...meta.injectedWarnings };
  return { kind, rows, bytes: meta.bytes, seed, expectedByCode, everyRowMissingOffset: meta.everyRowMissingOffset ?? false };
}

const regenerated = new Set<string>();

/** The file of `kind` for `rows`, generated unless already there (with matching metadata). */
async function ensureFile(kind: Kind, rows: number): Promise<{ file: string; meta: Meta }> {
  const file = fileOf(kind, rows);
  const found = await existing(kind, rows);
  if (found) {
    log(`file:      ${relative(file)} (already there)`);
    return { file, meta: found };
  }
  const started = performance.now();
  let meta: Meta;
  if (kind === "errors") {
    const plain = await ensureFile("plain", rows);
    log(`writing ${relative(file)}: ${relative(plain.file)} with every timestamp's UTC offset removed …`);
    const result = await stripOffsetsCsv(plain.file, file);
    if (result.records !== rows + 1) throw new Error(`${relative(file)}: ${result.records} records, expected ${rows + 1}`);
    meta = { kind, rows, bytes: result.bytes, seed, expectedByCode: { missing_offset: result.timestamps }, everyRowMissingOffset: true };
  } else {
    log(`generating ${relative(file)} (${rows.toLocaleString("en-US")} rows, seed ${seed}${kind === "plain" ? ", plain" : ""}) …`);
    const result = await generateCanonicalCsvAtomically(file, rows, { seed, plain: kind === "plain" });
    meta = { kind, rows, bytes: result.bytes, seed, expectedByCode: { ...result.injectedErrors, ...result.injectedWarnings }, everyRowMissingOffset: false };
  }
  await sync(file);
  await writeFile(metaOf(file), `${JSON.stringify(meta, null, 2)}\n`);
  regenerated.add(file);
  log(`written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { file, meta };
}

/** Reads the file once, untimed: every measured run then starts from the page cache. */
async function warm(file: string): Promise<void> {
  for await (const _chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    // nothing
  }
}

// ---------------------------------------------------------------------------------------------
// Child processes

type ChildRun = {
  /** Wall time from spawn to exit. */
  seconds: number;
  /** user + system CPU seconds of the node process (from /usr/bin/time; null without it). */
  cpuSeconds: number | null;
  /** Of which in the kernel, and its minor page faults (from /usr/bin/time; null without it). */
  systemSeconds: number | null;
  minorFaults: number | null;
  exitCode: number | null;
  signal: string | null;
  /** Peak resident set of the node process, MiB: ru_maxrss via /usr/bin/time, else the polled VmHWM. */
  peakRssMiB: number;
  peakSource: "ru_maxrss" | "VmHWM poll";
  /** VmRSS samples (MiB) every POLL_MS. */
  samples: number[];
  stdout: string;
  stderrHead: string;
  stderrTail: string;
  stderrLength: number;
  /** The CLI rebuilt its bundle of lib/ during this run (a source changed): the time includes the build. */
  bundleRebuilt: boolean;
};

async function readStatus(pid: number): Promise<{ rss: number; hwm: number } | null> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const rss = /VmRSS:\s+(\d+) kB/.exec(status);
  const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
  return rss && hwm ? { rss: Number(rss[1]) / 1024, hwm: Number(hwm[1]) / 1024 } : null;
}

/** The pid of a child of `parent` (the node process /usr/bin/time started), by scanning /proc. */
async function childOf(parent: number): Promise<number | null> {
  const entries = await readdir("/proc").catch(() => [] as string[]);
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    // pid (comm) state ppid …; comm may hold spaces and parentheses, so parse after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[1]) === parent) return Number(entry);
  }
  return null;
}

const bundles = async () => new Set(await readdir(bundleCache).catch(() => [] as string[]));

/**
 * Runs `node ARGS` as a user would (under /usr/bin/time when there is one), timing it from spawn
 * to exit and sampling its memory. stdout goes to `stdoutFile`, or is kept when null.
 */
async function runNode(args: string[], stdoutFile: string | null): Promise<ChildRun> {
  const useTime = existsSync(TIME);
  const timeFile = path.join(outDir, `time-${process.pid}.txt`);
  const command = useTime ? TIME : process.execPath;
  const commandArgs = useTime ? ["-f", "%R %M %e %U %S %x", "-o", timeFile, process.execPath, ...args] : args;
  const before = await bundles();
  const out = stdoutFile ? openSync(stdoutFile, "w") : "pipe";
  spawnSync("sync");
  const start = performance.now();
  const child = spawn(command, commandArgs, { cwd: root, stdio: ["ignore", out, "pipe"] });
  if (typeof out === "number") closeSync(out);
  let stdout = "";
  child.stdout?.setEncoding("utf8").on("data", (text: string) => {
    stdout += text;
  });
  let stderr = "";
  let stderrHead = "";
  let stderrLength = 0;
  child.stderr!.setEncoding("utf8").on("data", (text: string) => {
    if (stderrHead.length < STDERR_HEAD) stderrHead += text.slice(0, STDERR_HEAD - stderrHead.length);
    stderrLength += text.length;
    stderr = (stderr + text).slice(-STDERR_TAIL);
  });
  const exited = new Promise<{ code: number | null; signal: string | null; seconds: number }>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve({ code, signal, seconds: (performance.now() - start) / 1000 }));
  });
  const closed = new Promise((resolve) => child.once("close", resolve));

  const samples: number[] = [];
  let hwm = 0;
  let running = true;
  void exited.then(
    () => (running = false),
    () => (running = false),
  );
  const poll = (async () => {
    let pid: number | null = useTime ? null : child.pid!;
    while (running) {
      if (pid === null) pid = await childOf(child.pid!);
      if (pid !== null) {
        const status = await readStatus(pid);
        if (status) {
          samples.push(Math.round(status.rss));
          hwm = Math.max(hwm, status.hwm);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  })();

  const { code, signal, seconds } = await exited;
  await Promise.all([poll, closed]);
  let exitCode = code;
  let signalName = signal;
  let peakRssMiB = hwm;
  let peakSource: ChildRun["peakSource"] = "VmHWM poll";
  let cpuSeconds: number | null = null;
  let systemSeconds: number | null = null;
  let minorFaults: number | null = null;
  if (useTime) {
    const text = await readFile(timeFile, "utf8").catch(() => "");
    await rm(timeFile, { force: true });
    // A killed child adds a "Command terminated by signal N" line before ours, the last one.
    const killed = /Command terminated by signal (\d+)/.exec(text);
    if (killed) signalName = `signal ${killed[1]}`;
    const match = /(\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(text);
    if (match) {
      minorFaults = Number(match[1]);
      peakRssMiB = Math.max(hwm, Number(match[2]) / 1024);
      peakSource = "ru_maxrss";
      cpuSeconds = Number(match[4]) + Number(match[5]);
      systemSeconds = Number(match[5]);
      if (!killed) exitCode = Number(match[6]);
    }
  }
  const after = await bundles();
  const bundleRebuilt = [...after].some((name) => !before.has(name));
  return { seconds, cpuSeconds, systemSeconds, minorFaults, exitCode, signal: signalName, peakRssMiB, peakSource, samples, stdout, stderrHead, stderrTail: stderr, stderrLength, bundleRebuilt };
}

const validateArgs = (file: string) => [cliEntry, "validate", "--config", configFile, "--format", "json", relative(file)];
const baselineArgs = (file: string) => [baselineEntry, relative(file)];
/** Validate ran to its end: 0 no errors, 1 errors found (README: exit status). */
const validateOk = (run: ChildRun) => run.signal === null && (run.exitCode === 0 || run.exitCode === 1);
const baselineOk = (run: ChildRun) => run.signal === null && run.exitCode === 0;

/** How a run failed, on one line. */
function failureStatus(run: ChildRun): string {
  return `${run.signal ? `killed by ${run.signal}` : `exit ${run.exitCode}`} after ${run.seconds.toFixed(2)} s, peak RSS ${Math.round(run.peakRssMiB)} MiB`;
}

/** Its stderr: the first lines (where Node puts "FATAL ERROR: …") and the last ones. */
function failureDetails(run: ChildRun): string {
  const lines = (text: string) => text.split("\n").map((line) => line.trimEnd()).filter((line) => line.trim() !== "");
  const head = lines(run.stderrHead).slice(0, 4);
  const tail = lines(run.stderrTail).slice(-8);
  const shown = run.stderrHead.length + STDERR_TAIL >= run.stderrLength ? lines(run.stderrTail).slice(-12) : [...head, "…", ...tail];
  return shown.length > 0 ? shown.map((line) => `    ${line}`).join("\n") : "    (stderr empty)";
}

// ---------------------------------------------------------------------------------------------
// The report, read back without holding it in memory (the every-row-error report is big)

type ReportSummary = { rows: number; validRows: number; errors: number; warnings: number; byCode: Record<string, number> };
type ReportScan = { summary: ReportSummary | null; problems: number; complete: boolean };

/**
 * Streams the JSON report: returns its top-level `summary`, counts `files[].problems[]` and hands
 * each problem object to `onProblem` (parsed) when given. A depth-tracking scan over the text, so
 * a report of any size is checked in bounded memory. `complete` is false when the JSON ends early.
 */
async function scanReport(file: string, onProblem?: (problem: { code?: string; row?: number }) => void): Promise<ReportScan> {
  type Frame = { kind: "{" | "["; key: string | null };
  const stack: Frame[] = [];
  let inString = false;
  let escaped = false;
  let expectKey = false;
  let keyParts: string[] | null = null;
  let lastKey: string | null = null;
  let capture: "summary" | "problem" | null = null;
  let captureDepth = 0;
  let captureParts: string[] = [];
  let summary: ReportSummary | null = null;
  let problems = 0;
  let started = false;
  let closedRoot = false;

  for await (const chunk of createReadStream(file, { encoding: "utf8", highWaterMark: 1024 * 1024 })) {
    const text = chunk as string;
    let keyStart = 0;
    let captureStart = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) {
          inString = false;
          if (keyParts) {
            keyParts.push(text.slice(keyStart, i));
            lastKey = keyParts.join("");
            keyParts = null;
          }
        }
        continue;
      }
      if (c === 34) {
        inString = true;
        if (expectKey && stack.at(-1)?.kind === "{") {
          keyParts = [];
          keyStart = i + 1;
        }
      } else if (c === 58) expectKey = false;
      else if (c === 44) expectKey = stack.at(-1)?.kind === "{";
      else if (c === 123 || c === 91) {
        const parent = stack.at(-1);
        const key = parent?.kind === "{" ? lastKey : null;
        if (capture === null && c === 123) {
          if (stack.length === 1 && key === "summary") capture = "summary";
          else if (stack.length === 4 && stack[1]!.key === "files" && stack[3]!.key === "problems") capture = "problem";
          if (capture) {
            captureDepth = stack.length;
            captureParts = [];
            captureStart = i;
          }
        }
        stack.push({ kind: c === 123 ? "{" : "[", key });
        started = true;
        expectKey = c === 123;
      } else if (c === 125 || c === 93) {
        stack.pop();
        if (capture && stack.length === captureDepth) {
          captureParts.push(text.slice(captureStart, i + 1));
          if (capture === "summary") summary = JSON.parse(captureParts.join("")) as ReportSummary;
          else {
            problems++;
            if (onProblem) onProblem(JSON.parse(captureParts.join("")) as { code?: string; row?: number });
          }
          capture = null;
          captureParts = [];
        }
        if (started && stack.length === 0) closedRoot = true;
      }
    }
    if (keyParts) keyParts.push(text.slice(keyStart));
    if (capture) captureParts.push(text.slice(captureStart));
  }
  return { summary, problems, complete: closedRoot };
}

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => (a[key] ?? 0) === (b[key] ?? 0));
}

type Check = { ok: boolean; text: string; problems: number; summary: ReportSummary | null };

/** Checks the report against what the file should give. */
async function checkReport(reportFile: string, meta: Meta): Promise<Check> {
  const covered = meta.everyRowMissingOffset ? new Uint8Array(meta.rows + 1) : null;
  const scan = await scanReport(
    reportFile,
    covered
      ? (problem) => {
          if (problem.code === "missing_offset" && typeof problem.row === "number" && problem.row >= 1 && problem.row <= meta.rows) covered[problem.row] = 1;
        }
      : undefined,
  );
  const { summary } = scan;
  if (!scan.complete || !summary) return { ok: false, text: `no complete report (${scan.complete ? "no summary" : "the JSON ends early"})`, problems: scan.problems, summary };
  const failures: string[] = [];
  if (summary.rows !== meta.rows) failures.push(`${fmt(summary.rows)} rows, expected ${fmt(meta.rows)}`);
  if (!sameCounts(summary.byCode, meta.expectedByCode)) failures.push(`problems by code ${JSON.stringify(summary.byCode)}, expected ${JSON.stringify(meta.expectedByCode)}`);
  if (summary.errors + summary.warnings !== scan.problems) failures.push(`${fmt(scan.problems)} problems listed, summary counts ${fmt(summary.errors + summary.warnings)}`);
  let text = meta.kind === "bench" ? "rows and problem counts match what was injected" : meta.kind === "plain" ? "rows match, no problem" : "";
  if (covered) {
    let rowsCovered = 0;
    for (let row = 1; row <= meta.rows; row++) rowsCovered += covered[row]!;
    if (rowsCovered !== meta.rows) failures.push(`${fmt(meta.rows - rowsCovered)} rows without a missing_offset error`);
    if (summary.validRows !== 0) failures.push(`${fmt(summary.validRows)} valid rows, expected none`);
    text = `every row has a missing_offset error (${fmt(summary.byCode.missing_offset ?? 0)} of them, as many as offsets removed)`;
  }
  return failures.length === 0 ? { ok: true, text, problems: scan.problems, summary } : { ok: false, text: `DOES NOT CHECK: ${failures.join("; ")}`, problems: scan.problems, summary };
}

// ---------------------------------------------------------------------------------------------
// Measuring

const rate = (rows: number, seconds: number) => Math.round(rows / seconds);
const fmt = (n: number) => n.toLocaleString("en-US");
const mb = (mib: number) => (mib * 2 ** 20) / 1e6;
const cores = availableParallelism();
const load = () => loadavg().map((n) => n.toFixed(2)).join(" ");

function best(list: ChildRun[]): ChildRun | null {
  return list.length === 0 ? null : list.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

function timeline(samples: number[], points = 10): string {
  if (samples.length === 0) return "(no samples)";
  const picked: number[] = [];
  for (let i = 1; i <= points; i++) picked.push(samples[Math.max(0, Math.min(samples.length - 1, Math.round((i * samples.length) / points) - 1))]!);
  return picked.join(" ");
}

type Result = {
  file: Kind;
  rows: number;
  fileMB: number;
  baselineSeconds: number | null;
  baselineRowsPerSecond: number | null;
  baselineCpuSeconds: number | null;
  /** The baseline's kernel time and minor page faults (its best run): what moves it with the host. */
  baselineSystemSeconds: number | null;
  baselineMinorFaults: number | null;
  baselinePeakRssMiB: number | null;
  validateSeconds: number | null;
  validateRowsPerSecond: number | null;
  validateCpuSeconds: number | null;
  validateSystemSeconds: number | null;
  validateMinorFaults: number | null;
  /** validate rows/s ÷ baseline rows/s, best wall time of each. */
  ratio: number | null;
  /** The same from CPU seconds (less moved by a busy machine, but counts V8's helper threads). */
  cpuRatio: number | null;
  /** Validate's peak RSS over all its runs (the highest). */
  peakRssMiB: number | null;
  peakRssMB: number | null;
  exitCode: number | null;
  reportMB: number | null;
  reportProblems: number | null;
  reportChecks: boolean | null;
  /** Validate's failure: how it ended, and the last lines of its stderr. */
  failure: string | null;
  failureStderr: string | null;
  baselineFailure: string | null;
  load: { before: string; after: string };
  /** Writing a file of the report's size alone, after each validate run (write-floor.mjs; a big report only): best wall and its kernel time. */
  writeFloorSeconds: number | null;
  writeFloorSystemSeconds: number | null;
};

/** Reports at least this big get the write floor measured beside them. */
const WRITE_FLOOR_MIN_BYTES = 100e6;

async function measure(kind: Kind, rows: number): Promise<Result> {
  log(`== ${kind}: ${describe[kind]}, ${fmt(rows)} rows`);
  const { file, meta } = await ensureFile(kind, rows);
  const bytes = (await stat(file)).size;
  await warm(file);
  const loadBefore = load();

  const reportFile = path.join(outDir, `report-${kind}-${rows}.json`);
  const baselineRuns: ChildRun[] = [];
  const validateRuns: ChildRun[] = [];
  const floorRuns: ChildRun[] = [];
  const floorFile = path.join(outDir, `write-floor-${process.pid}.bin`);
  let baselineFailure: ChildRun | null = null;
  let validateFailure: ChildRun | null = null;
  let reportFromOkRun = false;
  for (let run = 0; run < runs; run++) {
    if (!baselineFailure) {
      const b = await runNode(baselineArgs(file), null);
      if (baselineOk(b)) baselineRuns.push(b);
      else baselineFailure = b;
    }
    if (!validateFailure) {
      // A new file for each run, as for the first: over an old report, ext4 writes the old one's
      // replacement out when the file is closed (its "auto_da_alloc" after a truncate), ~0.3 s of
      // an 892 MB report inside the run's time.
      await rm(reportFile, { force: true });
      const v = await runNode(validateArgs(file), reportFile);
      if (validateOk(v)) {
        validateRuns.push(v);
        reportFromOkRun = true;
        const reportSize = (await stat(reportFile)).size;
        if (reportSize >= WRITE_FLOOR_MIN_BYTES) {
          floorRuns.push(await runNode([writeFloorEntry, String(reportSize), relative(floorFile)], null));
          await rm(floorFile, { force: true });
        }
      } else {
        validateFailure = v;
        reportFromOkRun = false;
      }
    }
    if (baselineFailure && validateFailure) break;
  }
  const loadAfter = load();

  const baseline = best(baselineRuns);
  const cli = best(validateRuns);
  let baselineRows: number | null = null;
  if (baseline) {
    try {
      baselineRows = (JSON.parse(baseline.stdout.trim()) as { rows: number }).rows;
    } catch {
      // reported below
    }
  }

  let check: Check | null = null;
  let reportBytes: number | null = null;
  if (existsSync(reportFile)) {
    reportBytes = (await stat(reportFile)).size;
    if (reportFromOkRun) check = await checkReport(reportFile, meta);
    if (!flag("keep-report")) await rm(reportFile, { force: true });
  }

  const baselineRate = baseline ? rate(rows, baseline.seconds) : null;
  const validateRate = cli ? rate(rows, cli.seconds) : null;
  const peakRssMiB = validateRuns.length > 0 || validateFailure ? Math.max(...[...validateRuns, ...(validateFailure ? [validateFailure] : [])].map((r) => r.peakRssMiB)) : null;
  const round2 = (n: number | null) => (n === null ? null : Number(n.toFixed(2)));
  const result: Result = {
    file: kind,
    rows,
    fileMB: Number((bytes / 1e6).toFixed(1)),
    baselineSeconds: round2(baseline?.seconds ?? null),
    baselineRowsPerSecond: baselineRate,
    baselineCpuSeconds: round2(baseline?.cpuSeconds ?? null),
    baselineSystemSeconds: round2(baseline?.systemSeconds ?? null),
    baselineMinorFaults: baseline?.minorFaults ?? null,
    baselinePeakRssMiB: baselineRuns.length > 0 ? Math.round(Math.max(...baselineRuns.map((r) => r.peakRssMiB))) : null,
    validateSeconds: round2(cli?.seconds ?? null),
    validateRowsPerSecond: validateRate,
    validateCpuSeconds: round2(cli?.cpuSeconds ?? null),
    validateSystemSeconds: round2(cli?.systemSeconds ?? null),
    validateMinorFaults: cli?.minorFaults ?? null,
    ratio: baselineRate && validateRate ? Number((validateRate / baselineRate).toFixed(3)) : null,
    cpuRatio: baseline?.cpuSeconds && cli?.cpuSeconds ? Number((baseline.cpuSeconds / cli.cpuSeconds).toFixed(3)) : null,
    peakRssMiB: peakRssMiB === null ? null : Math.round(peakRssMiB),
    peakRssMB: peakRssMiB === null ? null : Math.round(mb(peakRssMiB)),
    exitCode: validateFailure ? validateFailure.exitCode : (cli?.exitCode ?? null),
    reportMB: reportBytes === null ? null : Number((reportBytes / 1e6).toFixed(2)),
    reportProblems: check?.problems ?? null,
    reportChecks: check ? check.ok : validateFailure ? false : null,
    failure: validateFailure ? failureStatus(validateFailure) : null,
    failureStderr: validateFailure ? validateFailure.stderrTail.trim().split("\n").slice(-5).join("\n") : null,
    baselineFailure: baselineFailure ? failureStatus(baselineFailure) : null,
    load: { before: loadBefore, after: loadAfter },
    writeFloorSeconds: round2(best(floorRuns)?.seconds ?? null),
    writeFloorSystemSeconds: round2(best(floorRuns)?.systemSeconds ?? null),
  };

  const secs = (n: number | null) => (n === null ? "    —  " : n.toFixed(2).padStart(7));
  const rss = (mib: number | null) => (mib === null ? "—" : `${Math.round(mib)} MiB (${Math.round(mb(mib))} MB)`);
  const cpu = (run: ChildRun | null) =>
    run?.cpuSeconds != null
      ? `, CPU ${run.cpuSeconds.toFixed(2)} s (kernel ${run.systemSeconds!.toFixed(2)} s, ${fmt(run.minorFaults!)} page faults)`
      : "";
  log(`rows:      ${fmt(rows)}  (${result.fileMB} MB, ${Math.round(bytes / rows)} bytes/row)`);
  if (baseline) {
    log(`baseline:  node ${baselineEntry} ${secs(result.baselineSeconds)} s  ${fmt(baselineRate!).padStart(10)} rows/s${cpu(baseline)}, peak RSS ${rss(result.baselinePeakRssMiB)}`);
    // papaparse's wall time on a non-ASCII file is partly page faults (its large strings), whose
    // cost is the host's: say so when the kernel took a big part of it (bench/README, session 17).
    if (baseline.systemSeconds !== null && baseline.systemSeconds > 0.5 && baseline.systemSeconds > 0.25 * baseline.seconds) {
      log(`           note: the baseline spent ${baseline.systemSeconds.toFixed(2)} s of its ${baseline.seconds.toFixed(2)} s in the kernel (${fmt(baseline.minorFaults!)} page faults): its time moves with the host's page-fault cost`);
    }
    if (baselineRows !== rows + 1) log(`           note: papaparse counted ${baselineRows === null ? "? (no JSON on stdout)" : fmt(baselineRows)} records, expected ${fmt(rows + 1)} (header + rows)`);
  }
  if (baselineFailure) log(`baseline:  FAILED: ${failureStatus(baselineFailure)}; stderr:\n${failureDetails(baselineFailure)}`);
  if (cli) log(`validate:  bulk-import validate (CLI)  ${secs(result.validateSeconds)} s  ${fmt(validateRate!).padStart(10)} rows/s${cpu(cli)}, exit ${cli.exitCode}${cli.bundleRebuilt ? " (the CLI rebuilt its bundle in this run)" : ""}`);
  if (validateFailure) log(`validate:  FAILED (${validateRuns.length} of ${validateRuns.length + 1} runs ran to the end; a failed run is not repeated): ${failureStatus(validateFailure)}; stderr:\n${failureDetails(validateFailure)}`);
  const ratioTarget = RATIO_TARGET_FILES.includes(result.file)
    ? `(target ≥ ${TARGET_RATIO}) ${result.ratio !== null && result.ratio >= TARGET_RATIO ? "OK" : "BELOW TARGET"}`
    : `(no target: this file is judged against the plain file's time, below)`;
  if (result.ratio !== null) log(`ratio:     ${result.ratio.toFixed(3)} validate rows/s ÷ baseline rows/s ${ratioTarget}${result.cpuRatio !== null ? `; by CPU seconds ${result.cpuRatio.toFixed(3)}` : ""}`);
  else log(`ratio:     — (no complete ${baseline ? "validate" : "baseline"} run)`);
  if (peakRssMiB !== null) {
    const source = (cli ?? validateFailure)!.peakSource;
    log(`peak RSS:  validate ${rss(peakRssMiB)} (${source}, highest of its runs; target ≤ ${TARGET_RSS_MB} MB) ${mb(peakRssMiB) <= TARGET_RSS_MB ? "OK" : "ABOVE TARGET"}`);
    log(`           validate's RSS MiB at each tenth of its ${cli ? "best" : "failed"} run: ${timeline((cli ?? validateFailure)!.samples)}`);
  }
  if (check) log(`report:    ${result.reportMB} MB of JSON, ${fmt(check.problems)} problems${check.summary ? ` (${fmt(check.summary.errors)} errors, ${fmt(check.summary.warnings)} warnings, ${fmt(check.summary.validRows)} valid rows)` : ""}; ${check.ok ? "checks: " : ""}${check.text}`);
  else if (validateFailure) log(`report:    none checked (validate failed${reportBytes !== null ? `; it wrote ${(reportBytes / 1e6).toFixed(2)} MB before it did` : ""})`);
  if (floorRuns.length > 0) {
    const floor = best(floorRuns)!;
    const kernel = floorRuns.map((r) => r.systemSeconds?.toFixed(2) ?? "?").join(" ");
    log(`write:     writing ${result.reportMB} MB alone (node ${writeFloorEntry}, 1 MiB writes): best ${floor.seconds.toFixed(2)} s, kernel ${kernel} s in its runs: the host's cost of the report's bytes, inside validate's time`);
  }
  if (runs > 1) {
    const list = (l: ChildRun[]) => l.map((r) => r.seconds.toFixed(2)).join(" ") || "—";
    log(`runs:      baseline ${list(baselineRuns)} s; validate ${list(validateRuns)} s${floorRuns.length > 0 ? `; write ${list(floorRuns)} s` : ""} (alternating; best taken)`);
  }
  log(`load:      ${loadBefore} before, ${loadAfter} after (1, 5 and 15 min averages; ${cores} cores)`);
  log();
  return result;
}

/** Both commands on a header-only file: their fixed cost (Node's start, loading code and configuration). */
async function measureStartup(): Promise<{ baseline: number; validate: number }> {
  const file = path.join(outDir, "header-only.csv");
  await writeFile(file, `${canonicalHeader.map((name) => (name.includes(",") ? `"${name}"` : name)).join(",")}\r\n`);
  const report = path.join(outDir, "report-header-only.json");
  const baseline: number[] = [];
  const validate: number[] = [];
  for (let run = 0; run < 2; run++) {
    baseline.push((await runNode(baselineArgs(file), null)).seconds);
    validate.push((await runNode(validateArgs(file), report)).seconds);
  }
  await rm(report, { force: true });
  return { baseline: Math.min(...baseline), validate: Math.min(...validate) };
}

/** Best wall times of `validate --format text` on the plain and errors files (alternating, `runs` each), and their factor. */
async function measureTextFactor(rows: number): Promise<{ rows: number; plainSeconds: number | null; errorsSeconds: number | null; factor: number | null }> {
  const text = (file: string) => [cliEntry, "validate", "--config", configFile, relative(file)];
  const times: Record<"plain" | "errors", number[]> = { plain: [], errors: [] };
  for (let run = 0; run < runs; run++) {
    for (const kind of ["plain", "errors"] as const) {
      const result = await runNode(text(fileOf(kind, rows)), null);
      if (validateOk(result) && !result.bundleRebuilt) times[kind].push(result.seconds);
    }
  }
  const bestOf = (list: number[]) => (list.length ? Math.min(...list) : null);
  const plainSeconds = bestOf(times.plain);
  const errorsSeconds = bestOf(times.errors);
  const factor = plainSeconds && errorsSeconds ? Number((errorsSeconds / plainSeconds).toFixed(2)) : null;
  return { rows, plainSeconds: plainSeconds && Number(plainSeconds.toFixed(2)), errorsSeconds: errorsSeconds && Number(errorsSeconds.toFixed(2)), factor };
}

async function main(): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const papaVersion = (createRequire(import.meta.url)("papaparse/package.json") as { version: string }).version;
  log(`bench:validate: node ${process.version}, papaparse ${papaVersion}, files ${files.join(", ")}, rows ${rowCounts.map(fmt).join(", ")}, runs ${runs} (best of), seed ${seed}, validate threads ${threads}`);
  log(`both sides are child processes timed from spawn to exit; peak RSS from ${existsSync(TIME) ? `${TIME} (ru_maxrss)` : "/proc VmHWM polling"}; MB = 10^6 bytes, MiB = 2^20`);
  log(`load average at start: ${load()} (${cores} cores)`);
  const startup = await measureStartup();
  log(`start-up on a header-only file: baseline ${startup.baseline.toFixed(2)} s, validate ${startup.validate.toFixed(2)} s (included in every time below)`);
  log();

  const results: Result[] = [];
  for (const rows of rowCounts) for (const kind of files) results.push(await measure(kind, rows));

  const errorsVsPlain = rowCounts.flatMap((rows) => {
    const plain = results.find((r) => r.rows === rows && r.file === "plain");
    const errors = results.find((r) => r.rows === rows && r.file === "errors");
    if (!plain || !errors) return [];
    const factor = plain.validateSeconds && errors.validateSeconds ? Number((errors.validateSeconds / plain.validateSeconds).toFixed(2)) : null;
    return [{ rows, factor }];
  });

  // The same comparison with the CLI's default format, text, which summarises instead of listing
  // every problem: how much of the factor is the JSON report's writing.
  const errorsVsPlainText: { rows: number; plainSeconds: number | null; errorsSeconds: number | null; factor: number | null }[] = [];
  for (const { rows } of errorsVsPlain) errorsVsPlainText.push(await measureTextFactor(rows));

  log("file    rows        MB     baseline s  MiB   validate s  MiB   ratio  report");
  for (const r of results) {
    const s = (n: number | null) => (n === null ? "—" : n.toFixed(2));
    const n = (x: number | null) => (x === null ? "—" : String(x));
    log(
      `${r.file.padEnd(7)} ${fmt(r.rows).padEnd(10)} ${String(r.fileMB).padStart(6)} ${s(r.baselineSeconds).padStart(10)}  ${n(r.baselinePeakRssMiB).padStart(4)} ${s(r.validateSeconds).padStart(11)}  ${n(r.peakRssMiB).padStart(4)}  ${r.ratio === null ? "  —  " : r.ratio.toFixed(3)}  ${r.failure ? `FAILED: ${r.failure}` : r.reportChecks === null ? "—" : r.reportChecks ? "checks" : "DOES NOT CHECK"}`,
    );
  }
  for (const { rows, factor } of errorsVsPlain) {
    const floor = results.find((r) => r.rows === rows && r.file === "errors")?.writeFloorSeconds ?? null;
    log(
      `every-row-error file vs plain file at ${fmt(rows)} rows: ${factor === null ? "— (a validate run failed)" : `${factor.toFixed(2)} × the time (target ≤ ${TARGET_ERRORS_VS_PLAIN}) ${factor <= TARGET_ERRORS_VS_PLAIN ? "OK" : "ABOVE TARGET"}`}${floor === null ? "" : `; writing its report alone took ${floor.toFixed(2)} s here`}`,
    );
  }
  for (const { rows, plainSeconds, errorsSeconds, factor } of errorsVsPlainText) {
    log(
      `the same with --format text (the CLI's default: counts and the first problems of each code), at ${fmt(rows)} rows: plain ${plainSeconds?.toFixed(2) ?? "—"} s, errors ${errorsSeconds?.toFixed(2) ?? "—"} s, ${factor === null ? "—" : `${factor.toFixed(2)} ×`} (for reading the JSON figure; the target is judged on --format json)`,
    );
  }
  log(`targets: ratio ≥ ${TARGET_RATIO} on the ${RATIO_TARGET_FILES.join(" and ")} files, validate's peak RSS ≤ ${TARGET_RSS_MB} MB on each, every-row-error file ≤ ${TARGET_ERRORS_VS_PLAIN} × the plain file's time`);
  log();

  const meetsTargets =
    results.every(
      (r) => (!RATIO_TARGET_FILES.includes(r.file) || (r.ratio !== null && r.ratio >= TARGET_RATIO)) && r.peakRssMB !== null && r.peakRssMB <= TARGET_RSS_MB && r.reportChecks !== false,
    ) &&
    errorsVsPlain.every((e) => e.factor !== null && e.factor <= TARGET_ERRORS_VS_PLAIN) &&
    // The every-row-error file has no ratio target: without the plain file beside it, it is not judged met.
    results.every((r) => r.file !== "errors" || errorsVsPlain.some((e) => e.rows === r.rows));
  log(
    JSON.stringify({
      bench: "validate",
      targets: { ratio: TARGET_RATIO, peakRssMB: TARGET_RSS_MB, errorsVsPlain: TARGET_ERRORS_VS_PLAIN },
      meetsTargets,
      runs,
      threads,
      startupSeconds: { baseline: Number(startup.baseline.toFixed(2)), validate: Number(startup.validate.toFixed(2)) },
      errorsVsPlain,
      errorsVsPlainText,
      results,
    }),
  );
}

await main();
