import { createWriteStream } from "node:fs";
import { readFile, stat, writeFile } from "node:fs/promises";
import { once } from "node:events";
import { Option, type Command } from "commander";
import cliProgress from "cli-progress";
import { parseOrgConfig, type OrgConfig } from "../../org/org-config-schema.ts";
import { readCsv } from "../../engine/read/read-csv.ts";
import { fileSource } from "../../engine/read/source.ts";
import { formatImportErrors, stripErrorReport, writeErrorReportCsv } from "../../engine/report/error-report-csv.ts";
import type { Problem } from "../../engine/problem.ts";
import { validateImport, type ValidationReport } from "../../engine/validate.ts";
import { ConvertSetupError } from "../../profiles/convert-csv.ts";
import { validateSources } from "../../profiles/validate-source.ts";
import { UsageError, exitCodes } from "../cli-errors.ts";
import { resolveProfileOption } from "./convert-profile-option.ts";

/**
 * `validate` and `error-report` (contract §4): offline, no database. Exit 0 = no errors
 * (warnings allowed), 1 = validation errors found, 2 = usage error, unreadable input or bad
 * configuration (thrown as UsageError, printed by main.ts).
 */

type CommonOptions = { config: string; mapping?: string; profile?: string };
type ValidateOptions = CommonOptions & { format: "json" | "text"; output?: string };
type ErrorReportOptions = CommonOptions & { output: string };

/** Show a progress bar on a terminal when the input is at least this big. */
const progressThresholdBytes = 5 * 1024 * 1024;
/** Problems listed by `--format text`. */
const textProblemLimit = 20;

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
      const { report } = await runValidation(files, options);
      const text = options.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : formatTextReport(report);
      if (options.output) await writeOutput(options.output, text);
      else writeStdout(text);
      setExitCode(report.ok ? exitCodes.ok : exitCodes.validationErrors);
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
      const { report, delimiters } = await runValidation(files, options);
      const written = await writeErrorReport(files, report, options.output, delimiters);
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

async function runValidation(files: string[], options: CommonOptions): Promise<{ report: ValidationReport; delimiters?: string[] }> {
  if (options.profile !== undefined && options.profile !== "canonical") return runSourceValidation(files, options, options.profile);
  const config = await loadOrgConfig(options.config);
  const sizes = await Promise.all(files.map((file) => readableSize(file)));
  if (options.mapping) await readableSize(options.mapping);

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
  try {
    const report = await validateImport({
      files: files.map((file, index) => ({ name: file, source: fileSource(file), sizeBytes: sizes[index] ?? 0 })),
      ...(options.mapping ? { mapping: { name: options.mapping, source: fileSource(options.mapping) } } : {}),
      config,
      ...(bar
        ? {
            onProgress: (progress) => {
              done[progress.fileIndex] = progress.bytes;
              bar.update(
                done.reduce((sum, n) => sum + n, 0),
                { file: progress.file, rows: progress.rows },
              );
            },
          }
        : {}),
    });
    return { report };
  } finally {
    bar?.stop();
  }
}

/** `--profile auto|NAME|FILE`: each file converted on the fly (lib/profiles/validate-source.ts). */
async function runSourceValidation(files: string[], options: CommonOptions, profileOption: string): Promise<{ report: ValidationReport; delimiters: string[] }> {
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

function describeFsError(error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT") return "no such file";
  if (error.code === "EACCES" || error.code === "EPERM") return "permission denied";
  if (error.code === "EISDIR") return "it is a directory";
  return error.message;
}

/** Writes the report to stdout; a closed pipe (`… | head`) is not an error. */
function writeStdout(text: string): void {
  process.stdout.once("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
  process.stdout.write(text);
}

async function writeOutput(file: string, text: string): Promise<void> {
  await writeFile(file, text).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot write ${file}: ${describeFsError(error)}`);
  });
}

// ---------------------------------------------------------------------------------------------
// --format text: for people.

export function formatTextReport(report: ValidationReport, limit = textProblemLimit): string {
  const out: string[] = [];
  const { summary } = report;
  for (const file of report.files) {
    out.push(`${file.file}: ${plural(file.rows, "row")}, ${file.validRows} valid`);
    const unknown = file.problems.filter((problem) => problem.code === "unknown_column").length;
    const missing = file.problems.filter((problem) => problem.code === "missing_column").length;
    if (missing > 0 && unknown >= 3) {
      out.push(
        `  This does not look like a canonical file (${plural(unknown, "unknown column")}, ${plural(missing, "required column")} missing): convert it first with a source profile (bulk-import convert).`,
      );
    }
  }
  if (report.mapping) out.push(`${report.mapping.file} (mapping): ${plural(report.mapping.rows, "row")}, ${plural(report.mapping.problems.length, "problem")}`);
  out.push("");
  out.push(
    `${report.ok ? "OK" : "NOT OK"}: ${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")} in ${plural(summary.files, "file")} (${plural(summary.rows, "row")}, ${summary.validRows} valid)`,
  );
  const severities = new Map<string, string>();
  const problems = [...(report.mapping?.problems ?? []), ...report.files.flatMap((file) => file.problems)];
  for (const problem of problems) severities.set(problem.code, problem.severity);
  const codes = Object.entries(summary.byCode);
  if (codes.length > 0) {
    const width = Math.max(...codes.map(([code]) => code.length));
    out.push("");
    for (const [code, count] of codes) out.push(`  ${code.padEnd(width)}  ${String(count).padStart(7)}  ${severities.get(code) ?? ""}`);
  }
  if (problems.length > 0) {
    out.push("");
    out.push(problems.length > limit ? `First ${limit} problems:` : "Problems:");
    for (const problem of problems.slice(0, limit)) out.push(formatProblemLine(problem));
    if (problems.length > limit) out.push(`… and ${problems.length - limit} more (use --format json to list them all).`);
  }
  return `${out.join("\n")}\n`;
}

export function formatProblemLine(problem: Problem): string {
  const where = `${problem.file}:${problem.row}${problem.column !== null ? `:${problem.column}` : ""}`;
  return `${where}  ${problem.severity}  ${problem.code}  ${problem.message.replace(/\r\n|[\r\n\u2028\u2029]/g, " ")}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

// ---------------------------------------------------------------------------------------------
// error-report: a second pass over the files writes the rows that have errors (rows are not kept
// in memory during validation; the report says which rows to write).

async function writeErrorReport(files: string[], report: ValidationReport, output: string, delimiters: readonly string[] = []): Promise<number> {
  const errorsByFile = report.files.map((file) => {
    const byRow = new Map<number, Problem[]>();
    for (const problem of file.problems) {
      if (problem.row === 0 || problem.severity !== "error") continue;
      const list = byRow.get(problem.row) ?? [];
      list.push(problem);
      byRow.set(problem.row, list);
    }
    return byRow;
  });

  const headers = await Promise.all(files.map((file, index) => readHeader(file, delimiters[index])));
  const outputHeader = unionHeader(headers.filter((header): header is string[] => header !== null));
  let written = 0;

  async function* rows(): AsyncGenerator<{ fields: string[]; errors: string }> {
    for (const [fileIndex, file] of files.entries()) {
      const errors = errorsByFile[fileIndex];
      const header = headers[fileIndex];
      if (!errors || errors.size === 0 || !header) continue;
      const positions = header.map((name, index) => (header.indexOf(name) === index ? outputHeader.indexOf(name) : -1));
      const sameLayout = sameHeader(header, outputHeader);
      for await (const event of stripErrorReport(readCsv(fileSource(file), { delimiter: delimiters[fileIndex] ?? "," }))) {
        if (event.kind !== "records") continue;
        for (const record of event.records) {
          const problems = errors.get(record.row);
          if (!problems) continue;
          // The writer pads a short row and keeps every field of a long one (contract §6).
          let fields = record.fields;
          if (!sameLayout) {
            fields = Array<string>(outputHeader.length).fill("");
            record.fields.forEach((value, index) => {
              const position = positions[index];
              if (position !== undefined && position >= 0) fields[position] = value;
              else if (index >= header.length) fields.push(value);
            });
          }
          written++;
          yield { fields, errors: formatImportErrors(problems) };
        }
      }
    }
  }

  const stream = createWriteStream(output);
  const failed = new Promise<never>((_, reject) => stream.once("error", reject));
  try {
    const write = async () => {
      for await (const chunk of writeErrorReportCsv(outputHeader, rows())) {
        if (!stream.write(chunk)) await once(stream, "drain");
      }
      stream.end();
      await once(stream, "finish");
    };
    await Promise.race([write(), failed]);
  } catch (error) {
    stream.destroy();
    const fsError = error as NodeJS.ErrnoException;
    if (fsError.code) throw new UsageError(`cannot write ${output}: ${describeFsError(fsError)}`);
    throw error;
  }
  return written;
}

async function readHeader(file: string, delimiter = ","): Promise<string[] | null> {
  for await (const event of stripErrorReport(readCsv(fileSource(file), { delimiter }))) {
    if (event.kind === "header") return event.fields;
    if (event.kind === "records") return null;
  }
  return null;
}

/** The files' headers merged by name, in order of first appearance (one file: its header as is). */
function unionHeader(headers: string[][]): string[] {
  const first = headers[0];
  if (!first) return [];
  if (headers.every((header) => sameHeader(header, first))) return first.filter((name) => name !== "import_errors");
  const names: string[] = [];
  for (const header of headers) for (const name of header) if (name !== "import_errors" && !names.includes(name)) names.push(name);
  return names;
}

function sameHeader(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, index) => name === b[index]);
}
