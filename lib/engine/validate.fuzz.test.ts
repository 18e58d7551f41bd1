import { describe, expect, it } from "vitest";
import { bytesSource } from "./read/source.ts";
import { codeSeverity, problemCodes, type Problem } from "./problem.ts";
import { fixtureNow, fixtureOrg } from "./testing/fixture-org.ts";
import { baseFuzzFile, int, mutationNames, mutations } from "./testing/csv-mutations.ts";
import { validateImport, type ValidationReport } from "./validate.ts";
import { mulberry32 } from "../utils/seeded-random.ts";

/**
 * Random mutations of a valid file, from a seeded PRNG so a failure can be replayed: none may
 * throw, and every report must agree with itself.
 */

const config = fixtureOrg();
const names = mutationNames;
const baseFile = baseFuzzFile;
const encoder = new TextEncoder();


/** The report's invariants, as plain checks (tens of thousands of problems: `expect` per problem is too slow). */
function reportFaults(report: ValidationReport): string[] {
  const faults: string[] = [];
  const fault = (message: string) => faults.length < 5 && faults.push(message);
  const all: Problem[] = report.files.flatMap((f) => f.problems);
  const byCode: Record<string, number> = {};
  for (const problem of all) byCode[problem.code] = (byCode[problem.code] ?? 0) + 1;
  if (JSON.stringify(report.summary.byCode) !== JSON.stringify(Object.fromEntries(problemCodes.filter((c) => byCode[c]).map((c) => [c, byCode[c]])))) {
    fault(`byCode ${JSON.stringify(report.summary.byCode)} != ${JSON.stringify(byCode)}`);
  }
  const errors = all.filter((p) => p.severity === "error").length;
  if (report.summary.errors !== errors) fault(`errors ${report.summary.errors} != ${errors}`);
  if (report.summary.warnings !== all.length - errors) fault(`warnings ${report.summary.warnings} != ${all.length - errors}`);
  if (report.ok !== (errors === 0)) fault("ok disagrees with errors");
  if (report.summary.rows !== report.files.reduce((n, f) => n + f.rows, 0)) fault("summary rows");
  if (report.summary.validRows !== report.files.reduce((n, f) => n + f.validRows, 0)) fault("summary validRows");
  for (const file of report.files) {
    const rowsWithErrors = new Set(file.problems.filter((p) => p.severity === "error" && p.row > 0).map((p) => p.row));
    const blocked = file.problems.some((p) => p.severity === "error" && p.row === 0);
    const expected = blocked ? 0 : file.rows - rowsWithErrors.size;
    if (file.validRows !== expected || expected < 0) fault(`${file.file}: validRows ${file.validRows} != ${expected}`);
    let previousRow = 0;
    for (const problem of file.problems) {
      const where = `${file.file} ${problem.code} row ${problem.row}`;
      if (!problemCodes.includes(problem.code)) fault(`${where}: unknown code`);
      else if (problem.severity !== codeSeverity[problem.code]) fault(`${where}: severity ${problem.severity}`);
      if (problem.row < previousRow) fault(`${where}: out of order`);
      if (problem.row > file.rows) fault(`${where}: beyond ${file.rows} rows`);
      if (problem.line !== null && problem.line < (problem.row === 0 ? 1 : 2)) fault(`${where}: line ${problem.line}`);
      if (typeof problem.message !== "string" || problem.message.length === 0) fault(`${where}: no message`);
      if (problem.file !== file.file) fault(`${where}: file ${problem.file}`);
      previousRow = problem.row;
    }
  }
  return faults;
}

describe("validateImport under random mutations", () => {
  const base = encoder.encode(baseFile());

  it("finds faults in a report that disagrees with itself", () => {
    const problem = { severity: "error", code: "required", file: "a.csv", row: 3, line: 4, column: "lat", value: "", message: "x" } as const;
    const file = { file: "a.csv", profile: "canonical" as const, rows: 2, validRows: 2, problems: [problem] };
    const report = { ok: true, files: [file], summary: { files: 1, rows: 2, validRows: 2, errors: 0, warnings: 0, byCode: {} } };
    expect(reportFaults(report).length).toBeGreaterThanOrEqual(4);
  });

  it("validates the unmutated base file cleanly", async () => {
    const report = await validateImport({ files: [{ name: "base.csv", source: bytesSource(base) }], config, now: fixtureNow });
    expect(report.summary.errors).toBe(0);
    expect(report.files[0]?.rows).toBe(12);
  });

  it("never throws and always reports consistently over 1,000 mutated files", async () => {
    const used = new Set<string>();
    for (let seed = 1; seed <= 1000; seed++) {
      const random = mulberry32(seed);
      let bytes: Uint8Array = base;
      const count = 1 + int(random, 3);
      for (let m = 0; m < count; m++) {
        const name = names[int(random, names.length)]!;
        used.add(name);
        bytes = mutations[name]!(bytes, random);
      }
      const chunk = 1 + int(random, 4096);
      let report: ValidationReport;
      try {
        report = await validateImport({
          files: [
            { name: "fuzz.csv", source: bytesSource(bytes, chunk) },
            { name: "base.csv", source: bytesSource(base, 997) },
          ],
          config,
          now: fixtureNow,
        });
      } catch (error) {
        throw new Error(`seed ${seed} threw: ${error instanceof Error ? error.stack : String(error)}`);
      }
      const faults = reportFaults(report);
      if (faults.length > 0) throw new Error(`seed ${seed}: ${faults.join("; ")}`);
    }
    expect([...used].sort()).toEqual([...names].sort());
  }, 60_000);
});
