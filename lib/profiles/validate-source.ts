import type { OrgConfig } from "../org/org-config-schema.ts";
import { readMappingFile, readProblemToProblem, type MappingReport } from "../engine/mapping.ts";
import { makeProblem, type Problem } from "../engine/problem.ts";
import { buildReport, createFileValidator, createRunContext, type FileReport, type FileValidator, type ImportFileInput, type RunContext, type ValidationReport } from "../engine/validate.ts";
import type { CompiledProfile } from "./compile-profile.ts";
import { convertCsv, type ConvertedRow, type ProfileChoice } from "./convert-csv.ts";
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
  for (const input of options.files) {
    const { report, delimiter } = await validateSource(run, input, options);
    files.push(report);
    delimiters.push(delimiter);
  }
  return { report: buildReport(files, mappingReport), delimiters };
}

type Ordered = { problem: Problem; position: number };

type FileState = {
  file: string;
  validator: FileValidator | null;
  compiled: CompiledProfile | null;
  blocked: boolean;
  head: Problem[];
  rows: Ordered[];
};

async function validateSource(run: RunContext, input: ImportFileInput, options: ValidateSourcesOptions): Promise<{ report: FileReport; delimiter: string }> {
  const state: FileState = { file: input.name, validator: null, compiled: null, blocked: false, head: [], rows: [] };
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
          checkRow(state, row);
        }
        break;
      case "suspect":
        for (const { row, line, finding } of event.rows) state.rows.push({ problem: makeProblem(finding, { file: state.file, row, line }), position: position(state, "lat,lng") });
        break;
      case "end":
        rows = Math.max(rows, event.rows);
        break;
    }
  }
  return { report: finishFile(state, rows, choice), delimiter };
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

function checkRow(state: FileState, row: ConvertedRow): void {
  const { file, validator } = state;
  if (row.readProblem) {
    state.rows.push({ problem: readProblemToProblem(file, row.readProblem), position: -1 });
    return;
  }
  if (state.blocked || !validator) return;
  const converted = new Set<string>();
  for (const finding of row.findings) {
    converted.add(finding.canonical);
    state.rows.push({ problem: makeProblem(finding, { file, row: row.row, line: row.line }), position: position(state, finding.canonical) });
  }
  for (const problem of validator.validateRow(row.fields, row.row, row.line)) {
    if (problem.column !== null && converted.has(problem.column)) continue;
    state.rows.push({ problem: toSource(state, problem), position: position(state, problem.column) });
  }
}

function finishFile(state: FileState, rows: number, choice: ProfileChoice): FileReport {
  if (state.validator) {
    const settlement = state.validator.finish();
    for (const problem of settlement.fileProblems) state.head.push(toSource(state, problem));
    for (const problem of settlement.rowProblems) state.rows.push({ problem: toSource(state, problem), position: position(state, problem.column) });
  }
  const ordered = state.rows
    .map((entry, order) => ({ ...entry, order }))
    .sort((a, b) => a.problem.row - b.problem.row || a.position - b.position || a.order - b.order)
    .map(({ problem }) => problem);
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
