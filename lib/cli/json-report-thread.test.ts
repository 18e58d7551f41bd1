import { closeSync, createWriteStream, openSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeProblem, type Problem } from "../engine/problem.ts";
import { deferredFinding, withText } from "../engine/deferred-text.ts";
import type { FileReport, ValidationReport } from "../engine/validate.ts";
import { JsonReportStream } from "./json-report-stream.ts";
import { BATCH_PROBLEMS, ProblemPacker, type PackedProblems } from "../engine/report/packed-problems.ts";
import type { PackedInsert } from "../engine/parallel/validate-in-blocks.ts";
import { JsonReportThread, START_PROBLEMS } from "./json-report-thread.ts";
import type { ReportTarget } from "./json-report-requests.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "json-report-thread-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const problem = (file: string, row: number, extra: Partial<Problem> = {}): Problem => ({
  severity: "error",
  code: "missing_offset",
  file,
  row,
  line: row + 1,
  column: row % 2 ? "closed_at" : "created_at",
  value: `2021-03-04T10:11:${String(row % 60).padStart(2, "0")}`,
  message: `The timestamp in row ${row} has no offset: add it`,
  hint: "add it",
  ...extra,
});

/** Each row's problems: mostly the usual shape, now and then another (sent as itself) or other characters. */
function rowProblems(file: string, row: number): Problem[] {
  if (row % 97 === 0) return [{ code: "odd", severity: "warning", file, row, line: row + 1, column: "c", value: "v", message: "keys in another order" } as unknown as Problem];
  if (row % 89 === 0) return [problem(file, row, { value: 'Łukasz "’" \u2028\n\ud83d\ude00', hint: undefined }), problem(file, row, { column: null, value: null })];
  return row % 3 ? [problem(file, row)] : [problem(file, row), problem(file, row, { code: "future_timestamp", severity: "warning" })];
}

/** A problem found after its row's own, in file order (duplicate_row): inserted among a segment's packed problems. */
const lateProblem = (file: string, row: number): Problem => problem(file, row, { code: "duplicate_row", column: null, value: null, hint: undefined, message: `Row ${row} repeats an earlier row` });

/**
 * The calls `validate` makes on its sink for two files with `rows` rows of problems each, then the
 * report's end. With `segmentRows`, the rows' problems come as blocks' segments of that many rows,
 * packed (each with names of its own), the late problems inserted among them.
 */
async function writeReport(sink: JsonReportStream | JsonReportThread, rows: number, segmentRows = 0): Promise<void> {
  const files = ["a.csv", "b.csv"];
  const reports: FileReport[] = [];
  for (const [index, file] of files.entries()) {
    const head = index === 0 ? [problem(file, 0, { code: "unknown_column", column: "nonsense", value: null, line: 1 })] : [];
    await sink.fileStart(index, file, head);
    let packer = new ProblemPacker();
    let batches: PackedProblems[] = [];
    let inserts: PackedInsert[] = [];
    let packed = 0;
    for (let row = 1; row <= rows; row++) {
      const problems = rowProblems(file, row);
      const late = row % 50 === 0 ? [lateProblem(file, row)] : [];
      if (segmentRows === 0 || !(sink instanceof JsonReportThread)) {
        await sink.add(index, problems);
        if (late.length > 0) await sink.add(index, late);
        continue;
      }
      packer.add(problems);
      packed += problems.length;
      if (packer.size >= BATCH_PROBLEMS) batches.push(packer.take());
      if (late.length > 0) inserts.push({ after: packed, problems: late });
      if (row % segmentRows === 0 || row === rows) {
        if (packer.size > 0) batches.push(packer.take());
        await sink.addPackedSegment(index, batches, inserts);
        [packer, batches, inserts, packed] = [new ProblemPacker(), [], [], 0];
      }
    }
    const report: FileReport = { file, profile: "canonical", rows, validRows: 0, problems: [...head, problem(file, 0, { code: "no_boundary", line: null })] };
    reports.push(report);
    await sink.fileDone(index, report, [problem(file, 2, { code: "answer_for_other_type" })]);
  }
  const report: ValidationReport = { ok: false, files: reports, summary: { files: 2, rows: rows * 2, validRows: 0, errors: 1, warnings: 1, byCode: { missing_offset: 1 } } };
  await sink.finish(report, true);
}

/** The report as JsonReportStream writes it, in this thread. */
async function expected(rows: number): Promise<Buffer> {
  const file = path.join(dir, `expected-${rows}.json`);
  await writeReport(new JsonReportStream(() => createWriteStream(file)), rows);
  return readFile(file);
}

describe("JsonReportThread", () => {
  it.each([
    ["a small report, written in this thread", 100, false, false],
    ["a big report, written by the worker", START_PROBLEMS + 10 * BATCH_PROBLEMS + 17, false, true],
    ["a report said to be big (startNow), written by the worker however small", 100, true, true],
    ["a small report of blocks' packed segments, written in this thread", 100, false, false, 30],
    ["a big report of blocks' packed segments (inserts at a batch's start, a segment of a row), written by the worker", START_PROBLEMS + 10 * BATCH_PROBLEMS + 17, false, true, 1000],
    ["segments of one row each", 600, true, true, 1],
  ])("%s: the bytes JsonReportStream writes", async (_name, rows, startNow, threaded, segmentRows = 0) => {
    const file = path.join(dir, `thread-${rows}-${startNow}-${segmentRows}.json`);
    const sink = new JsonReportThread({ path: file, highWaterMark: 1 << 20 }, { startNow });
    try {
      await writeReport(sink, rows, segmentRows);
    } finally {
      await sink.close();
    }
    expect(sink.threaded).toBe(threaded);
    expect((await readFile(file)).equals(await expected(rows))).toBe(true);
  }, 60_000);

  it("writes to a descriptor it is given (stdout as a file) and leaves it open", async () => {
    const rows = START_PROBLEMS + 100;
    const file = path.join(dir, "fd.json");
    const fd = openSync(file, "w");
    const target: ReportTarget = { fd, highWaterMark: 1 << 20 };
    const sink = new JsonReportThread(target);
    try {
      await writeReport(sink, rows);
    } finally {
      await sink.close();
    }
    closeSync(fd); // still open: closing it does not throw
    expect(sink.threaded).toBe(true);
    expect((await readFile(file)).equals(await expected(rows))).toBe(true);
  }, 60_000);

  it("reports a file it cannot write with its code, and stops", async () => {
    const file = path.join(dir, "no-such-folder", "report.json");
    const sink = new JsonReportThread({ path: file, highWaterMark: 1 << 20 });
    try {
      await expect(writeReport(sink, START_PROBLEMS * 4)).rejects.toThrow(/ENOENT|no such file/);
    } finally {
      await sink.close();
    }
    expect(sink.threaded).toBe(true);
    expect(sink.error).toMatchObject({ code: "ENOENT", syscall: "open" });
  }, 60_000);
});

describe("JsonReportThread with deferred texts (lib/engine/deferred-text.ts)", () => {
  const context = { timeZone: "America/New_York" };
  const values = [
    "2021-03-04T10:11:12",
    "2021-03-14T02:30:00", // a DST gap: the general way
    "2021-11-07T01:30:00", // a repeated hour: the general way
    "2021-07-04T23:59:59.5",
    "2021-07-04T23:59:59.123456789",
    `2021-07-04T23:59:59.${"1".repeat(45)}`, // longer than a quote shows: the general way
    "0001-01-01T00:00:00",
  ];
  /** Row problems with a missing offset each, deferred or with the text made. */
  function deferredRows(file: string, row: number, deferred: boolean): Problem[] {
    const value = values[row % values.length]!;
    const column = row % 2 ? "closed_at" : "created_at";
    const made = makeProblem(deferredFinding("missing_offset", column, value), { file, row, line: row * 3 }, false);
    return [deferred ? made : withText(made, context), problem(file, row, { code: "future_timestamp", severity: "warning" })];
  }

  async function write(sink: JsonReportStream | JsonReportThread, rows: number, deferred: boolean): Promise<void> {
    if (deferred) expect(sink.acceptDeferredTexts(context)).toBe(true);
    const files = ["a.csv", "weird \"1999999991\" Łódź.csv"];
    const reports: FileReport[] = [];
    for (const [index, file] of files.entries()) {
      await sink.fileStart(index, file, []);
      for (let row = 1; row <= rows; row++) await sink.add(index, deferredRows(file, row, deferred));
      const report: FileReport = { file, profile: "canonical", rows, validRows: 0, problems: [] };
      reports.push(report);
      await sink.fileDone(index, report, []);
    }
    await sink.finish({ ok: false, files: reports, summary: { files: 2, rows: rows * 2, validRows: 0, errors: 1, warnings: 1, byCode: {} } }, true);
  }

  it.each([
    ["written in this thread", 50, false],
    ["written by the worker", START_PROBLEMS + 3 * BATCH_PROBLEMS, true],
  ])("%s: the same bytes as with the texts made where the problems were found", async (_name, rows, threaded) => {
    const made = path.join(dir, `made-${rows}.json`);
    await write(new JsonReportStream(() => createWriteStream(made)), rows, false);
    const file = path.join(dir, `deferred-${rows}.json`);
    const sink = new JsonReportThread({ path: file, highWaterMark: 1 << 20 });
    try {
      await write(sink, rows, true);
    } finally {
      await sink.close();
    }
    expect(sink.threaded).toBe(threaded);
    const want = await readFile(made);
    expect(want.includes("America/New_York")).toBe(true);
    expect((await readFile(file)).equals(want)).toBe(true);
    // And JsonReportStream itself (stdout that is a pipe).
    const direct = path.join(dir, `direct-${rows}.json`);
    await write(new JsonReportStream(() => createWriteStream(direct)), rows, true);
    expect((await readFile(direct)).equals(want)).toBe(true);
  }, 60_000);
});
