import { isAscii } from "node:buffer";
import { fstatSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { Option, type Command } from "commander";
import cliProgress from "cli-progress";
import { parseOrgConfig, type OrgConfig } from "../../org/org-config-schema.ts";
import { ChunkRecycler, FILE_CHUNK_BYTES, fileSource } from "../../engine/read/source.ts";
import { jsonReportChunks } from "../../engine/report/json-report.ts";
import type { Problem } from "../../engine/problem.ts";
import { validateImport, type FileReport, type ValidationProgress, type ValidationReport } from "../../engine/validate.ts";
import { validateImportInBlocks } from "../../engine/parallel/validate-in-blocks.ts";
import type { RowProblemsForm } from "../../engine/parallel/segment-validator.ts";
import { PARALLEL_MIN_BYTES, ValidateWorkerPool } from "../validate-worker-pool.ts";
import { chooseValidateThreads, mostValidateThreads } from "../validate-threads.ts";
import { ProblemSpool } from "../problem-spool.ts";
import { JsonReportStream } from "../json-report-stream.ts";
import { JsonReportThread } from "../json-report-thread.ts";
import { openReportTarget, type ReportTarget } from "../json-report-requests.ts";
import { ExamplesSink, type ProblemSink } from "../problem-sink.ts";
import { writeErrorReportFile } from "../error-report-file.ts";
import { ProblemExamples, formatTextReport } from "../text-report.ts";
import { ConvertSetupError } from "../../profiles/convert-csv.ts";
import { validateSources } from "../../profiles/validate-source.ts";
import { UsageError, cannotWrite, describeFsError, exitCodes } from "../cli-errors.ts";
import { resolveProfileOption } from "./convert-profile-option.ts";

/**
 * `validate` and `error-report` (contract §4): offline, no database. Exit 0 = no errors
 * (warnings allowed), 1 = validation errors found, 2 = usage error, unreadable input or bad
 * configuration (thrown as UsageError, printed by main.ts).
 */

type CommonOptions = { config: string; mapping?: string; profile?: string };
type ValidateOptions = CommonOptions & { format: "json" | "text"; output?: string };
type ErrorReportOptions = CommonOptions & { output: string };

/**
 * Bytes of report a file output holds before the writer waits for the disk: with fs's default
 * 16 KiB, validation stopped for every write of a big report (1.5 s of 9 on a million rows with
 * errors).
 */
const OUTPUT_BUFFER_BYTES = 8 * 1024 * 1024;

/**
 * The same for the report's writer thread (JsonReportThread), which waits for the disk instead of
 * a validating thread. Kept small so that each 1 MiB write goes out while its bytes are still in
 * the CPU's caches: with 8 MiB, the writes queued up behind each other into ~8 MB `writev` calls of
 * ~13 ms each (on the every-row-error file 1.4 s of kernel time against 0.2 s, and ~40 MB more of
 * buffers), 2 MiB cut the run from ~4.2 to ~3.2 s (session 25).
 */
const THREAD_OUTPUT_BUFFER_BYTES = 2 * 1024 * 1024;

/**
 * Where a report goes: `-o`'s file, or stdout. Either file (`file`) takes up to
 * OUTPUT_BUFFER_BYTES ahead of the disk, so validating and writing overlap; `end`: the output is
 * ended once the report is written (not a terminal's or a pipe's stdout).
 */
function reportOutput(output: string | undefined): { open: () => Writable; end: boolean; file: ReportTarget | null } {
  const file: ReportTarget | null =
    output !== undefined ? { path: output, highWaterMark: OUTPUT_BUFFER_BYTES } : stdoutIsFile() ? { fd: 1, highWaterMark: OUTPUT_BUFFER_BYTES } : null;
  return file ? { open: () => openReportTarget(file), end: true, file } : { open: () => process.stdout, end: false, file };
}

/**
 * Whether stdout is a regular file (`> report.json`). Node writes such a stdout synchronously,
 * so the main thread waited for the kernel's copy of every byte (~2 s of a 892 MB report); as a
 * write stream on descriptor 1 the copy happens on libuv's pool while validation goes on.
 */
function stdoutIsFile(): boolean {
  // A stdout whose write was replaced (tests capture it in-process) is written through it.
  if (Object.hasOwn(process.stdout, "write")) return false;
  try {
    return fstatSync(1).isFile();
  } catch {
    return false;
  }
}

/**
 * Whether a writer thread may write the report to its file (JsonReportThread: on two cores,
 * writing a report of many problems beside validating; the blocks of several threads pack their
 * problems for it). Not for a pipe or a terminal (no file: only this thread has the real stdout),
 * or with `BULK_IMPORT_REPORT_THREAD=0`; and only for a big input (reportOnThread).
 */
export function reportThreadAllowed(target: ReturnType<typeof reportOutput>, env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return target.file !== null && env.BULK_IMPORT_REPORT_THREAD?.trim() !== "0";
}

/** Whether the writer thread writes the report: an input big enough for blocks (a small one is written here at once). */
function reportOnThread(plan: RunPlan): boolean {
  return plan.sizes.reduce((sum, size) => sum + size, 0) >= PARALLEL_MIN_BYTES;
}

/**
 * What a run of canonical files needs before it starts: the configuration, the files' sizes, the
 * threads, and with more than one the workers (already loading) and the buffers they pass round.
 * runValidation closes `pool` when the rows are validated; a caller that made the plan closes it
 * too (closing twice is harmless), for a failure before runValidation.
 */
type RunPlan = {
  config: OrgConfig;
  sizes: number[];
  threads: number;
  /** The sample was busy: the report will be big (and fewer threads validate: chooseValidateThreads). */
  busy: boolean;
  pool: ValidateWorkerPool | null;
  chunks: ChunkRecycler;
};

/** `rowProblems`: how the run's sink takes blocks' row problems (rowProblemsFor). */
async function planRun(files: string[], options: CommonOptions, rowProblems: RowProblemsForm): Promise<RunPlan> {
  const config = await loadOrgConfig(options.config);
  const sizes = await Promise.all(files.map((file) => readableSize(file)));
  if (options.mapping) await readableSize(options.mapping);
  // A worker takes ~250 ms to load: the workers the run gets unless its sample is busy start
  // now, while the sample is validated, and stop if it is.
  const chunks = new ChunkRecycler();
  const most = mostValidateThreads(sizes);
  let pool = most > 1 ? new ValidateWorkerPool(most - 1, { chunks }) : null;
  try {
    const { threads, busy } = await chooseValidateThreads(files, sizes, { config, rowProblems, ...(options.mapping ? { mapping: options.mapping } : {}) });
    if (threads === 1 && pool) {
      await pool.close();
      pool = null;
    }
    return { config, sizes, threads, busy, pool, chunks };
  } catch (error) {
    await pool?.close();
    throw error;
  }
}

/** Show a progress bar on a terminal when the input is at least this big. */
const progressThresholdBytes = 5 * 1024 * 1024;

export function registerValidateCommands(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("validate")
    .description("Validate canonical import files offline against an organization configuration (no database).")
    .requiredOption("--config <org.json>", "the organization configuration (contract §1)")
    .option("--mapping <map.csv>", "request-type mapping file (old_request_type,request_type or from,to)")
    .option("--profile <canonical|auto|name|file>", "source profile of the files: canonical (default), auto, a built-in profile or a profile file; problems point at the source's rows and headers")
    .addOption(new Option("--format <format>", "report format").choices(["json", "text"]).default("text"))
    .option("-o, --output <file>", "write the report to this file instead of stdout")
    .argument("<files...>", "the CSV files to validate")
    .action(async (files: string[], options: ValidateOptions) => {
      const canonical = options.profile === undefined || options.profile === "canonical";
      if (options.format === "json" && canonical) {
        setExitCode(await writeJsonReport(files, options));
        return;
      }
      if (options.format === "text") {
        const examples = new ExamplesSink();
        const { report } = await runValidation(files, options, examples);
        await writeChunks(textReport(report, examples), options.output);
        setExitCode(report.ok ? exitCodes.ok : exitCodes.validationErrors);
        return;
      }
      // A source profile's problems are merged in report order from a spool on disk.
      const spool = await ProblemSpool.create();
      try {
        const { report } = await runValidation(files, options, spool);
        await writeChunks(jsonReportChunks(report, (index) => spool.problemsOf(index), undefined, (index) => spool.problemTextsOf(index)), options.output);
        setExitCode(report.ok ? exitCodes.ok : exitCodes.validationErrors);
      } finally {
        await spool.dispose();
      }
    });

  program
    .command("error-report")
    .description(
      "Write the rows that have errors, with every original column and an import_errors column, as a CSV to fix in a spreadsheet and upload again.",
    )
    .requiredOption("--config <org.json>", "the organization configuration (contract §1)")
    .option("--mapping <map.csv>", "request-type mapping file (old_request_type,request_type or from,to)")
    .option("--profile <canonical|auto|name|file>", "source profile of the files: canonical (default), auto, a built-in profile or a profile file; problems point at the source's rows and headers")
    .requiredOption("-o, --output <out.csv>", "the error-report CSV to write")
    .argument("<files...>", "the CSV files to validate")
    .action(async (files: string[], options: ErrorReportOptions) => {
      const spool = await ProblemSpool.create();
      let report: ValidationReport;
      let written: number;
      try {
        const validated = await runValidation(files, options, spool);
        report = validated.report;
        written = await writeErrorReportFile({ files, problemsOf: (index) => problemsOf(validated.report, spool, index), output: options.output, ...(validated.delimiters ? { delimiters: validated.delimiters } : {}) });
      } finally {
        await spool.dispose();
      }
      const blocked = report.files.filter((file) => file.problems.some((problem) => problem.row === 0 && problem.severity === "error"));
      process.stderr.write(
        `Wrote ${written} row${written === 1 ? "" : "s"} with errors to ${options.output} (${report.summary.errors} error${report.summary.errors === 1 ? "" : "s"}, ${report.summary.warnings} warning${report.summary.warnings === 1 ? "" : "s"}).\n`,
      );
      for (const file of blocked) {
        const reasons = file.problems.filter((problem) => problem.row === 0 && problem.severity === "error");
        process.stderr.write(`${file.file}: the whole file is blocked by ${reasons.length} file-level error${reasons.length === 1 ? "" : "s"}:\n`);
        for (const problem of reasons) process.stderr.write(`  ${problem.code}: ${problem.message}\n`);
      }
      for (const problem of report.files.flatMap((file) => file.problems).filter((p) => p.code === "malformed_csv")) {
        process.stderr.write(`${problem.file}:${problem.row}: ${problem.message} (rows from here on are not in the error report)\n`);
      }
      setExitCode(report.ok ? exitCodes.ok : exitCodes.validationErrors);
    });
}

/** `validate --format json` of canonical files: the report written as it is made, straight to the output (contract §5). */
async function writeJsonReport(files: string[], options: ValidateOptions): Promise<number> {
  const output = options.output;
  const target = reportOutput(output);
  const threadAllowed = reportThreadAllowed(target);
  // The writer thread is made once the plan knows the input is big: its blocks pack their problems for it.
  const plan = await planRun(files, options, threadAllowed ? "packed" : "text");
  let stream: JsonReportThread | JsonReportStream | null = null;
  try {
    // A busy sample promises a big report: the writer loads now, beside this thread's warm-up.
    stream = target.file && threadAllowed && reportOnThread(plan) ? new JsonReportThread({ ...target.file, highWaterMark: THREAD_OUTPUT_BUFFER_BYTES }, { startNow: plan.busy }) : new JsonReportStream(target.open);
    const { report } = await runValidation(files, options, stream, plan);
    await stream.finish(report, target.end);
    return report.ok ? exitCodes.ok : exitCodes.validationErrors;
  } catch (error) {
    throw outputError(stream?.error ?? error, output);
  } finally {
    await plan.pool?.close();
    if (stream instanceof JsonReportThread) await stream.close();
  }
}

/**
 * Validates the files. Row problems go to `sink` as they are made (contract §5: memory does not
 * grow with them); the report keeps each file's whole-file problems.
 */
async function runValidation(files: string[], options: CommonOptions, sink: ProblemSink, planned?: RunPlan): Promise<{ report: ValidationReport; delimiters?: string[] }> {
  if (options.profile !== undefined && options.profile !== "canonical") return runSourceValidation(files, options, options.profile, sink);
  const { config, sizes, pool, chunks } = planned ?? (await planRun(files, options, rowProblemsFor(sink)));

  const total = sizes.reduce((sum, size) => sum + size, 0);
  const bar =
    process.stderr.isTTY && total >= progressThresholdBytes
      ? new cliProgress.SingleBar(
          { stream: process.stderr, format: "validating [{bar}] {percentage}% | {file} | {rows} rows", clearOnComplete: true, hideCursor: true },
          cliProgress.Presets.shades_classic,
        )
      : null;
  const done = sizes.map(() => 0);
  bar?.start(total, 0, { file: files[0] ?? "", rows: 0 });
  // With workers, each chunk moves to the block that holds it and comes back to be read into again (`chunks`).
  try {
    const common = {
      // Read in one thread, a file's chunks go through a few buffers; the block workers take theirs.
      files: files.map((file, index) => ({ name: file, source: fileSource(file, FILE_CHUNK_BYTES, pool === null ? { reuseBuffers: true } : { recycler: chunks }), sizeBytes: sizes[index] ?? 0 })),
      ...(options.mapping ? { mapping: { name: options.mapping, source: fileSource(options.mapping) } } : {}),
      config,
      onFileStart: (fileIndex: number, _file: string, problems: readonly Problem[]) => sink.fileStart(fileIndex, files[fileIndex]!, problems),
      onFileDone: (fileReport: FileReport, settled: readonly Problem[], position: (column: string | null) => number) =>
        sink.fileDone(files.indexOf(fileReport.file), fileReport, settled, position),
      ...(bar
        ? {
            onProgress: (progress: ValidationProgress) => {
              done[progress.fileIndex] = progress.bytes;
              bar.update(
                done.reduce((sum, n) => sum + n, 0),
                { file: progress.file, rows: progress.rows },
              );
            },
          }
        : {}),
    };
    // A big input is validated in blocks by worker threads: the same report (ADR 0020).
    const report = pool
      ? await validateImportInBlocks({
          ...common,
          blocks: pool,
          // fileSource reads each chunk into a new buffer: a block moves to its worker as it is.
          ownChunks: true,
          isAscii,
          // A report's writer thread takes the blocks' problems packed; other sinks as text, or only their counts.
          rowProblems: rowProblemsFor(sink),
          sink: {
            texts: (index, utf8) => sink.addText(index, utf8),
            packed: (index, batches, inserts) => sink.addPackedSegment!(index, batches, inserts),
            problems: (index, problems) => sink.add(index, problems),
            examples: (index, problems) => sink.keepExamples(index, problems),
          },
        })
      : await validateImport({
          ...common,
          onRowProblems: (file, problems) => sink.add(files.indexOf(file), problems),
          // The sink writes each problem out at once and copies the few it keeps.
          transientRowProblems: true,
          // And makes the text of a missing offset where it writes it (the JSON report: on its thread).
          deferTexts: sink.acceptDeferredTexts({ timeZone: config.organization.timezone }),
        });
    return { report };
  } finally {
    bar?.stop();
    await pool?.close();
  }
}

/** How the sink takes blocks' row problems: packed (a report's writer thread), as text, or only counted. */
function rowProblemsFor(sink: ProblemSink): RowProblemsForm {
  return !sink.wantsText ? "counts" : sink.addPackedSegment ? "packed" : "text";
}

/** `--profile auto|NAME|FILE`: each file converted on the fly (lib/profiles/validate-source.ts). */
async function runSourceValidation(files: string[], options: CommonOptions, profileOption: string, sink: ProblemSink): Promise<{ report: ValidationReport; delimiters: string[] }> {
  const profile = await resolveProfileOption(profileOption);
  const config = await loadOrgConfig(options.config);
  for (const file of files) await readableSize(file);
  if (options.mapping) await readableSize(options.mapping);
  try {
    return await validateSources({
      files: files.map((file) => ({ name: file, source: fileSource(file) })),
      ...(options.mapping ? { mapping: { name: options.mapping, source: fileSource(options.mapping) } } : {}),
      config,
      profile,
      // As for canonical files: row problems go to the sink as they are made.
      onRowProblems: (file, problems) => sink.add(files.indexOf(file), problems),
      onFileDone: (fileReport, settled, position) => sink.fileDone(files.indexOf(fileReport.file), fileReport, settled, position),
    });
  } catch (error) {
    if (error instanceof ConvertSetupError) throw new UsageError(error.message);
    throw error;
  }
}

/** Reads and checks the organization configuration; every problem is listed (exit 2). */
export async function loadOrgConfig(file: string): Promise<OrgConfig> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${describeFsError(error)}`);
  });
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = parseOrgConfig(json);
  if (!parsed.ok) {
    const lines = parsed.problems.map((problem) => `  ${problem.path || "(top level)"}: ${problem.message}`);
    throw new UsageError(
      `${file} is not a valid organization configuration (${parsed.problems.length} problem${parsed.problems.length === 1 ? "" : "s"}):\n${lines.join("\n")}`,
    );
  }
  return parsed.config;
}

async function readableSize(file: string): Promise<number> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${describeFsError(error)}`);
  });
  if (info.isDirectory()) throw new UsageError(`cannot read ${file}: it is a directory`);
  return info.size;
}

/** Every problem of file `index` in report order: the report's own list, then the spooled ones. */
async function* problemsOf(report: ValidationReport, spool: ProblemSpool, index: number): AsyncGenerator<Problem> {
  yield* report.files[index]?.problems ?? [];
  yield* spool.problemsOf(index);
}

/** The text report: the first problems of each code were kept as they streamed by. */
async function* textReport(report: ValidationReport, sink: ProblemSink): AsyncGenerator<string> {
  const examples = new ProblemExamples();
  examples.addAll(report.mapping?.problems ?? []);
  for (const file of report.files) examples.addAll(file.problems);
  examples.addAll(sink.examples());
  yield formatTextReport(report, examples, "--format json lists every one");
}

/** An output's write error as the CLI reports it (exit 2, naming the file); other errors as they are. */
function outputError(error: unknown, file: string | undefined): unknown {
  const fsError = error as NodeJS.ErrnoException;
  if (file && fsError?.code && fsError.syscall) return cannotWrite(file, fsError);
  return error;
}

/** Writes the report to a file, or to stdout (as reportOutput opens it), where a closed pipe (`… | head`) is not an error. */
async function writeChunks(chunks: AsyncIterable<string | Uint8Array>, file: string | undefined): Promise<void> {
  const target = reportOutput(file);
  const out = target.open();
  const failed = new Promise<never>((_, reject) => out.once("error", reject));
  failed.catch(() => undefined);
  try {
    const write = async () => {
      for await (const chunk of chunks) if (!out.write(chunk)) await Promise.race([once(out, "drain"), failed]);
      if (target.end) {
        out.end();
        await once(out, "finish");
      }
    };
    await Promise.race([write(), failed]);
  } catch (error) {
    const fsError = error as NodeJS.ErrnoException;
    if (!file && fsError.code === "EPIPE") return;
    if (file && fsError.code) throw cannotWrite(file, fsError);
    throw error;
  }
}

