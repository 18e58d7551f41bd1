/**
 * The pages a CSM waits on, timed over HTTP against `npm start`'s server (`next start`, a built
 * app), on a database holding 50 imports, one of them with N rows that all have an error (issue
 * #11: `/imports` ≤ 300 ms; the review's row pages serve 200 concurrent requests at p95 ≤ 1 s).
 *
 *   npm run bench:pages -- --rows 1000000
 *
 * The 200 row pages come after the grid opened their view (its first page and total), as in the
 * app; 200 pages of a view nobody opened are timed too ("cold"). The big import is written with SQL (generate_series), as ingest would have stored it: every row
 * with a missing_offset error, its counts in ImportProblemCount, and (as old imports kept) a
 * report JSON of ~`--report-mb` MB on the job, which no page should load. The last line is a
 * one-line JSON summary.
 *
 * The load comes from node:http on keep-alive connections (`--client fetch` for Node's fetch, the
 * client of sessions 8-21): on this 2-core machine the client shares the server's cores, and fetch
 * took ~3 ms of CPU a request against ~1 ms, a third of the machine during a burst. Each burst
 * prints the CPU time the web server, Postgres and the client itself used while it ran.
 */
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { once } from "node:events";
import path from "node:path";
import { readdir, readFile } from "node:fs/promises";
import { register } from "node:module";
import pg from "pg";
import { postgresCpuSeconds, processCpu } from "./process-cpu.ts";

// The data modules are marked `server-only`; resolve the marker as the bin/ entry points do.
register("../bin/node-hooks.mjs", import.meta.url);
const { createThrowawayDatabase } = await import("../lib/testing/throwaway-database.ts");
const { applyFixtureOrganization } = await import("../lib/testing/fixture-organization.ts");
const { pgConfigFromUrl } = await import("../lib/db/database-url.ts");
const { fixedColumns } = await import("../lib/engine/format.ts");
const { seedAccounts } = await import("../lib/testing/seed-accounts.ts");
const account = { email: "bench@bulk-import.example", name: "Bench CSM", role: "csm" as const, password: "bench csm password" };

const root = path.join(import.meta.dirname, "..");
const option = (name: string, fallback: number) => {
  const argv = process.argv.slice(2);
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? Number(argv[at + 1]) : fallback;
};
const rows = option("rows", 1_000_000);
const imports = option("imports", 50);
const reportMb = option("report-mb", 100);
const port = option("port", 3300);
const client = process.argv.includes("--client") ? process.argv[process.argv.indexOf("--client") + 1] : "http";
if (client !== "http" && client !== "fetch") throw new Error(`--client ${client}: expected http or fetch`);
const log = (line = "") => process.stdout.write(`${line}\n`);

async function seed(url: string): Promise<number> {
  await applyFixtureOrganization(url, "prisma/seed/demo-organization.json");
  const client = new pg.Client(pgConfigFromUrl(url));
  await client.connect();
  try {
    const org = (await client.query<{ id: number }>(`SELECT id FROM "Organization" WHERE slug = 'springfield'`)).rows[0]!.id;
    await client.query(`INSERT INTO "User" (email, name, "isStaff", "updatedAt") VALUES ('csm@bulk-import.example', 'Casey (CSM)', true, now()) ON CONFLICT (email) DO UPDATE SET "isStaff" = true`);
    // 49 small imports, then the big one.
    await client.query(
      `INSERT INTO "ImportJob" ("organizationId", status, "totalRows", "validRows", "updatedAt") SELECT $1, 'ready', 10, 10, now() FROM generate_series(1, $2)`,
      [org, imports - 1],
    );
    const report = JSON.stringify({ ok: false, files: [{ file: "big.csv", problems: Array.from({ length: Math.round((reportMb * 1024 * 1024) / 300) }, (_, i) => ({ code: "missing_offset", row: i + 1, message: "x".repeat(200) })) }] });
    const big = (await client.query<{ id: number }>(
      `INSERT INTO "ImportJob" ("organizationId", status, "totalRows", "validRows", "errorCount", report, "updatedAt") VALUES ($1, 'ready', $2, 0, $2, $3::jsonb, now()) RETURNING id`,
      [org, rows, report],
    )).rows[0]!.id;
    const header = [...fixedColumns];
    const file = (await client.query<{ id: number }>(
      `INSERT INTO "ImportFile" ("importJobId", kind, name, sha256, header, "rowCount") VALUES ($1, 'data', 'big.csv', 'bench', $2, $3) RETURNING id`,
      [big, header, rows],
    )).rows[0]!.id;
    const problem = `jsonb_build_array(jsonb_build_object('severity','error','code','missing_offset','file','big.csv','row',n,'line',n+1,'column','created_at','value','2021-03-04T10:11:12','message','The timestamp has no time-zone offset.'))`;
    await client.query(
      `INSERT INTO "ImportRow" ("importJobId", "importFileId", row, line, values, problems, "errorCount", "warningCount")
       SELECT $1, $2, n, n + 1, ARRAY['42.1','-72.5', n || ' Main St','Pothole','Pothole','Hole ' || n,'','2021-03-04T10:11:12','','','No'], ${problem}, 1, 0
       FROM generate_series(1, $3) AS n`,
      [big, file, rows],
    );
    await client.query(`INSERT INTO "ImportProblemCount" ("importJobId", "importFileId", code, "column", severity, count) VALUES ($1, $2, 'missing_offset', 'created_at', 'error', $3)`, [big, file, rows]);
    // Vacuumed now, not by autovacuum in the middle of the timings (it took a core for seconds after the seed).
    await client.query("VACUUM ANALYZE");
    return big;
  } finally {
    await client.end();
  }
}

const serverErrors: string[] = [];

async function startServer(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, "bin", "start.mjs")], { cwd: root, env: { ...process.env, DATABASE_URL: url, PORT: String(port), MAP_TILE_URL: "" }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", () => undefined);
  // Its last error output, printed if the bench fails.
  child.stderr!.on("data", (chunk: Buffer) => serverErrors.push(chunk.toString()) > 50 && serverErrors.shift());
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/sign-in`).then((r) => r.ok, () => false);
    if (ok) return child;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the server did not start");
}

/** Signs the bench's CSM in, as the sign-in form does, and keeps the session cookie for every request. */
let cookie = "";
async function signIn(base: string): Promise<void> {
  const response = await fetch(`${base}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify({ email: account.email, password: account.password }) });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  cookie = response.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
}

// Keep-alive connections, as a browser's and as fetch's were: a burst opens what it lacks. And a
// browser's Accept-Encoding, which fetch sent too: the server compresses what a browser would get
// compressed (not the row pages, which are sent as they are: ADR 0022).
const agent = new http.Agent({ keepAlive: true });
const browserHeaders = { "accept-encoding": "gzip, deflate, br" };

/** GETs `url` and reads the whole answer: its status and (the first 300 bytes of) its body. */
async function get(url: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  if (client === "fetch") {
    const response = await fetch(url, { headers, redirect: "manual" });
    const body = await response.arrayBuffer();
    return { status: response.status, text: Buffer.from(body).toString("utf8", 0, 300) };
  }
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers: { ...browserHeaders, ...headers } }, (response) => {
        let head = ""; // for an error's message (a compressed one reads as its encoding's bytes)
        response.on("data", (chunk: Buffer) => void (head.length < 300 && (head += chunk.toString("utf8", 0, 300))));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text: head }));
        response.on("error", reject);
      })
      .on("error", reject);
  });
}

async function timed(url: string): Promise<number> {
  const started = performance.now();
  const { status, text } = await get(url, { cookie });
  if (status < 200 || status > 299) throw new Error(`${url}: ${status} ${text}`);
  return performance.now() - started;
}

/** A request without the session cookie, timed; it must be refused as signed out. */
async function timedSignedOut(url: string): Promise<number> {
  const started = performance.now();
  const { status } = await get(url, {});
  if (status !== 401) throw new Error(`${url}: ${status}, expected 401`);
  return performance.now() - started;
}

/** The web server's pid: `bulk-import-web` (ADR 0024; `next-server` before it) under `npm start`'s process. */
async function webServerPid(root: number): Promise<number> {
  const children = (await readFile(`/proc/${root}/task/${root}/children`, "utf8")).trim().split(/\s+/).map(Number);
  for (const pid of children) if (/^(next-server|bulk-import-web)/.test(await readFile(`/proc/${pid}/comm`, "utf8"))) return pid;
  throw new Error("no web server process under the server");
}

type Burst = { times: number[]; clientCpuMs: number; serverCpuMs: number; postgresCpuMs: number };

/** Runs `burst` and returns its timings with the CPU time (ms) the client, the web server and Postgres used meanwhile (a backend that ended meanwhile is not counted). */
async function withCpu(serverPid: number, burst: () => Promise<number[]>): Promise<Burst> {
  const before = process.cpuUsage();
  const [serverBefore, postgresBefore] = [(await processCpu(serverPid)).seconds, await postgresCpuSeconds()];
  const times = await burst();
  const used = process.cpuUsage(before);
  const [serverAfter, postgresAfter] = [(await processCpu(serverPid)).seconds, await postgresCpuSeconds()];
  return { times, clientCpuMs: (used.user + used.system) / 1000, serverCpuMs: (serverAfter - serverBefore) * 1000, postgresCpuMs: (postgresAfter - postgresBefore) * 1000 };
}

/** Peak RSS (VmHWM, MiB) of each process under `pid`, by name: the web server and the import worker. */
async function peakRss(pid: number): Promise<Record<string, number>> {
  const children = new Map<number, number[]>();
  for (const entry of await readdir("/proc")) {
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => null);
    if (!stat) continue;
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const peaks: Record<string, number> = {};
  const visit = async (id: number) => {
    const status = await readFile(`/proc/${id}/status`, "utf8").catch(() => "");
    const name = /^Name:\s+(.+)$/m.exec(status)?.[1] ?? String(id);
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(status);
    if (hwm) peaks[name] = Math.max(peaks[name] ?? 0, Math.round(Number(hwm[1]) / 1024));
    for (const child of children.get(id) ?? []) await visit(child);
  };
  await visit(pid);
  return peaks;
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

const database = await createThrowawayDatabase("bulk_import_pages");
let server: ChildProcess | undefined;
try {
  log(`Seeding ${imports} imports, one with ${rows.toLocaleString("en-US")} rows that all have an error and a ${reportMb} MB report…`);
  const big = await seed(database.url);
  await seedAccounts(database.url, [account]);
  server = await startServer(database.url);
  const base = `http://127.0.0.1:${port}`;
  await signIn(base);
  const webServer = await webServerPid(server.pid!);
  await timed(`${base}/imports`); // warm
  const list = [];
  for (let i = 0; i < 20; i++) list.push(await timed(`${base}/imports`));
  const review = [];
  for (let i = 0; i < 5; i++) review.push(await timed(`${base}/imports/${big}`));
  // As the grid does: it opens a view with its first page and total, then scrolls anywhere in it.
  const concurrentPages = (filter: string) =>
    withCpu(webServer, () => Promise.all(Array.from({ length: 200 }, (_, i) => timed(`${base}/api/imports/${big}/rows?offset=${Math.floor((i / 200) * (rows - 100))}&limit=100&${filter}&withTotal=0`))));
  // The floor: 200 concurrent requests of a static file, which the server answers without the app's code or the database.
  const floor = await withCpu(webServer, () => Promise.all(Array.from({ length: 200 }, () => timed(`${base}/icon.svg`))));
  // The app's own floor: 200 concurrent requests of the rows route that stop at the sign-in check (401, no cookie, no query).
  const routeFloor = await withCpu(webServer, () => Promise.all(Array.from({ length: 200 }, (_, i) => timedSignedOut(`${base}/api/imports/${big}/rows?offset=${i}`))));
  const opened = await timed(`${base}/api/imports/${big}/rows?offset=0&limit=100&onlyErrors=1&withTotal=1`);
  await new Promise((resolve) => setTimeout(resolve, 3000)); // a CSM reads the first page before scrolling
  const pages = await concurrentPages("onlyErrors=1");
  // The same 200 pages again: the server's code and Postgres's caches warm.
  const again = await concurrentPages("onlyErrors=1");
  // Cold: 200 deep pages of a view nobody opened first (they wait for its anchors).
  const cold = await concurrentPages("column=created_at");
  // One deep page of a view nobody opened, with every row in it (no filter): its anchors are read
  // first, from the (file, row) index (ADR 0022, session 13); a CSM who drags the scrollbar at once.
  const deepAtOnce = await timed(`${base}/api/imports/${big}/rows?offset=${rows - 100}&limit=100&withTotal=0`);
  const filtered = [];
  for (let i = 0; i < 3; i++) filtered.push(await timed(`${base}/api/imports/${big}/rows?offset=0&limit=100&code=missing_offset&withTotal=1`));
  const rss = await peakRss(server.pid!);
  const load = (await readFile("/proc/loadavg", "utf8")).split(" ").slice(0, 3).join(" ");
  log(`load ${load}`);
  log(`peak RSS (MiB) ${Object.entries(rss).map(([name, mib]) => `${name} ${mib}`).join(", ")}`);
  log(`  /imports (50 imports)                 p50 ${percentile(list, 50).toFixed(0)} ms  p95 ${percentile(list, 95).toFixed(0)} ms  (target ≤ 300 ms)`);
  log(`  /imports/${big} (review page)          p50 ${percentile(review, 50).toFixed(0)} ms`);
  const burst = (label: string, { times, clientCpuMs, serverCpuMs, postgresCpuMs }: Burst, note = "") =>
    log(`  ${label.padEnd(39)} p50 ${percentile(times, 50).toFixed(0)} ms  p95 ${percentile(times, 95).toFixed(0)} ms  (CPU ms: server ${serverCpuMs.toFixed(0)}, Postgres ${postgresCpuMs.toFixed(0)}, client ${clientCpuMs.toFixed(0)})${note}`);
  burst("200 concurrent row pages (errors only)", pages, "  target p95 ≤ 1000 ms");
  burst("the same 200 again", again);
  burst("floor: 200 concurrent static files", floor, `  row pages p95 ${(percentile(pages.times, 95) / percentile(floor.times, 95)).toFixed(1)}× this`);
  burst("floor: 200 concurrent 401s of the route", routeFloor, "  a route handler that reads nothing");
  log(`  opening the errors view (page 1 + total) ${opened.toFixed(0)} ms`);
  log(`  the last page of the unfiltered view, asked first ${deepAtOnce.toFixed(0)} ms  (its anchors read then)`);
  burst("200 cold row pages (a view not opened)", cold);
  log(`  a code filter with its total           p50 ${percentile(filtered, 50).toFixed(0)} ms`);
  log(JSON.stringify({ bench: "pages", client, rows, imports, listP95: percentile(list, 95), reviewP50: percentile(review, 50), rowPagesP95: percentile(pages.times, 95), rowPagesAgainP95: percentile(again.times, 95), coldRowPagesP95: percentile(cold.times, 95), floorP95: percentile(floor.times, 95), routeFloorP95: percentile(routeFloor.times, 95), rowPagesCpuMs: { server: pages.serverCpuMs, postgres: pages.postgresCpuMs, client: Math.round(pages.clientCpuMs) }, openedMs: opened, deepAtOnceMs: deepAtOnce, filteredP50: percentile(filtered, 50), peakRssMiB: rss, load }));
} catch (error) {
  if (serverErrors.length) log(`The server's last error output:\n${serverErrors.join("")}`);
  throw error;
} finally {
  if (server) {
    server.kill("SIGINT");
    await once(server, "exit").catch(() => undefined);
  }
  await database.drop();
}
