import { createWriteStream } from "node:fs";
import { copyFile, stat, writeFile } from "node:fs/promises";
import { once } from "node:events";
import path from "node:path";
import type { Command } from "commander";
import { fileSource } from "../../engine/read/source.ts";
import { csvLine, quoteCsvField } from "../../engine/write/csv-writer.ts";
import { makeProblem, type Problem, type ProblemCode } from "../../engine/problem.ts";
import { readProblemToProblem } from "../../engine/mapping.ts";
import { convertCsv, ConvertSetupError, type ConvertEvent, type ProfileChoice } from "../../profiles/convert-csv.ts";
import type { CompiledProfile } from "../../profiles/compile-profile.ts";
import type { SourceProfile } from "../../profiles/profile-schema.ts";
import { UsageError, cannotWrite, exitCodes } from "../cli-errors.ts";
import { loadOrgConfig } from "./validate.ts";
import { describeChoice, resolveProfileOption } from "./convert-profile-option.ts";

/**
 * `convert [--profile auto|NAME|FILE] [--config ORG.json] [--save-profile P.json] -o OUT.csv FILE...`
 * (contract §4, §7). Exit 0 converted without errors; 1 converted, with row problems reported
 * (every source row is still written); 2 nothing written (no header, `unmatched_column`, usage).
 *
 * The output is written as the values are: no formula neutralising (that is for the error
 * report a person opens in a spreadsheet, §6). The converted file is input to `validate` and
 * the importer, which must see the city's real values; a leading `=` or `-` in a description
 * is data, and neutralising it would change what gets imported.
 */

type ConvertOptions = { profile?: string; config?: string; saveProfile?: string; output: string };
type FilePlan = { file: string; choice: ProfileChoice; compiled: CompiledProfile | null; header: string[]; problems: Problem[] };

/** Problems listed on stderr; the rest are counted (`validate --profile` lists them all). */
const shownProblems = 10;

export function registerConvertCommands(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("convert")
    .description("Turn another system's export into the canonical format (a built-in profile, a profile file, or one inferred from the file).")
    .option("--profile <auto|name|file>", "auto (default): canonical passes through, else a built-in profile by headers, else inferred", "auto")
    .option("--config <org.json>", "the organization configuration: its time zone reads timestamps without an offset")
    .option("--save-profile <p.json>", "write the profile used, to review, edit and pass back with --profile")
    .requiredOption("-o, --output <out.csv>", "the canonical CSV to write")
    .argument("<files...>", "the export files")
    .action(async (files: string[], options: ConvertOptions) => {
      setExitCode(await runConvert(files, options));
    });
}

async function runConvert(files: string[], options: ConvertOptions): Promise<number> {
  const profile = await resolveProfileOption(options.profile);
  const timeZone = options.config ? (await loadOrgConfig(options.config)).organization.timezone : undefined;
  for (const file of files) await readable(file);
  if (files.some((file) => path.resolve(file) === path.resolve(options.output))) throw new UsageError(`-o ${options.output} is one of the input files`);

  const plans: FilePlan[] = [];
  for (const file of files) plans.push(await planFile(file, profile, timeZone));
  for (const plan of plans) process.stderr.write(describeChoice(plan.file, plan.choice, plan.compiled));
  // Saved even when the file cannot be converted: editing the profile is how to fix that.
  if (options.saveProfile) await saveProfile(options.saveProfile, plans);
  const blocked = plans.filter((plan) => plan.compiled === null ? plan.choice.how !== "canonical" || plan.header.length === 0 : plan.compiled.fileFindings.length > 0);
  if (blocked.length > 0) {
    for (const plan of blocked) for (const problem of plan.problems.filter((p) => p.severity === "error")) process.stderr.write(`${plan.file}: ${problem.code}: ${problem.message}\n`);
    process.stderr.write(`Nothing written: ${blocked.map((plan) => plan.file).join(", ")} cannot be converted.\n`);
    return exitCodes.usage;
  }

  if (plans.length === 1 && plans[0]!.choice.how === "canonical") {
    await copyFile(files[0]!, options.output).catch((error: NodeJS.ErrnoException) => {
      throw cannotWrite(options.output, error);
    });
    process.stderr.write(`Wrote ${options.output} (a copy: the file is already canonical).\n`);
    return exitCodes.ok;
  }
  const tally = await writeConverted(plans, options.output, timeZone);
  return reportTally(tally, options.output);
}

async function readable(file: string): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (!info) throw new UsageError(`cannot read ${file}: no such file`);
  if (info.isDirectory()) throw new UsageError(`cannot read ${file}: it is a directory`);
}

/** Reads a file up to its header (and inference sample): the profile and the canonical header it gives. */
async function planFile(file: string, profile: SourceProfile | "auto", timeZone: string | undefined): Promise<FilePlan> {
  const problems: Problem[] = [];
  const events = convertCsv(fileSource(file), { profile, timeZone, fileName: path.basename(file) });
  try {
    for await (const event of events) {
      if (event.kind === "problem") problems.push(readProblemToProblem(file, event.problem));
      if (event.kind !== "start") continue;
      const findings = event.compiled?.fileFindings ?? [];
      for (const finding of findings) problems.push(makeProblem(finding, { file, row: 0, line: 1 }));
      return { file, choice: event.choice, compiled: event.compiled, header: event.header, problems };
    }
  } catch (error) {
    if (error instanceof ConvertSetupError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  } finally {
    await events.return(undefined);
  }
  return { file, choice: { how: "canonical" }, compiled: null, header: [], problems };
}

async function saveProfile(target: string, plans: readonly FilePlan[]): Promise<void> {
  const used = plans.find((plan) => plan.choice.how !== "canonical");
  if (!used || used.choice.how === "canonical") {
    process.stderr.write(`--save-profile: every file is canonical, so there is no profile to save.\n`);
    return;
  }
  const { $schema: _ignored, ...profile } = used.choice.profile;
  const json = { $schema: "https://bulk-import.example/profile.schema.json", ...profile };
  await writeFile(target, `${JSON.stringify(json, null, 2)}\n`).catch((error: NodeJS.ErrnoException) => {
    throw cannotWrite(target, error);
  });
  process.stderr.write(`Saved the profile of ${used.file} ("${used.choice.profile.name}") to ${target}.\n`);
}

type Tally = { rows: number; errors: number; warnings: number; byCode: Map<ProblemCode, number>; shown: Problem[] };

function count(tally: Tally, problem: Problem): void {
  if (problem.severity === "error") tally.errors++;
  else tally.warnings++;
  tally.byCode.set(problem.code, (tally.byCode.get(problem.code) ?? 0) + 1);
  // A few of each code: a file's 88 warnings of one kind should not hide the one error.
  if (tally.shown.length < shownProblems && tally.byCode.get(problem.code)! <= 3) tally.shown.push(problem);
}

/** The canonical headers of all files, merged by name in order of first appearance. */
function unionHeader(plans: readonly FilePlan[]): string[] {
  const names: string[] = [];
  for (const plan of plans) for (const name of plan.header) if (!names.includes(name)) names.push(name);
  return names;
}

async function writeConverted(plans: readonly FilePlan[], output: string, timeZone: string | undefined): Promise<Tally> {
  const header = unionHeader(plans);
  const tally: Tally = { rows: 0, errors: 0, warnings: 0, byCode: new Map(), shown: [] };
  // A large buffer lets the disk write while the next rows convert.
  const stream = createWriteStream(output, { highWaterMark: 1024 * 1024 });
  const failed = new Promise<never>((_, reject) => stream.once("error", reject));
  failed.catch(() => undefined);
  const write = async (text: string) => {
    if (!stream.write(text)) await Promise.race([once(stream, "drain"), failed]);
  };
  try {
    await write(csvLine(header));
    for (const plan of plans) {
      const positions = plan.header.map((name) => header.indexOf(name));
      const same = positions.every((position, index) => position === index) && positions.length === header.length;
      const profile = plan.choice.how === "canonical" ? "auto" : plan.choice.profile;
      for await (const event of convertCsv(fileSource(plan.file), { profile, timeZone })) {
        const text = handleEvent(event, plan.file, tally, same ? null : { positions, width: header.length });
        if (text) await write(text);
      }
    }
    stream.end();
    await Promise.race([once(stream, "finish"), failed]);
  } catch (error) {
    stream.destroy();
    const fsError = error as NodeJS.ErrnoException;
    if (fsError.syscall) throw cannotWrite(output, fsError);
    throw error;
  }
  return tally;
}

/** One converter event → the CSV text to write (rows), counting its problems. */
function handleEvent(event: ConvertEvent, file: string, tally: Tally, layout: { positions: number[]; width: number } | null): string {
  switch (event.kind) {
    case "problem":
      count(tally, readProblemToProblem(file, event.problem));
      return "";
    case "suspect":
      for (const { row, line, finding } of event.rows) count(tally, makeProblem(finding, { file, row, line }));
      return "";
    case "rows": {
      let text = "";
      for (const row of event.rows) {
        tally.rows++;
        if (row.readProblem) count(tally, readProblemToProblem(file, row.readProblem));
        for (const finding of row.findings) count(tally, makeProblem(finding, { file, row: row.row, line: row.line }));
        text += rowLine(layout ? place(row.fields, layout) : row.fields);
      }
      return text;
    }
    default:
      return "";
  }
}

function place(fields: readonly string[], layout: { positions: number[]; width: number }): string[] {
  const out = new Array<string>(layout.width).fill("");
  for (let i = 0; i < fields.length && i < layout.positions.length; i++) out[layout.positions[i]!] = fields[i]!;
  return out;
}

const MAY_NEED_QUOTES = /[",\r\n\u2028\u2029]/;

/**
 * csvLine of the project's writer, with a fast path for the common cell: printable ASCII at
 * both ends and none of the characters that need quotes is written as it is (what
 * quoteCsvField would do); anything else goes through quoteCsvField. Per row this is hot.
 */
function rowLine(fields: readonly string[]): string {
  let line = "";
  for (let i = 0; i < fields.length; i++) {
    const value = fields[i]!;
    const n = value.length;
    const first = n === 0 ? 0 : value.charCodeAt(0);
    const last = n === 0 ? 0 : value.charCodeAt(n - 1);
    const plain = n === 0 || (first > 32 && first < 127 && last > 32 && last < 127 && !MAY_NEED_QUOTES.test(value));
    line += (i === 0 ? "" : ",") + (plain ? value : quoteCsvField(value));
  }
  return `${line}\r\n`;
}

function reportTally(tally: Tally, output: string): number {
  const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
  process.stderr.write(`Wrote ${plural(tally.rows, "row")} to ${output}: ${plural(tally.errors, "error")}, ${plural(tally.warnings, "warning")}.\n`);
  for (const [code, n] of tally.byCode) process.stderr.write(`  ${code}: ${n}\n`);
  for (const problem of tally.shown) {
    const where = `${problem.file}:${problem.row}${problem.line ? ` (line ${problem.line})` : ""}${problem.column ? `:${problem.column}` : ""}`;
    process.stderr.write(`  ${where}  ${problem.severity}  ${problem.code}  ${problem.message.replace(/\r\n|[\r\n\u2028\u2029]/g, " ")}\n`);
  }
  if (tally.errors + tally.warnings > tally.shown.length) process.stderr.write(`  … bulk-import validate --profile lists every problem.\n`);
  return tally.errors > 0 ? exitCodes.validationErrors : exitCodes.ok;
}
