import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { bytesSource } from "../engine/read/source.ts";
import { fixtureNow, fixtureOrg, fullHeader, toCsv, validPotholeRow } from "../engine/testing/fixture-org.ts";
import { validateImport, type FileReport, type ValidationReport } from "../engine/validate.ts";
import type { Problem } from "../engine/problem.ts";
import { JsonReportStream } from "./json-report-stream.ts";
import { ProblemPacker, ProblemUnpacker } from "../engine/report/packed-problems.ts";
import { DEFERRED_TEXT } from "../engine/deferred-text.ts";

const sizeQ = "Q: What is the size of the pothole?";
const pole = "Q: Pole number";

/** An output that takes `highWaterMark` bytes before it asks to wait, and drains a tick later. */
class SlowOutput extends Writable {
  readonly chunks: Buffer[] = [];
  constructor() {
    super({ highWaterMark: 1024 });
  }
  override _write(chunk: Buffer, _encoding: string, done: (error?: Error) => void): void {
    this.chunks.push(Buffer.from(chunk));
    setImmediate(done);
  }
  get text(): string {
    return Buffer.concat(this.chunks).toString("utf8");
  }
}

type Files = Record<string, string | Uint8Array>;

/** The report streamed (JsonReportStream, as `validate --format json` writes it) and kept (validateImport's own). */
async function both(files: Files): Promise<{ text: string; streamed: ValidationReport; kept: ValidationReport }> {
  const inputs = () => Object.entries(files).map(([name, csv]) => ({ name, source: bytesSource(csv, 4096) }));
  const out = new SlowOutput();
  const stream = new JsonReportStream(() => out);
  const names = Object.keys(files);
  const report = await validateImport({
    files: inputs(),
    config: fixtureOrg(),
    now: fixtureNow,
    onFileStart: (index, file, problems) => stream.fileStart(index, file, problems),
    onRowProblems: (file, problems) => stream.add(names.indexOf(file), problems),
    transientRowProblems: true,
    onFileDone: (fileReport, settled) => stream.fileDone(names.indexOf(fileReport.file), fileReport, settled),
  });
  await stream.finish(report, true);
  const kept = await validateImport({ files: inputs(), config: fixtureOrg(), now: fixtureNow });
  return { text: out.text, streamed: JSON.parse(out.text) as ValidationReport, kept };
}

type Row = Partial<Record<string, string>>;
const brief = (problems: readonly Problem[]) => problems.map((p) => [p.code, p.row, p.column]);
const row = (overrides: Row = {}): Row => ({ ...validPotholeRow, ...overrides });
const streetlight = (overrides: Row = {}): Row => row({ request_type: "Streetlight", auto_assignment: "", [sizeQ]: "", [pole]: "P-7", ...overrides });

describe("JsonReportStream", () => {
  it("writes a packed batch (addPacked) as `add` writes its problems, waiting for the output within it", async () => {
    const context = { timeZone: "America/New_York" };
    const deferred = (row: number, column: string, value: string): Problem => ({ severity: "error", code: "missing_offset", file: "a.csv", row, line: row + 1, column, value, message: DEFERRED_TEXT });
    // Over 1 MiB: deferred missing offsets (a DST gap among them, written the general way) and others.
    const problems = Array.from({ length: 3000 }, (_, i): Problem => {
      if (i % 10 === 3) return { severity: "warning", code: "future_timestamp", file: "a.csv", row: i, line: i + 1, column: "closed_at", value: "2099-01-01T00:00:00-05:00", message: "In the future" };
      return deferred(i, i % 2 ? "closed_at" : "created_at", i % 50 === 7 ? "2016-03-13T02:30:00" : `2016-0${1 + (i % 9)}-1${i % 10}T1${i % 10}:03:52`);
    });
    const write = async (how: "add" | "addPacked") => {
      const out = new SlowOutput();
      const stream = new JsonReportStream(() => out);
      stream.acceptDeferredTexts(context);
      await stream.fileStart(0, "a.csv", []);
      if (how === "add") await stream.add(0, problems);
      else {
        const packer = new ProblemPacker();
        packer.textContext = context;
        packer.add(problems);
        await stream.addPacked(0, new ProblemUnpacker().reader(structuredClone(packer.take())));
      }
      await stream.fileDone(0, { file: "a.csv", profile: "canonical", rows: 3000, validRows: 0, problems: [] }, []);
      await stream.finish({ ok: false, files: [], summary: { files: 1, rows: 3000, validRows: 0, errors: 2700, warnings: 300, byCode: {} } }, true);
      return out.text;
    };
    const packed = await write("addPacked");
    expect(packed.length).toBeGreaterThan(1024 * 1024);
    expect(packed).toBe(await write("add"));
    expect(packed).toContain("2016-03-13T02:30:00");
  });

  it("writes the report validateImport keeps, as JSON.stringify lays it out, whatever the output's pace", async () => {
    // Over 1 MiB of problems: the output asks to wait while the file is still being read.
    const many = Array.from({ length: 3000 }, (_, i) => row({ summary: `Row ${i}`, created_at: i % 3 ? "2023-03-01T09:15:00" : validPotholeRow.created_at!, lat: i % 7 ? validPotholeRow.lat! : "41.20" }));
    const { text, streamed, kept } = await both({
      "a.csv": toCsv([...fullHeader, sizeQ, "nonsense"], many),
      "empty.csv": "",
      "b.csv": toCsv([...fullHeader, sizeQ], [row(), row()]),
    });
    expect(text).toBe(`${JSON.stringify(streamed, null, 2)}\n`);
    expect(streamed).toEqual(kept);
    // unknown_column; missing_offset on rows i % 3 ≠ 0 (2,000 of 3,000); outside_boundary on i % 7 = 0 (429).
    expect(streamed.files.map((file) => file.problems.length)).toEqual([1 + 2000 + 429, 1, 1]);
    expect(text.length).toBeGreaterThan(1024 * 1024);
    expect(Object.keys(streamed)).toEqual(["files", "ok", "summary"]);
    expect(Object.keys(streamed.files[0]!)).toEqual(["file", "problems", "profile", "rows", "validRows"]);
  });

  it("lists a file's problems found after its header, and those settled at its end, after its rows'", async () => {
    const csv = toCsv([...fullHeader, sizeQ, pole, "Q: Anything else?"], [
      row({ [pole]: "P-1", "Q: Anything else?": "deep" }),
      streetlight({ [sizeQ]: "Small", created_at: "2023-03-01T09:15:00" }),
      row({ lat: "41.20" }),
    ]);
    const { text, streamed, kept } = await both({ "mixed.csv": csv });
    expect(text).toBe(`${JSON.stringify(streamed, null, 2)}\n`);
    // Kept: the file's problems first, then the rows' with the settled ones merged in.
    expect(brief(kept.files[0]!.problems)).toEqual([
      ["ambiguous_question", 0, "Q: Anything else?"],
      ["answer_for_other_type", 1, pole],
      ["missing_offset", 2, "created_at"],
      ["answer_for_other_type", 2, sizeQ],
      ["outside_boundary", 3, "lat,lng"],
    ]);
    // Streamed: as they were found.
    expect(brief(streamed.files[0]!.problems)).toEqual([
      ["missing_offset", 2, "created_at"],
      ["outside_boundary", 3, "lat,lng"],
      ["ambiguous_question", 0, "Q: Anything else?"],
      ["answer_for_other_type", 1, pole],
      ["answer_for_other_type", 2, sizeQ],
    ]);
    expect({ ...streamed, files: [] }).toEqual({ ...kept, files: [] });
  });

  it("waits for the output within one batch: a header of many unknown columns is not queued whole", async () => {
    // 20,000 file-level problems of ~330 bytes (6.5 MB), as one header's; the output drains slowly.
    const problems: Problem[] = Array.from({ length: 20_000 }, (_, i) => ({
      severity: "error",
      code: "unknown_question",
      file: "wide.csv",
      row: 0,
      line: 1,
      column: `Q: Question number ${i}`,
      value: null,
      message: `Unknown question column \`Q: Question number ${i}\`: it is not a question of the request type in this file (\`Pothole\`). The text after \`Q:\` must equal a question's text exactly.`,
    }));
    const out = new SlowOutput();
    let mostQueued = 0;
    const write = out.write.bind(out);
    out.write = ((chunk: Buffer, callback?: (error?: Error | null) => void) => {
      const more = write(chunk, callback);
      mostQueued = Math.max(mostQueued, out.writableLength);
      return more;
    }) as typeof out.write;
    const stream = new JsonReportStream(() => out);
    await stream.fileStart(0, "wide.csv", problems);
    await stream.fileDone(0, { file: "wide.csv", problems, rows: 1, validRows: 0, profile: null } as unknown as FileReport, []);
    await stream.finish({ ok: false, files: [], summary: { files: 1, rows: 1, validRows: 0, errors: 20_000, warnings: 0, byCode: { unknown_question: 20_000 } } }, true);
    const written = JSON.parse(out.text) as ValidationReport;
    expect(written.files[0]!.problems).toEqual(problems);
    expect(out.text.length).toBeGreaterThan(6_000_000);
    // At most the buffer being written and the one after it (1 MiB each), not the whole batch.
    expect(mostQueued).toBeLessThanOrEqual(2 * 1024 * 1024);
  });

  it("ends quietly when the reader goes away, and reports a file it cannot write", async () => {
    const gone = new Writable({
      write(_chunk, _encoding, done) {
        done(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
      },
    });
    const stream = new JsonReportStream(() => gone);
    const report: ValidationReport = { ok: true, files: [], summary: { files: 0, rows: 0, validRows: 0, errors: 0, warnings: 0, byCode: {} } };
    await expect(stream.finish(report, false)).resolves.toBeUndefined();

    const broken = new Writable({
      write(_chunk, _encoding, done) {
        done(Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC", syscall: "write" }));
      },
    });
    const failing = new JsonReportStream(() => broken);
    await expect(failing.finish(report, true)).rejects.toThrow(/ENOSPC/);
    expect(failing.error?.message).toMatch(/ENOSPC/);
  });
});
