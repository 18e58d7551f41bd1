// `npm run bench:ui -- --rows 100000`: drives the review screen in Chromium over a big file with
// about 1% error rows and measures what a CSM waits for:
// - upload done → grid ready (target ≤ 15 s; includes server-side validation in the worker),
// - "Only rows with errors" → filtered grid (target ≤ 300 ms),
// - applying a bulk fix (swap lat/lng),
// - the longest main-thread task while scrolling the grid (target ≤ 200 ms).
// It starts its own app on a throwaway database (DATABASE_URL's server, else embedded Postgres).
//
// `--export` (issue #12) first takes the same rows as another system's export
// (bench/generate-export.ts: renamed columns, naive 12-hour local times) through the
// "Match columns" step, in the same app and run: upload done → step shown, then "Validate with
// these matches" → grid ready, beside the canonical file's upload done → grid ready. The filter,
// fix and scroll measures are then taken on the converted import.
//
// Peak RSS is sampled every 250 ms over the app's process tree (the web server and the import
// worker), and reported for each phase.
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { chromium } from "@playwright/test";
import { generateCanonicalCsv } from "./generate-canonical.ts";
import { exportShapedCsv } from "./generate-export.ts";
import { accounts } from "../e2e/accounts.ts";

const args = process.argv.slice(2);
const rowsArg = args[args.indexOf("--rows") + 1];
const rows = args.includes("--rows") && rowsArg ? Number(rowsArg) : 100_000;
const port = 3300;
const root = path.join(import.meta.dirname, "..");
const outDir = path.join(root, "bench", "out");

async function waitForServer(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The app did not start within ${timeoutMs / 1000} s`);
}

await mkdir(outDir, { recursive: true });
const file = path.join(outDir, `ui-${rows}.csv`);
if (!existsSync(file)) await generateCanonicalCsv(file, rows, { errorShare: 0.01, seed: 7 });
const withExport = args.includes("--export");
const exportFile = path.join(outDir, `ui-${rows}.export.csv`);
if (withExport && !existsSync(exportFile)) await exportShapedCsv(file, exportFile);

/** The largest summed RSS (MB) of a process and its descendants, and of the largest one of them, sampled until stopped. */
function rssSampler(rootPid: number) {
  let peak = 0;
  let largest = 0;
  const sample = () => {
    const table = execFileSync("ps", ["-eo", "pid=,ppid=,rss="], { encoding: "utf8" })
      .trim()
      .split("\n")
      .map((line) => line.trim().split(/\s+/).map(Number) as [number, number, number]);
    const tree = new Set([rootPid]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pid, ppid] of table) {
        if (tree.has(ppid) && !tree.has(pid)) {
          tree.add(pid);
          grew = true;
        }
      }
    }
    const members = table.filter(([pid]) => tree.has(pid));
    peak = Math.max(peak, members.reduce((sum, [, , rss]) => sum + rss, 0) / 1024);
    largest = Math.max(largest, ...members.map(([, , rss]) => rss / 1024));
  };
  const timer = setInterval(sample, 250);
  return {
    /** The peaks since the last take ("tree / largest process", MB), then starts again. */
    take() {
      sample();
      const value = `${Math.round(peak)} / ${Math.round(largest)}`;
      peak = 0;
      largest = 0;
      return value;
    },
    stop: () => clearInterval(timer),
  };
}

// The e2e server makes (and drops) its own throwaway database on DATABASE_URL's server or an embedded one.
const app = spawn(process.execPath, [path.join(root, "bin", "e2e-server.mjs")], {
  cwd: root,
  env: { ...process.env, PORT: String(port), MAP_TILE_URL: "", NEXT_TELEMETRY_DISABLED: "1", UPLOAD_MAX_BYTES: String(1024 * 1024 * 1024) },
  stdio: ["ignore", "ignore", "inherit"],
});
const results: Record<string, number | string> = { rows };
try {
  await waitForServer(`http://localhost:${port}/sign-in`, 240_000);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  // Signed in as the e2e server's CSM, through the form.
  await page.goto(`http://localhost:${port}/sign-in`, { waitUntil: "networkidle" });
  await page.getByLabel("E-mail").fill(accounts.csm.email);
  await page.getByLabel("Password").fill(accounts.csm.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/imports$/);
  const rss = rssSampler(app.pid!);
  const upload = async (source: string) => {
    await page.goto(`http://localhost:${port}/imports/new`);
    await page.getByLabel("Organization").selectOption({ label: "City of Springfield" });
    await page.getByLabel("CSV files").setInputFiles(source);
    await page.getByRole("button", { name: "Upload and validate" }).click();
  };
  const gridReady = async () => {
    await page.getByRole("grid", { name: "Rows of the import" }).waitFor({ timeout: 900_000 });
    await page.locator('[data-grid-ready="true"]').waitFor({ timeout: 900_000 });
  };

  // What the summary cards say, e.g. "1,000,000 rows · 9,902 errors".
  const summary = async () => {
    const cards = page.getByRole("region", { name: "Import summary" });
    const read = async (label: string) => ((await cards.getByText(label, { exact: true }).locator("..").textContent()) ?? "").replace(label, "").trim();
    return `${await read("Rows")} rows · ${await read("Errors")} errors`;
  };

  rss.take();
  const clicked = Date.now();
  await upload(file);
  await page.waitForURL(/\/imports\/\d+$/, { timeout: 900_000 });
  const uploaded = Date.now();
  results.uploadSeconds = (uploaded - clicked) / 1000;
  await gridReady();
  results.gridReadySeconds = (Date.now() - uploaded) / 1000;
  results.canonicalSummary = await summary();
  results.canonicalPeakRssMb = rss.take();

  if (withExport) {
    // The same rows as an export: upload done → the step with its preview → validated grid.
    const exportClicked = Date.now();
    await upload(exportFile);
    await page.waitForURL(/\/imports\/\d+\/columns$/, { timeout: 900_000 });
    const exportUploaded = Date.now();
    results.exportUploadSeconds = (exportUploaded - exportClicked) / 1000;
    await page.getByRole("heading", { level: 1, name: "Match columns" }).waitFor({ timeout: 900_000 });
    await page.getByRole("table", { name: "Preview of the converted rows" }).waitFor({ timeout: 900_000 });
    results.exportStepSeconds = (Date.now() - exportUploaded) / 1000;
    const validateClicked = Date.now();
    await page.getByRole("button", { name: "Validate with these matches" }).click();
    await page.waitForURL(/\/imports\/\d+$/, { timeout: 900_000 });
    results.exportValidateSeconds = (Date.now() - validateClicked) / 1000;
    const validated = Date.now();
    await gridReady();
    results.exportGridReadySeconds = (Date.now() - validated) / 1000;
    results.exportSummary = await summary();
    results.exportPeakRssMb = rss.take();
    // Click to grid, everything the CSM waits for (the step's own time at the CSM's desk left out).
    const exportTotal = (validated - exportClicked) / 1000 - (results.exportStepSeconds as number) + (results.exportGridReadySeconds as number);
    results.exportToCanonical = Math.round((exportTotal / ((results.uploadSeconds as number) + (results.gridReadySeconds as number))) * 100) / 100;
  }

  // Filter: from the click to the filtered grid on screen, timed inside the page.
  // Evaluated as source text: tsx's keepNames would wrap a function in __name(), which the page lacks.
  const filterMs = (await page.evaluate(`(async () => {
    const status = document.querySelector('[data-grid-ready]');
    const before = status.textContent;
    const label = [...document.querySelectorAll("label")].find((candidate) => candidate.textContent.includes("Only rows with errors"));
    const started = performance.now();
    label.querySelector("input").click();
    await new Promise((resolve) => {
      const check = () => (status.getAttribute("data-grid-ready") === "true" && status.textContent !== before ? resolve() : requestAnimationFrame(check));
      requestAnimationFrame(check);
    });
    return performance.now() - started;
  })()`)) as number;
  results.filterMs = Math.round(filterMs);
  results.errorRows = (await page.locator("[data-grid-ready]").textContent()) ?? "";

  // A bulk fix: preview count, then apply.
  // Wait for the preview count: the button names how many rows it will change.
  const swap = page.getByRole("button", { name: /^Swap lat and lng: apply to [1-9][\d,]* rows?$/ });
  await swap.waitFor({ timeout: 120_000 });
  const label = (await swap.getAttribute("aria-label")) ?? "";
  const fixStarted = Date.now();
  await swap.click();
  await page.getByRole("status").filter({ hasText: /Swap lat and lng: changed/ }).waitFor({ timeout: 600_000 });
  results.bulkFix = label;
  results.bulkFixSeconds = (Date.now() - fixStarted) / 1000;

  // Scrolling: the longest main-thread task while the grid scrolls through the rows.
  await page.getByLabel("Only rows with errors").uncheck();
  await page.locator('[data-grid-ready="true"]').waitFor();
  await page.evaluate(`(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.longTasks.push(entry.duration); }).observe({ type: "longtask", buffered: false });
  })()`);
  const grid = page.getByRole("grid", { name: "Rows of the import" });
  await grid.hover();
  // A brisk, continuous scroll: 240 px per frame (~15,000 px/s, about 400 rows a second) for
  // 300 frames, down through some 2,000 rows.
  for (let step = 0; step < 300; step += 1) {
    await page.mouse.wheel(0, 240);
    await page.waitForTimeout(16);
  }
  await page.waitForTimeout(1000);
  const longTasks = (await page.evaluate("window.longTasks")) as number[];
  results.longestTaskMs = Math.round(Math.max(0, ...longTasks));
  results.longTasks = longTasks.length;
  results.reviewPeakRssMb = rss.take();
  rss.stop();
  await browser.close();
} finally {
  app.kill("SIGTERM");
  await new Promise((resolve) => app.once("exit", resolve));
}

const targets = { gridReadySeconds: 15, filterMs: 300, longestTaskMs: 200 };
for (const [key, value] of Object.entries(results)) {
  const target = targets[key as keyof typeof targets];
  console.log(`${key.padEnd(18)} ${String(value).padStart(12)}${target !== undefined ? `   (target ≤ ${target})` : ""}`);
}
console.log(JSON.stringify({ bench: "ui", ...results }));
