import type { OrgConfig } from "../org/org-config-schema.ts";
import { readMappingFile, readProblemToProblem, type MappingReport } from "../engine/mapping.ts";
import { makeProblem, type Problem } from "../engine/problem.ts";
import { ProblemTally } from "../engine/report/problem-tally.ts";
import { buildReport, createFileValidator, createRunContext, type FileReport, type FileValidator, type ImportFileInput, type RunContext, type ValidationReport } from "../engine/validate.ts";
import type { CompiledProfile } from "./compile-profile.ts";
import { convertCsv, type ConvertedRow, type ProfileChoice } from "./convert-csv.ts";
import type { SuspectRow } from "./suspect-location.ts";
import type { SourceProfile } from "./profile-schema.ts";

/**
 * `validate --profile` (contract §7 "Problems point at the source"): each file is converted on
 * the fly and its canonical rows go through the same validator as canonical files. Problems
 * keep the source row and line, and name the source column's own header where one column
 * feeds the canonical one. Where the conversion already reported a cell (an unparsed
 * timestamp), the validator's echo of it (`invalid_timestamp`) is dropped.
 */

export type ValidateSourcesOptions = {
  files: readonly ImportFileInput[];
  mapping?: ImportFileInput;
  config: OrgConfig;
  profile: SourceProfile | "auto";
  now?: Date;
  /**
   * As validateImport's: row problems go here a row at a time, in row order (each row's by
   * column), and each file's report keeps its whole-file problems and the counts, so memory
   * stays flat however many problems there are (contract §5).
   */
  onRowProblems?: (file: string, problems: readonly Problem[]) => void | Promise<void>;
  /**
   * With onRowProblems: the row problems settled at a file's end (in report order; they can be
   * read more than once, and are made as they are read) and how to place a reported column.
   */
  onFileDone?: (report: FileReport, settled: Iterable<Problem>, position: (column: string | null) => number) => void | Promise<void>;
};

export type SourcesReport = {
  report: ValidationReport;
  /** Per file: the delimiter it was read with (the error report re-reads the source). */
  delimiters: string[];
};

export async function validateSources(options: ValidateSourcesOptions): Promise<SourcesReport> {
  let mappingReport: MappingReport | undefined;
  let mapping: ReadonlyMap<string, string> | undefined;
  if (options.mapping) {
    const result = await readMappingFile(options.mapping.name, options.mapping.source, options.config.requestTypes.map((type) => type.title));
    mapping = result.mapping;
    mappingReport = result.report;
  }
  const run = createRunContext(options.config, { ...(options.now ? { now: options.now } : {}), ...(mapping ? { mapping } : {}) });
  const files: FileReport[] = [];
  const delimiters: string[] = [];
  const tallies: ProblemTally[] = [];
  for (const input of options.files) {
    const { report, delimiter, tally } = await validateSource(run, input, options);
    files.push(report);
    delimiters.push(delimiter);
    if (tally) tallies.push(tally);
  }
  return { report: buildReport(files, mappingReport, options.onRowProblems ? tallies : undefined), delimiters };
}

type Ordered = { problem: Problem; position: number };

type FileState = {
  file: string;
  validator: FileValidator | null;
  compiled: CompiledProfile | null;
  blocked: boolean;
  head: Problem[];
  /** Row problems kept to the end: all of them, or (streaming) those known only then. */
  rows: Ordered[];
  /** suspect_location's findings (made when read). */
  suspect: Iterable<SuspectRow>;
  /** Counts, when row problems stream out. */
  tally: ProblemTally | null;
};

async function validateSource(run: RunContext, input: ImportFileInput, options: ValidateSourcesOptions): Promise<{ report: FileReport; delimiter: string; tally: ProblemTally | null }> {
  const tally = options.onRowProblems ? new ProblemTally() : null;
  const state: FileState = { file: input.name, validator: null, compiled: null, blocked: false, head: [], rows: [], suspect: [], tally };
  let choice: ProfileChoice = { how: "canonical" };
  let delimiter = ",";
  let rows = 0;
  for await (const event of convertCsv(input.source, { profile: options.profile, timeZone: run.timeZone, fileName: input.name })) {
    switch (event.kind) {
      case "start":
        choice = event.choice;
        delimiter = event.delimiter;
        start(run, state, event.compiled, event.header);
        break;
      case "problem": {
        const problem = readProblemToProblem(state.file, event.problem);
        if (problem.row > 0) state.rows.push({ problem, position: -1 });
        else state.head.push(problem);
        rows = Math.max(rows, problem.row);
        break;
      }
      case "rows":
        for (const row of event.rows) {
          rows = Math.max(rows, row.row);
          const problems = checkRow(state, row);
          if (problems.length === 0) continue;
          if (!tally) state.rows.push(...problems);
          else {
            const ordered = inRowOrder(problems);
            tally.addAll(ordered);
            const result = options.onRowProblems!(state.file, ordered);
            if (result) await result;
          }
        }
        break;
      case "suspect":
        state.suspect = event.rows;
        break;
      case "end":
        rows = Math.max(rows, event.rows);
        break;
    }
  }
  if (!tally) return { report: finishFile(state, rows, choice), delimiter, tally };
  const report = await finishStreamedFile(state, rows, choice, tally, options);
  return { report, delimiter, tally };
}

function start(run: RunContext, state: FileState, compiled: CompiledProfile | null, header: string[]): void {
  state.compiled = compiled;
  state.validator = createFileValidator(run, state.file, header);
  const findings = compiled?.fileFindings ?? [];
  for (const finding of findings) state.head.push(makeProblem(finding, { file: state.file, row: 0, line: 1 }));
  state.blocked = findings.length > 0;
  for (const problem of state.validator.fileProblems) state.head.push(toSource(state, problem));
}

function position(state: FileState, canonical: string | null): number {
  return state.validator ? state.validator.columnPosition(canonical) : -1;
}

/** A validator problem with the source column's header. */
function toSource(state: FileState, problem: Problem): Problem {
  const column = state.compiled ? state.compiled.problemColumn(problem.column) : problem.column;
  return column === problem.column ? problem : { ...problem, column };
}

/** A converted row's problems: the conversion's findings, then the validator's (each with its column's position). */
function checkRow(state: FileState, row: ConvertedRow): Ordered[] {
  const { file, validator } = state;
  if (row.readProblem) return [{ problem: readProblemToProblem(file, row.readProblem), position: -1 }];
  if (state.blocked || !validator) return [];
  const out: Ordered[] = [];
  const converted = new Set<string>();
  for (const finding of row.findings) {
    converted.add(finding.canonical);
    out.push({ problem: makeProblem(finding, { file, row: row.row, line: row.line }), position: position(state, finding.canonical) });
  }
  for (const problem of validator.validateRow(row.fields, row.row, row.line)) {
    if (problem.column !== null && converted.has(problem.column)) continue;
    out.push({ problem: toSource(state, problem), position: position(state, problem.column) });
  }
  return out;
}

/** One row's problems by column (stable). */
function inRowOrder(problems: Ordered[]): Problem[] {
  if (problems.length === 1) return [problems[0]!.problem];
  return problems
    .map((entry, order) => ({ ...entry, order }))
    .sort((a, b) => a.position - b.position || a.order - b.order)
    .map(({ problem }) => problem);
}

function suspectProblems(state: FileState): Iterable<Ordered> {
  const { file, suspect } = state;
  const at = position(state, "lat,lng");
  return {
    *[Symbol.iterator]() {
      for (const { row, line, finding } of suspect) yield { problem: makeProblem(finding, { file, row, line }), position: at };
    },
  };
}

/** The end of a file whose row problems streamed out: the settled ones go to onFileDone in report order, the counts to the report. */
async function finishStreamedFile(state: FileState, rows: number, choice: ProfileChoice, tally: ProblemTally, options: ValidateSourcesOptions): Promise<FileReport> {
  if (state.validator) {
    const settlement = state.validator.finish();
    for (const problem of settlement.fileProblems) state.head.push(toSource(state, problem));
    for (const problem of settlement.rowProblems) state.rows.push({ problem: toSource(state, problem), position: position(state, problem.column) });
  }
  const settled = orderedProblems(state.rows);
  tally.addAll(state.head);
  for (const { problem } of settled) tally.add(problem);
  const suspect = suspectProblems(state);
  for (const { problem } of suspect) tally.add(problem);
  const blocked = state.head.some((problem) => problem.severity === "error");
  const report: FileReport = { file: state.file, profile: choice.how === "canonical" ? "canonical" : choice.profile.name, rows, validRows: blocked ? 0 : Math.max(0, rows - tally.rowsWithErrors), problems: [...state.head] };
  const result = options.onFileDone?.(report, { [Symbol.iterator]: () => mergeByRow(settled, suspect) }, reportedPosition(state));
  if (result) await result;
  return report;
}

/**
 * The settled problems and suspect_location's, both in report order, as one list in report
 * order; at one row and column, suspect_location's first (as when they are all kept).
 */
function* mergeByRow(settled: readonly Ordered[], suspect: Iterable<Ordered>): Generator<Problem> {
  let next = 0;
  for (const entry of suspect) {
    for (; next < settled.length; next++) {
      const other = settled[next]!;
      if (other.problem.row > entry.problem.row || (other.problem.row === entry.problem.row && other.position >= entry.position)) break;
      yield other.problem;
    }
    yield entry.problem;
  }
  for (; next < settled.length; next++) yield settled[next]!.problem;
}

/** Where a problem's reported column (a source header, or a canonical column) sits in the row's order. */
function reportedPosition(state: FileState): (column: string | null) => number {
  const positions = new Map<string | null, number>();
  for (const canonical of [...(state.compiled?.header ?? []), "lat,lng"]) {
    const reported = state.compiled!.problemColumn(canonical);
    if (reported !== null && !positions.has(reported)) positions.set(reported, position(state, canonical));
  }
  return (column) => positions.get(column) ?? position(state, column);
}

/** By row, then column position, then as they came. */
function orderedProblems(rows: Ordered[]): Ordered[] {
  return rows
    .map((entry, order) => ({ ...entry, order }))
    .sort((a, b) => a.problem.row - b.problem.row || a.position - b.position || a.order - b.order);
}

function finishFile(state: FileState, rows: number, choice: ProfileChoice): FileReport {
  state.rows.push(...suspectProblems(state));
  if (state.validator) {
    const settlement = state.validator.finish();
    for (const problem of settlement.fileProblems) state.head.push(toSource(state, problem));
    for (const problem of settlement.rowProblems) state.rows.push({ problem: toSource(state, problem), position: position(state, problem.column) });
  }
  const ordered = orderedProblems(state.rows).map(({ problem }) => problem);
  const blocked = state.head.some((problem) => problem.severity === "error");
  const rowsWithErrors = new Set<number>();
  for (const problem of ordered) if (problem.severity === "error") rowsWithErrors.add(problem.row);
  return {
    file: state.file,
    profile: choice.how === "canonical" ? "canonical" : choice.profile.name,
    rows,
    validRows: blocked ? 0 : Math.max(0, rows - rowsWithErrors.size),
    problems: [...state.head, ...ordered],
  };
}
