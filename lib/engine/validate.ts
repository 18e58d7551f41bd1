import type { OrgConfig } from "../org/org-config-schema.ts";
import { ProblemTally, orderedByCode } from "./report/problem-tally.ts";
import { readCsv, type CsvRecord, type ReadProblem } from "./read/read-csv.ts";
import { stripErrorReport } from "./report/error-report-csv.ts";
import { readMappingFile, readProblemToProblem, type MappingReport } from "./mapping.ts";
import { makeProblem, type Problem, type ProblemCode } from "./problem.ts";
import type { CellBytes, FieldBytes } from "./cell-bytes.ts";
import { createFindingCollector, createRowRules, trimCell, type PendingAnswer, type QuestionState } from "./row-rules.ts";
import { analyzeHeader, type HeaderAnalysis } from "./rules/header.ts";
import {
  DUPLICATE_BATCH,
  DuplicateRowDetector,
  HashBatch,
  duplicateRow,
  planDuplicateKey,
  rowHashInto,
  type DuplicateKeyPlan,
  type RowLocation,
} from "./rules/duplicate-row.ts";
import { answerForOtherType, resolveQuestionColumns } from "./rules/questions.ts";
import { indexRequestTypes, noBoundary, type RequestTypeIndex, type RequestTypeInfo } from "./rules/request-type.ts";

/**
 * The validation orchestrator: applies every rule of lib/engine/rules to a run of canonical
 * files and builds the JSON report of contract §5. It serves three callers with one code path:
 * the CLI (`validateImport` over files), the browser Web Worker (`validateImport` over a
 * File's stream) and the server's import executor (`onRecord` to store rows while streaming,
 * and `createFileValidator(...).validateRecord` to re-validate one edited row).
 *
 * Streaming, one pass, bounded memory: rows are never kept; only the problems (which the report
 * lists in full, each owning copies of its strings), the set of request types seen per file,
 * and a 64-bit hash per row for `duplicate_row` (16 bytes a row, in typed arrays).
 *
 * Question resolution. Whether a `Q:` column is `unknown_question`/`ambiguous_question`, and
 * whether a row's answer is `answer_for_other_type`, depend on "the request types in the file",
 * which are known only after its last row. Everything else about questions depends only on the
 * row's own type and the header, so it is decided per row:
 * - a column that is a question of the row's type is checked against that question (required,
 *   kind) even when another type of the file shares the text (the file then also gets
 *   `ambiguous_question`);
 * - a required question of the row's type without a column gives the row `required`;
 * - a non-blank answer in a column that is *not* a question of the row's type is remembered
 *   (row, line, column, value, row type: a few strings) and settled at the end of the file:
 *   `answer_for_other_type` when some request type of the file asks that question, nothing
 *   otherwise (the column is then `unknown_question`, reported once at row 0).
 * A caller that already knows the file's request types (re-validating one stored row) passes
 * them to `createFileValidator` and gets the decision at once.
 *
 * Error rows of the reader (`field_count`, a `malformed_csv` record with text after a closing
 * quote, an `invalid_encoding` record): such a record counts in `rows`, never in `validRows`,
 * and only the reader's problem is reported: with columns misaligned (or bytes lost), every
 * other check would report noise about the wrong cells. It takes no part in `duplicate_row`.
 */

export type RunOptions = {
  /** The time of validation, for `future_timestamp`. */
  now?: Date;
  /** Old request type → organization request type title (already checked by mapping.ts). */
  mapping?: ReadonlyMap<string, string>;
};

/** What one run of validation precomputes once: request types, boundaries, questions. */
export type RunContext = {
  readonly config: OrgConfig;
  readonly nowMs: number;
  readonly timeZone: string;
  readonly mapping: ReadonlyMap<string, string> | undefined;
  readonly types: RequestTypeIndex;
  readonly questionTexts: readonly string[];
  /** Rows seen so far in this run, for `duplicate_row`. */
  readonly duplicates: DuplicateRowDetector;
};

export function createRunContext(config: OrgConfig, options: RunOptions = {}): RunContext {
  const types = indexRequestTypes(config);
  return {
    config,
    nowMs: (options.now ?? new Date()).getTime(),
    timeZone: config.organization.timezone,
    mapping: options.mapping,
    types,
    questionTexts: [...types.questionOwners.keys()],
    duplicates: new DuplicateRowDetector(),
  };
}

export type FileValidatorOptions = {
  /**
   * The titles of the file's request types, when already known (re-validating a stored row):
   * `answer_for_other_type` is then decided in `validateRecord` instead of in `finish`.
   */
  requestTypesInFile?: Iterable<string>;
  /**
   * The caller serializes each row's problems at once and keeps none (ValidateImportOptions'
   * `transientRowProblems`): they need not own their strings (makeProblem's `own`).
   */
  transientRowProblems?: boolean;
  /** Row problems may come with their text deferred (lib/engine/deferred-text.ts); only with `transientRowProblems`. */
  deferTexts?: boolean;
};

export type FileSettlement = {
  /** File-level problems known only at the end: `unknown_question`, `ambiguous_question`, `no_boundary`. */
  fileProblems: Problem[];
  /** Row problems settled at the end: `answer_for_other_type`. */
  rowProblems: Problem[];
};

export type FileValidator = {
  readonly file: string;
  readonly header: readonly string[];
  readonly analysis: HeaderAnalysis;
  /** Header problems (row 0, line 1), known as soon as the header is read. */
  readonly fileProblems: readonly Problem[];
  /** Every per-row rule except `duplicate_row`, in column order. */
  validateRecord(fields: readonly string[], row: number, line: number): Problem[];
  /** `duplicate_row`: remembers the row in the run and reports an earlier copy. */
  checkDuplicate(fields: readonly string[], row: number, line: number): Problem | null;
  /**
   * `validateRecord` then `checkDuplicate` in one pass over the cells: the problems of a row as
   * the report lists them. A row without problems gets a shared empty array.
   */
  validateRow(fields: readonly string[], row: number, line: number, record?: FieldBytes): readonly Problem[];
  /** The trimmed values the rules see, in header order. */
  values(fields: readonly string[]): string[];
  /**
   * The per-row rules without `duplicate_row` (validateRecord), with the shared empty array for a
   * row without problems: a block of a file validated in a worker (lib/engine/parallel), whose
   * duplicates are found by the caller from `hashRow`.
   */
  checkRow(fields: readonly string[], row: number, line: number, record?: FieldBytes): readonly Problem[];
  /** The `duplicate_row` hash of the row just checked (two 32-bit lanes at `out[at]`, `out[at + 1]`). */
  hashRow(out: Int32Array, at: number): void;
  /**
   * `duplicate_row` for the rows of `batch` (each hashed with `hashRow`), remembered in the run
   * in that order: `batch.earlier[k]` gets row k's earlier copy or null (see `duplicateProblem`).
   */
  checkDuplicates(batch: HashBatch): void;
  /** The `duplicate_row` problem of a row whose earlier copy `checkDuplicates` found. */
  duplicateProblem(earlier: RowLocation, row: number, line: number): Problem;
  /** The recognised request types of the rows validated so far, in order of appearance. */
  requestTypesSeen(): string[];
  /**
   * What a block of the file left for the end of the file (see `absorb`): the request types its
   * rows brought, in order of appearance, and its answers in another type's question column.
   * The validator forgets them.
   */
  takeBlockState(): BlockQuestionState;
  /** Another validator's block state of this file, in file order: settled by `finish`. */
  absorb(state: BlockQuestionState): void;
  /** Settles the decisions that needed the whole file. Call once, after the last record. */
  finish(): FileSettlement;
  /** Sort key of a problem's column within a row (header position; `lat,lng` at lat). */
  columnPosition(column: string | null): number;
};

/** The request types and pending answers of a block of a file (FileValidator's `takeBlockState`). */
export type BlockQuestionState = { requestTypes: string[]; pending: PendingAnswer[] };

/** The problems of a row that has none; shared, so it is frozen. */
export const noProblems: readonly Problem[] = Object.freeze([]);

// The rules' trimming, for callers that lay out cells as the rules see them.
export { trimCell };

export function createFileValidator(
  run: RunContext,
  file: string,
  header: readonly string[],
  options: FileValidatorOptions = {},
): FileValidator {
  const analysis = analyzeHeader(header, { questionTexts: run.questionTexts });
  const fileProblems = analysis.findings.map((finding) => makeProblem(finding, { file, row: 0, line: 1 }));
  const columnPosition = columnPositionOf(header, analysis);
  const knownFileTypes = options.requestTypesInFile ? knownRequestTypes(run, options.requestTypesInFile) : null;
  const questions: QuestionState = {
    seenTypes: new Map<string, RequestTypeInfo>(),
    knownOwners: knownFileTypes ? resolveQuestionColumns(analysis.questions, knownFileTypes, run.questionTexts) : null,
    pending: [],
  };
  const width = header.length;
  const { findings, add, take: takeProblems } = createFindingCollector(file, columnPosition, !options.transientRowProblems);
  const deferTexts = options.deferTexts === true && options.transientRowProblems === true;
  const { cells, loadValues, runRules } = createRowRules(run, analysis, width, add, questions, { deferTexts });
  const { duplicateOf, ...duplicates } = duplicateChecks(run, file, header, cells);
  let finished = false;

  function validateRecord(fields: readonly string[], row: number, line: number): Problem[] {
    loadValues(fields);
    runRules(row, line);
    return takeProblems(row, line);
  }

  function checkRow(fields: readonly string[], row: number, line: number, record?: FieldBytes): readonly Problem[] {
    loadValues(fields, record);
    runRules(row, line);
    return findings.length === 0 ? noProblems : takeProblems(row, line);
  }

  function validateRow(fields: readonly string[], row: number, line: number, record?: FieldBytes): readonly Problem[] {
    loadValues(fields, record);
    runRules(row, line);
    const duplicate = duplicateOf(row, line);
    if (findings.length === 0 && duplicate === null) return noProblems;
    const problems = takeProblems(row, line);
    if (duplicate) problems.push(duplicate);
    return problems;
  }

  function finish(): FileSettlement {
    if (finished) throw new Error(`finish() called twice for ${file}`);
    finished = true;
    return settleFile(run, file, analysis, knownFileTypes ?? [...questions.seenTypes.values()], questions);
  }

  return {
    file,
    header,
    analysis,
    fileProblems,
    validateRecord,
    checkDuplicate(fields, row, line) {
      loadValues(fields);
      return duplicateOf(row, line);
    },
    validateRow,
    values: (fields) => trimmedValues(fields, width),
    checkRow,
    ...duplicates,
    requestTypesSeen: () => [...questions.seenTypes.keys()],
    ...blockQuestions(run, questions),
    finish,
    columnPosition,
  };
}

/** A file's `duplicate_row` checks, of the row loaded in `cells`. */
function duplicateChecks(run: RunContext, file: string, header: readonly string[], cells: CellBytes) {
  const plan: DuplicateKeyPlan = planDuplicateKey(header);
  const fileId = run.duplicates.fileId(file);
  const duplicateProblem = (earlier: RowLocation, row: number, line: number): Problem =>
    makeProblem(duplicateRow(earlier, earlier.file === file), { file, row, line });
  return {
    duplicateOf(row: number, line: number): Problem | null {
      const earlier = run.duplicates.checkRow(plan, cells.values, fileId, row, cells);
      return earlier ? duplicateProblem(earlier, row, line) : null;
    },
    duplicateProblem,
    hashRow: (out: Int32Array, at: number) => rowHashInto(plan, cells.values, out, at, cells),
    checkDuplicates: (batch: HashBatch) => run.duplicates.checkBatch(batch, fileId),
  };
}

/** A record's cells as the rules see them, in header order (a short record reads as blank cells). */
function trimmedValues(fields: readonly string[], width: number): string[] {
  const out = new Array<string>(width);
  for (let i = 0; i < width; i++) out[i] = trimCell(fields[i] ?? "");
  return out;
}

/** FileValidator's `takeBlockState` and `absorb` over its question state. */
function blockQuestions(run: RunContext, questions: QuestionState): Pick<FileValidator, "takeBlockState" | "absorb"> {
  return {
    takeBlockState() {
      const state = { requestTypes: [...questions.seenTypes.keys()], pending: questions.pending.splice(0) };
      questions.seenTypes.clear();
      return state;
    },
    absorb({ requestTypes, pending }) {
      for (const title of requestTypes) {
        const type = run.types.byTitle.get(title);
        if (type && !questions.seenTypes.has(title)) questions.seenTypes.set(title, type);
      }
      for (const answer of pending) questions.pending.push(answer);
    },
  };
}

/** Sort key of a problem's column within a row: its header position; `lat,lng` at lat. */
function columnPositionOf(header: readonly string[], { fixed }: HeaderAnalysis): (column: string | null) => number {
  const positions = new Map<string, number>();
  header.forEach((name, index) => {
    if (!positions.has(name)) positions.set(name, index);
  });
  const latLngPosition = Math.min(fixed.lat ?? Infinity, fixed.lng ?? Infinity);
  // The last two columns asked for: a file with a fault on every row asks for the same one or two
  // (created_at, closed_at) a million times, and a finding's column is a literal, so `===` is
  // mostly a pointer comparison where the map probed (with ProblemTally's runs, ~30 ms of CPU less
  // on the 1M-row every-row-error file, per `perf`).
  let last0: string | null = null;
  let position0 = -1;
  let last1: string | null = null;
  let position1 = -1;
  return (column: string | null): number => {
    if (column === null) return -1;
    if (column === last0) return position0;
    if (column === last1) return position1;
    const position = column === "lat,lng" ? (Number.isFinite(latLngPosition) ? latLngPosition : header.length) : (positions.get(column) ?? header.length);
    last1 = last0;
    position1 = position0;
    last0 = column;
    position0 = position;
    return position;
  };
}

/** The organization's request types among the given titles (a stored file's types). */
function knownRequestTypes(run: RunContext, titles: Iterable<string>): RequestTypeInfo[] {
  return [...titles].flatMap((title) => {
    const type = run.types.byTitle.get(title);
    return type ? [type] : [];
  });
}

/**
 * The decisions that needed the whole file, given its request types: the question columns
 * (`unknown_question`, `ambiguous_question`), `no_boundary`, and the pending answers.
 */
function settleFile(
  run: RunContext,
  file: string,
  analysis: HeaderAnalysis,
  types: readonly RequestTypeInfo[],
  { seenTypes, pending }: QuestionState,
): FileSettlement {
  const late: Problem[] = [];
  const owners = resolveQuestionColumns(analysis.questions, types, run.questionTexts, (_index, finding) => late.push(makeProblem(finding, { file, row: 0, line: 1 })));
  for (const type of seenTypes.values()) {
    if (!type.area) late.push(makeProblem(noBoundary(type), { file, row: 0, line: null }));
  }
  const rowProblems: Problem[] = [];
  for (const answer of pending) {
    const askers = owners.get(answer.text) ?? [];
    if (askers.length === 0) continue;
    rowProblems.push(
      makeProblem(answerForOtherType(answer.column, answer.value, answer.rowType, askers), {
        file,
        row: answer.row,
        line: answer.line,
      }),
    );
  }
  pending.length = 0;
  return { fileProblems: late, rowProblems };
}

// ---------------------------------------------------------------------------------------------
// The whole run: files → report (contract §5).

export type ByteSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;
export type ImportFileInput = {
  name: string;
  source: ByteSource;
  /** The file's size, when known: sizes the `duplicate_row` table up front (an estimate of its rows). */
  sizeBytes?: number;
};

/** Fewer bytes a row than canonical files have (~150–400): `reserve` errs on the side of room. */
export const ESTIMATED_BYTES_PER_ROW = 192;

export type FileReport = {
  file: string;
  /** "canonical", or the source profile a file was converted with (lib/profiles). */
  profile: string;
  rows: number;
  validRows: number;
  problems: Problem[];
};

export type ReportSummary = {
  files: number;
  rows: number;
  validRows: number;
  errors: number;
  warnings: number;
  byCode: Partial<Record<ProblemCode, number>>;
};

export type ValidationReport = {
  ok: boolean;
  files: FileReport[];
  summary: ReportSummary;
  mapping?: MappingReport;
};

export type ValidationProgress = {
  file: string;
  fileIndex: number;
  fileCount: number;
  /** Bytes read so far from this file. */
  bytes: number;
  /** Data records read so far from this file. */
  rows: number;
};

export type RecordContext = { file: string; fileIndex: number; validator: FileValidator };

export type ValidateImportOptions = {
  files: readonly ImportFileInput[];
  mapping?: ImportFileInput;
  config: OrgConfig;
  now?: Date;
  delimiter?: string;
  /** Bytes the decoder samples to decide the encoding (decode.ts; tests make it small). */
  sampleBytes?: number;
  onProgress?: (progress: ValidationProgress) => void;
  /**
   * Every record with the problems known while streaming (all but `answer_for_other_type`,
   * which arrive through `onFileDone`). May return a promise, which is awaited (back-pressure
   * for a caller storing rows).
   */
  onRecord?: (context: RecordContext, record: CsvRecord, problems: readonly Problem[]) => void | Promise<void>;
  /**
   * A file's final report and the row problems settled at its end (sorted by row, then by
   * `position` of their column, the order the report lists them in).
   */
  onFileDone?: (report: FileReport, settledRowProblems: readonly Problem[], position: (column: string | null) => number) => void | Promise<void>;
  /**
   * Row problems go here as they are made, a row at a time in row order (each row's ordered by
   * column), instead of into the file report, which then holds the whole-file problems only and
   * memory stays flat however many problems there are (contract §5). The problems settled at a
   * file's end still come through `onFileDone`; the summary counts them all.
   */
  onRowProblems?: (file: string, problems: readonly Problem[]) => void | Promise<void>;
  /**
   * With `onRowProblems`: a file's header was read. `problems` are its file-level problems known
   * then (its header's, and the encoding's when decided on the first sample), before any of its
   * row problems. Its report (`onFileDone`) lists these first; the rest of its file-level
   * problems were found later (an encoding decided further in, the decisions that needed the
   * whole file). A file without a header (empty, binary) gets no call.
   */
  onFileStart?: (fileIndex: number, file: string, problems: readonly Problem[]) => void | Promise<void>;
  /**
   * With `onRowProblems`: the sink keeps none of the problems it is given past its call (it
   * writes them out at once, and copies any it keeps with `ownedProblem`). Their strings then
   * stay slices of the file's text instead of being copied (`detach`), ~0.3 µs a problem.
   */
  transientRowProblems?: boolean;
  /**
   * With `transientRowProblems`: a row problem whose text the sink can make itself comes with
   * DEFERRED_TEXT as its message and no hint (lib/engine/deferred-text.ts: `missing_offset`, made
   * with `deferredText` from the organization's time zone). Saves the validating thread the
   * text of a fault an export may have on every row.
   */
  deferTexts?: boolean;
};

/** A run's start: its mapping file read (when there is one), then its RunContext. */
export async function startRun(
  options: Pick<ValidateImportOptions, "mapping" | "config" | "now">,
): Promise<{ run: RunContext; mapping: ReadonlyMap<string, string> | undefined; mappingReport: MappingReport | undefined }> {
  let mappingReport: MappingReport | undefined;
  let mapping: ReadonlyMap<string, string> | undefined;
  if (options.mapping) {
    const titles = options.config.requestTypes.map((type) => type.title);
    const result = await readMappingFile(options.mapping.name, options.mapping.source, titles);
    mapping = result.mapping;
    mappingReport = result.report;
  }
  const run = createRunContext(options.config, { ...(options.now ? { now: options.now } : {}), ...(mapping ? { mapping } : {}) });
  return { run, mapping, mappingReport };
}

export async function validateImport(options: ValidateImportOptions): Promise<ValidationReport> {
  const { run, mappingReport } = await startRun(options);
  const files: FileReport[] = [];
  const tallies: ProblemTally[] = [];
  for (const [fileIndex, input] of options.files.entries()) {
    const { report, tally } = await validateFile(run, input, fileIndex, options);
    files.push(report);
    if (tally) tallies.push(tally);
  }
  return buildReport(files, mappingReport, options.onRowProblems ? tallies : undefined);
}

/** What validateFile gathers while one file streams by. */
export type FileState = {
  readonly file: string;
  readonly fileIndex: number;
  validator: FileValidator | null;
  rows: number;
  bytes: number;
  /** File-level problems (row 0, and `no_boundary`), reported first. */
  readonly headProblems: Problem[];
  readonly rowProblems: Problem[];
  /** Counts of the problems, when row problems stream out (`onRowProblems`). */
  readonly tally: ProblemTally | null;
  /** validateRecords' buffers. */
  batch?: RowBatch;
};

async function validateFile(run: RunContext, input: ImportFileInput, fileIndex: number, options: ValidateImportOptions): Promise<{ report: FileReport; tally: ProblemTally | null }> {
  const file = input.name;
  const tally = options.onRowProblems ? new ProblemTally() : null;
  const state: FileState = { file, fileIndex, validator: null, rows: 0, bytes: 0, headProblems: [], rowProblems: [], tally };
  const progress = () =>
    options.onProgress?.({ file, fileIndex, fileCount: options.files.length, bytes: state.bytes, rows: state.rows });

  const readerOptions = {
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
    ...(options.sampleBytes !== undefined ? { sampleBytes: options.sampleBytes } : {}),
    onBytes: (total: number) => {
      state.bytes = total;
    },
  };
  // A re-uploaded error report (last column `import_errors`) reads like the original file: the
  // column is dropped and neutralised formulas are restored (contract §6).
  for await (const event of stripErrorReport(readCsv(input.source, readerOptions))) {
    switch (event.kind) {
      case "header":
        startFile(run, input, state, event.fields, options.transientRowProblems === true && options.onRowProblems !== undefined, options.deferTexts === true);
        if (options.onFileStart) await options.onFileStart(fileIndex, file, state.headProblems.slice());
        break;
      case "problem":
        addReadProblem(state, event.problem);
        break;
      case "records":
        await validateRecords(state, event.records, options);
        progress();
        break;
      case "end":
        state.rows = Math.max(state.rows, event.rows);
        state.bytes = event.bytes;
        break;
    }
  }

  const settled = settleRowProblems(state);
  progress();
  const report = tally ? streamedFileReport(state, tally) : fileReport(state);
  const position = state.validator ? state.validator.columnPosition : () => -1;
  // Streaming, the report's rows also need an unterminated quote's row (a read problem, kept with the settled ones).
  if (options.onFileDone) await options.onFileDone(report, tally ? sortRowProblems(state.rowProblems, position) : settled, position);
  return { report, tally };
}

function startFile(run: RunContext, input: ImportFileInput, state: FileState, header: readonly string[], transientRowProblems: boolean, deferTexts: boolean): void {
  const validator = createFileValidator(run, input.name, header, { transientRowProblems, deferTexts });
  state.validator = validator;
  if (input.sizeBytes) run.duplicates.reserve(input.sizeBytes / ESTIMATED_BYTES_PER_ROW);
  state.headProblems.push(...validator.fileProblems);
}

/**
 * File-level problems (encoding, empty file, a broken header) and the row an unterminated
 * quote starts (nothing after it is read).
 */
function addReadProblem(state: FileState, readProblem: ReadProblem): void {
  const problem = readProblemToProblem(state.file, readProblem);
  if (problem.row > 0) state.rowProblems.push(problem);
  else state.headProblems.push(problem);
  state.rows = Math.max(state.rows, problem.row);
}

/** A batch's rows between their rules and their duplicate check (reused from batch to batch). */
class RowBatch {
  readonly problems: (readonly Problem[])[] = new Array<readonly Problem[]>(DUPLICATE_BATCH);
  /** The rows checked for duplicates, tagged with their index in the batch (rows with a read problem are not). */
  readonly hashes = new HashBatch();
}

/** A batch of records: the problems of each, then the caller's `onRecord` (awaited). */
async function validateRecords(state: FileState, records: readonly CsvRecord[], options: ValidateImportOptions): Promise<void> {
  const batch = (state.batch ??= new RowBatch());
  for (let start = 0; start < records.length; start += DUPLICATE_BATCH) {
    const end = Math.min(records.length, start + DUPLICATE_BATCH);
    checkBatch(state, records, start, end, batch);
    await deliverBatch(state, records, start, end, batch, options);
  }
}

/** The rules of rows `start` to `end`, then their `duplicate_row`, all at once. */
function checkBatch(state: FileState, records: readonly CsvRecord[], start: number, end: number, batch: RowBatch): void {
  const { file, validator } = state;
  batch.hashes.count = 0;
  for (let r = start; r < end; r++) {
    const record = records[r]!;
    const k = r - start;
    if (record.problem) {
      // field_count, malformed_csv or invalid_encoding: an error row whose fields do not
      // line up with the header, so no column rule runs on it, nor duplicate_row.
      batch.problems[k] = [readProblemToProblem(file, record.problem)];
    } else if (validator) {
      batch.problems[k] = validator.checkRow(record.fields, record.row, record.line, record);
      validator.hashRow(batch.hashes.hashes, 2 * batch.hashes.next(record.row, k));
    } else {
      batch.problems[k] = noProblems;
    }
  }
  if (validator && batch.hashes.count > 0) validator.checkDuplicates(batch.hashes);
}

/** Rows `start` to `end` with their problems (the duplicate last) to the sink or the report, then `onRecord`. */
async function deliverBatch(state: FileState, records: readonly CsvRecord[], start: number, end: number, batch: RowBatch, options: ValidateImportOptions): Promise<void> {
  const { file, fileIndex, validator, rowProblems, tally } = state;
  const sink = options.onRowProblems;
  const { tags, earlier: earlierOf, count } = batch.hashes;
  let rows = state.rows;
  // The rows checked for duplicates are in batch order: `c` walks them beside `r`.
  for (let r = start, c = 0; r < end; r++) {
    const record = records[r]!;
    const k = r - start;
    if (record.row > rows) rows = record.row;
    let problems = batch.problems[k]!;
    batch.problems[k] = noProblems;
    const earlier = c < count && tags[c] === k ? (earlierOf[c++] ?? null) : null;
    if (earlier !== null && validator) {
      const duplicate = validator.duplicateProblem(earlier, record.row, record.line);
      problems = problems.length === 0 ? [duplicate] : [...problems, duplicate];
    }
    if (sink && tally) {
      if (problems.length) {
        tally.addAll(problems);
        const result = sink(file, problems);
        if (result) await result;
      }
    } else {
      for (let p = 0; p < problems.length; p++) rowProblems.push(problems[p]!);
    }
    if (options.onRecord && validator) {
      const result = options.onRecord({ file, fileIndex, validator }, record, problems);
      if (result) await result;
    }
  }
  state.rows = rows;
}

/** The validator's end-of-file decisions, added to the file's problems; returns the row problems. */
export function settleRowProblems(state: FileState): Problem[] {
  if (!state.validator) return [];
  const settlement = state.validator.finish();
  state.headProblems.push(...settlement.fileProblems);
  state.rowProblems.push(...settlement.rowProblems);
  return settlement.rowProblems;
}

/** Row problems by row, then by column (stable). */
export function sortRowProblems(problems: readonly Problem[], position: (column: string | null) => number): Problem[] {
  return problems
    .map((problem, order) => ({ problem, order, position: position(problem.column) }))
    .sort((a, b) => a.problem.row - b.problem.row || a.position - b.position || a.order - b.order)
    .map(({ problem }) => problem);
}

/** The report of a file whose row problems streamed out: its whole-file problems, and the counts. */
export function streamedFileReport({ file, rows, headProblems, rowProblems }: FileState, tally: ProblemTally): FileReport {
  // The settled row problems (and an unterminated quote's row) are still in rowProblems.
  tally.addAll(headProblems);
  tally.addAll(rowProblems);
  const blocked = headProblems.some((problem) => problem.severity === "error");
  return { file, profile: "canonical", rows, validRows: blocked ? 0 : Math.max(0, rows - tally.rowsWithErrors), problems: [...headProblems] };
}

/** Header problems first, then row problems by row and column (stable); and the counts. */
function fileReport({ file, validator, rows, headProblems, rowProblems }: FileState): FileReport {
  const ordered = sortRowProblems(rowProblems, validator ? validator.columnPosition : () => -1);
  const problems = [...headProblems, ...ordered];

  const blocked = headProblems.some((problem) => problem.severity === "error");
  const rowsWithErrors = new Set<number>();
  for (const problem of ordered) if (problem.severity === "error") rowsWithErrors.add(problem.row);
  return {
    file,
    profile: "canonical",
    rows,
    validRows: blocked ? 0 : Math.max(0, rows - rowsWithErrors.size),
    problems,
  };
}

/**
 * Totals a run's file reports (and mapping report) into the report of contract §5. With
 * `tallies` (row problems streamed out), the files' counts come from them.
 */
export function buildReport(files: FileReport[], mapping?: MappingReport, tallies?: readonly ProblemTally[]): ValidationReport {
  const tally = new ProblemTally();
  if (tallies) {
    for (const fileTally of tallies) {
      tally.errors += fileTally.errors;
      tally.warnings += fileTally.warnings;
    }
  } else for (const file of files) tally.addAll(file.problems);
  tally.addAll(mapping?.problems ?? []);
  const { errors, warnings } = tally;
  const byCode = orderedByCode([tally, ...(tallies ?? [])].flatMap((each) => [...each.codeCounts()]));
  const report: ValidationReport = {
    ok: errors === 0,
    files,
    summary: {
      files: files.length,
      rows: files.reduce((sum, file) => sum + file.rows, 0),
      validRows: files.reduce((sum, file) => sum + file.validRows, 0),
      errors,
      warnings,
      byCode,
    },
  };
  if (mapping) report.mapping = mapping;
  return report;
}
