#!/usr/bin/env node
// `npm test`: lint, typecheck, unit, integration (real Postgres) and e2e (Debian's Chromium), in
// that order, stopping at the first failing step. Ends with one line "tests: N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, mkdirSync } from "node:fs";

const only = process.argv.slice(2);
const steps = [
  { name: "lint", cmd: ["npm", "run", "--silent", "lint"] },
  { name: "typecheck", cmd: ["npx", "tsc", "--noEmit", "-p", "."] },
  { name: "unit", cmd: ["npx", "vitest", "run", "--project", "unit", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/unit.json"], report: "test-results/unit.json" },
  { name: "integration", cmd: ["npx", "vitest", "run", "--project", "integration", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/integration.json"], report: "test-results/integration.json" },
  { name: "e2e", cmd: ["npx", "playwright", "test"], report: "test-results/e2e-report.json", kind: "playwright" },
].filter((step) => only.length === 0 || only.includes(step.name));

function counts(step) {
  if (!step.report || !existsSync(step.report)) return { passed: 0, failed: 0 };
  const report = JSON.parse(readFileSync(step.report, "utf8"));
  if (step.kind === "playwright") {
    return { passed: report.stats?.expected ?? 0, failed: (report.stats?.unexpected ?? 0) + (report.stats?.flaky ?? 0) };
  }
  return { passed: report.numPassedTests ?? 0, failed: (report.numFailedTests ?? 0) + (report.numTotalTestSuites && report.success === false && !report.numFailedTests ? 1 : 0) };
}

mkdirSync("test-results", { recursive: true });
let passed = 0;
let failed = 0;
let failedStep = null;
for (const step of steps) {
  if (step.report) rmSync(step.report, { force: true });
  process.stdout.write(`\n=== ${step.name} ===\n`);
  const started = Date.now();
  const result = spawnSync(step.cmd[0], step.cmd.slice(1), { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  const count = counts(step);
  passed += count.passed;
  failed += count.failed;
  // A failed test fails its step even when the runner exits 0 (vitest with the JSON reporter's
  // outputFile did: a failing integration test once left the step "ok" and the exit status 0).
  const ok = result.status === 0 && count.failed === 0;
  process.stdout.write(`=== ${step.name}: ${ok ? "ok" : "FAILED"} in ${Math.round((Date.now() - started) / 1000)} s ===\n`);
  if (!ok) {
    failedStep = step.name;
    if (count.failed === 0) failed += 1; // a step that failed without a test failing (lint, a crash)
    break;
  }
}
process.stdout.write(`\n${failedStep ? `Stopped at ${failedStep}.` : "All steps passed."}\n`);
process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
process.exit(failedStep ? 1 : 0);
