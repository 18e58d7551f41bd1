import { defineConfig, devices } from "@playwright/test";
import { stateFile } from "./e2e/accounts";

const port = Number(process.env.E2E_PORT ?? 3100);

// Debian's Chromium, never a downloaded browser (this machine reaches no browser host).
export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e-report.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: "only-on-failure",
    // Charts and transitions hold still, so screenshots show the finished page.
    reducedMotion: "reduce",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [
    // Signs the e2e accounts in once; every spec then starts signed in as the CSM (e2e/accounts.ts).
    { name: "setup", testMatch: /auth\.setup\.ts/, use: { ...devices["Desktop Chrome"], channel: undefined } },
    { name: "chromium", dependencies: ["setup"], use: { ...devices["Desktop Chrome"], channel: undefined, storageState: stateFile("csm") } },
  ],
  webServer: {
    command: "node bin/e2e-server.mjs",
    url: `http://127.0.0.1:${port}/sign-in`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    // Tiles off: no network in tests, and the map must still draw boundaries and points.
    // Fixed error reports of over 1,000 error rows go to the worker, as a big import's do (e2e 7).
    env: { PORT: String(port), MAP_TILE_URL: "", NEXT_TELEMETRY_DISABLED: "1", FIXED_REPORT_IN_REQUEST_ROWS: "1000" },
    // Stopped as Ctrl-C stops `npm start`, so that it drops its throwaway database (e2e/serve.ts);
    // Playwright's default, SIGKILL, left one behind after every run.
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
  },
});
