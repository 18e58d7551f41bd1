import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, open, readFile, stat, writeFile } from "node:fs/promises";
import { once } from "node:events";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "../../testing/use-test-db.ts";
import { createOrganization, potholeRow } from "../../testing/import-fixtures.ts";
import { csvLine } from "../../engine/write/csv-writer.ts";
import { demoOrganizationPath } from "../../crm/seed.ts";

// A file in which every row has an error (timestamps without an offset: the commonest real
// defect) gives its complete report, through the CLI and through ingest, in a process whose heap
// is capped at 256 MB: memory does not grow with the number of problems (contract §5).

const ROWS = 200_000;
const root = path.join(import.meta.dirname, "..", "..", "..");
const { db, url } = useTestDb();
let dir: string;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "big-file-"));
  file = path.join(dir, "no-offsets.csv");
  const out = createWriteStream(file);
  out.write(csvLine(["lat", "lng", "address", "request_type", "summary", "description", "reporter_email", "created_at", "acknowledge_message", "closed_at", "auto_assignment", "Q: What is the size of the pothole?"]));
  for (let n = 1; n <= ROWS; n++) {
    if (!out.write(csvLine(potholeRow(n, { created_at: "2021-03-04T10:11:12" })))) await once(out, "drain");
  }
  out.end();
  await once(out, "close");
}, 120_000);

/** Runs the CLI with a 256 MB heap (or `heapMb`); stdout goes to a file (opened with `flags`). */
async function cli(args: string[], stdoutFile: string, env: Record<string, string> = {}, heapMb = 256, flags = "w"): Promise<{ code: number | null; stderr: string }> {
  const stdout = createWriteStream(stdoutFile, { flags });
  await once(stdout, "open");
  const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, path.join(root, "bin", "bulk-import.mjs"), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", stdout, "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  stdout.close();
  return { code, stderr };
}

/** The report's `summary`, read from the end of a report too big to parse whole here. */
async function summaryOf(reportFile: string) {
  const size = (await stat(reportFile)).size;
  const handle = await open(reportFile);
  const tail = Buffer.alloc(Math.min(size, 4096));
  await handle.read(tail, 0, tail.length, size - tail.length);
  await handle.close();
  const text = tail.toString("utf8");
  return JSON.parse(text.slice(text.lastIndexOf('"summary": {') + '"summary": '.length, text.lastIndexOf("}")).trim()) as { rows: number; errors: number; validRows: number; byCode: Record<string, number> };
}

describe(`a ${ROWS.toLocaleString("en-US")}-row file in which every row has an error, with a 256 MB heap`, () => {
  it("validate --format json writes the complete report", async () => {
    const report = path.join(dir, "report.json");
    const { code, stderr } = await cli(["validate", "--config", demoOrganizationPath, "--format", "json", file], report);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(await summaryOf(report)).toMatchObject({ rows: ROWS, validRows: 0, errors: ROWS, byCode: { missing_offset: ROWS } });
    // Every problem is in the file: one object per row, each naming its row.
    expect((await stat(report)).size).toBeGreaterThan(ROWS * 300);
    // stdout as a file is written on libuv's pool (validate.ts stdoutIsFile): the same bytes as -o.
    const named = path.join(dir, "report-o.json");
    expect((await cli(["validate", "--config", demoOrganizationPath, "--format", "json", "-o", named, file], path.join(dir, "report-o.out"))).code).toBe(1);
    expect((await readFile(report)).equals(await readFile(named))).toBe(true);
    // Both were written by the report's worker thread (json-report-thread.ts); this thread writes the same bytes.
    const here = path.join(dir, "report-here.json");
    expect((await cli(["validate", "--config", demoOrganizationPath, "--format", "json", "-o", here, file], path.join(dir, "report-here.out"), { BULK_IMPORT_REPORT_THREAD: "0" })).code).toBe(1);
    expect((await readFile(report)).equals(await readFile(here))).toBe(true);
  }, 300_000);

  it("validate --format json appends to a stdout opened for appending (`>>`)", async () => {
    const small = path.join(dir, "small.csv");
    await writeFile(small, [csvLine(["lat", "lng", "address", "request_type", "summary", "description", "reporter_email", "created_at", "acknowledge_message", "closed_at", "auto_assignment", "Q: What is the size of the pothole?"]), csvLine(potholeRow(1, { created_at: "2021-03-04T10:11:12" }))].join(""));
    const appended = path.join(dir, "appended.json");
    await writeFile(appended, "before\n");
    const { code } = await cli(["validate", "--config", demoOrganizationPath, "--format", "json", small], appended, {}, 256, "a");
    expect(code).toBe(1);
    const text = await readFile(appended, "utf8");
    expect(text.startsWith("before\n{")).toBe(true);
    expect(JSON.parse(text.slice("before\n".length))).toMatchObject({ ok: false, summary: { errors: 1 } });
  }, 120_000);

  it("with worker threads (BULK_IMPORT_THREADS=2), gives the same report and error report byte for byte, with a 256 MB heap: blocks' problems packed for the report's writer, or as text", async () => {
    // The file with some rows made duplicates of earlier ones, one with a quoted line break and a
    // Windows-1252 byte half-way: what crosses the blocks' seams.
    const mixed = path.join(dir, "mixed.csv");
    const out = createWriteStream(mixed);
    out.write(csvLine(["lat", "lng", "address", "request_type", "summary", "description", "reporter_email", "created_at", "acknowledge_message", "closed_at", "auto_assignment", "Q: What is the size of the pothole?"]));
    for (let n = 1; n <= ROWS; n++) {
      const row = potholeRow(n % 997 === 0 ? n - 500 : n, n % 3 === 0 ? { created_at: "2021-03-04T10:11:12" } : n % 5 === 0 ? { description: `Line one\nline "two" of ${n}` } : {});
      if (!out.write(csvLine(row))) await once(out, "drain");
      if (n === ROWS / 2) out.write(Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x2c, 0x2c, 0x2c, 0x2c, 0x0a]));
    }
    out.end();
    await once(out, "close");
    const run = async (threads: string, env: Record<string, string> = {}) => {
      const report = path.join(dir, `mixed-${threads}.json`);
      const fixes = path.join(dir, `mixed-${threads}.csv`);
      const validated = await cli(["validate", "--config", demoOrganizationPath, "--format", "json", mixed], report, { BULK_IMPORT_THREADS: threads, ...env });
      const errorReport = await cli(["error-report", "--config", demoOrganizationPath, "-o", fixes, mixed], path.join(dir, `mixed-${threads}.out`), { BULK_IMPORT_THREADS: threads });
      return { validated, errorReport, report: await readFile(report), fixes: await readFile(fixes) };
    };
    const serial = await run("0");
    // The report's writer thread takes the blocks' problems packed (stdout is a file)...
    const threaded = await run("2");
    // ...and without it, this thread writes them as the blocks wrote them (text).
    const asText = (await run("2", { BULK_IMPORT_REPORT_THREAD: "0" })).report;
    expect(asText.equals(serial.report)).toBe(true);
    expect(threaded.validated).toEqual(serial.validated);
    expect(threaded.errorReport.stderr.replace("mixed-2.csv", "mixed-0.csv")).toBe(serial.errorReport.stderr);
    expect(serial.validated.code).toBe(1);
    const summary = await summaryOf(path.join(dir, "mixed-2.json"));
    expect(summary, JSON.stringify(summary)).toMatchObject({ byCode: { missing_offset: expect.any(Number), duplicate_row: expect.any(Number), encoding_converted: 1, field_count: 1 } });
    expect(threaded.report.equals(serial.report)).toBe(true);
    expect(threaded.fixes.equals(serial.fixes)).toBe(true);
  }, 300_000);

  it("error-report writes every row", async () => {
    const out = path.join(dir, "fix-these.csv");
    const { code, stderr } = await cli(["error-report", "--config", demoOrganizationPath, "-o", out, file], path.join(dir, "error-report.out"));
    expect(code).toBe(1);
    expect(stderr).toContain(`Wrote ${ROWS} rows with errors`);
  }, 300_000);

  it("ingest (bulk-import import) stores every row with its problem, and the counts", async () => {
    const { organization } = await createOrganization(db, "big-file");
    const { code, stderr } = await cli(["import", "--org", "big-file", file], path.join(dir, "import.out"), { DATABASE_URL: url });
    expect(code, stderr).toBe(1); // refused: the rows have errors
    expect(stderr).toContain("missing_offset");
    const job = await db.importJob.findFirstOrThrow({ where: { organizationId: organization.id }, orderBy: { id: "desc" } });
    expect(job).toMatchObject({ status: "ready", totalRows: ROWS, errorCount: ROWS, validRows: 0 });
    expect(await db.importRow.count({ where: { importJobId: job.id, errorCount: 1 } })).toBe(ROWS);
    const counts = await db.importProblemCount.findMany({ where: { importJobId: job.id } });
    expect(counts).toEqual([expect.objectContaining({ code: "missing_offset", column: "created_at", count: ROWS })]);
    // The job keeps the whole-file problems of its report only.
    expect(JSON.stringify(job.report).length).toBeLessThan(10_000);
  }, 300_000);
});

describe("a header of 100,000 unknown question columns", () => {
  it("is reported whole, one problem a column with its hint, with a 96 MB heap", async () => {
    // Each unknown column is compared with every question text for a hint, and its problem kept
    // until the file's end (unknown_question depends on the file's request types). Once the
    // hint's candidates were folded for every column, and the reason rebuilt for every problem:
    // this file took ~130 MB of heap then, ~122 MB after (session 21). Since session 23 the
    // findings go straight to problems, and a canonical column name is not copied: it needs between 72 and 80 MB.
    const wide = path.join(dir, "wide.csv");
    const questions = Array.from({ length: 100_000 }, (_, i) => `Q: Question number ${i}`);
    // One near miss of a real question, which gets "did you mean".
    questions[500] = "Q: What is the size of the pot hole?";
    const fixed = ["lat", "lng", "address", "request_type", "summary", "description", "reporter_email", "created_at", "acknowledge_message", "closed_at", "auto_assignment"];
    const header = [...fixed, ...questions];
    await writeFile(wide, csvLine(header) + csvLine(potholeRow(1, {}, header)));
    const report = path.join(dir, "wide.json");
    const { code, stderr } = await cli(["validate", "--config", demoOrganizationPath, "--format", "json", wide], report, {}, 96);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    const parsed = JSON.parse(await readFile(report, "utf8")) as { files: { problems: { code: string; column: string; hint?: string }[] }[] };
    const problems = parsed.files[0]!.problems.filter((problem) => problem.code === "unknown_question");
    expect(problems).toHaveLength(100_000);
    expect(problems[500]).toMatchObject({ column: "Q: What is the size of the pot hole?", hint: "did you mean `Q: What is the size of the pothole?`?" });
    expect(problems.filter((problem) => problem.hint)).toHaveLength(1);
  }, 120_000);
});
