import { detach, makeProblem, type Problem, type RuleFinding } from "./problem.ts";
import type { HeaderAnalysis } from "./rules/header.ts";
import { checkAddressLineBreak, hasAsciiLineBreakAt } from "./rules/address.ts";
import { acceptedCoordinates, checkCoordinates, checkSingleCoordinate } from "./rules/coordinates.ts";
import { checkReporterEmail, isAsciiEmailAt } from "./rules/email.ts";
import { decimalValueAt } from "./rules/number.ts";
import { checkMarkup } from "./rules/markup.ts";
import { answerForOtherType, checkAnswer, planAnswers, requiredQuestionAbsent, type AnswerPlan } from "./rules/questions.ts";
import { enabledRequestType, resolveRequestType, type RequestTypeIndex, type RequestTypeInfo } from "./rules/request-type.ts";
import { checkRequired } from "./rules/required.ts";
import {
  acceptedTimestampMs,
  acceptedTimestampMsAt,
  checkClosedAfterCreated,
  checkTimestamp,
  isMissingOffsetOnly,
  isMissingOffsetOnlyAt,
  type TimestampContext,
} from "./rules/timestamps.ts";
import { checkAutoAssignment } from "./rules/yes-no.ts";
import { clearArray } from "../utils/clear-array.ts";
import { deferredFinding } from "./deferred-text.ts";
import { loadCells, noCellBytes, trimCell, type CellBytes, type FieldBytes } from "./cell-bytes.ts";

export { trimCell };

/**
 * The per-row rules of one file (every rule but `duplicate_row`), the hot path of validation.
 * A row allocates nothing unless it has a finding: the trimmed cells go to one array reused
 * from row to row, findings to two more. Each step below is a closure made once per file over
 * the column indexes it reads (tsx names every closure it creates, which costs an
 * Object.defineProperty each time, so none is made per row).
 */

/** What the rules need of the run (a RunContext). */
export type RowRulesRun = {
  readonly nowMs: number;
  readonly timeZone: string;
  readonly mapping: ReadonlyMap<string, string> | undefined;
  readonly types: RequestTypeIndex;
};

export type PendingAnswer = { row: number; line: number; column: string; text: string; value: string; rowType: string };

/** The question decisions shared with the file's validator, which settles them at the end. */
export type QuestionState = {
  /** The recognised request types of the rows so far, by title, in order of appearance. */
  readonly seenTypes: Map<string, RequestTypeInfo>;
  /** Who asks each question, when the file's request types are known up front; else null. */
  readonly knownOwners: ReadonlyMap<string, readonly string[]> | null;
  /** Answers in another type's question column, settled at the end of the file. */
  readonly pending: PendingAnswer[];
};

export type AddFinding = (finding: RuleFinding | null, position?: number) => void;

export type FindingCollector = {
  /** The current row's findings so far. */
  readonly findings: readonly RuleFinding[];
  /** Adds a finding (null: nothing) at its column's position, or at `position`. */
  add: AddFinding;
  /** The findings as problems, in column order (stable); the collector is then empty. */
  take(row: number, line: number): Problem[];
};

export type RowRules = {
  /** The current row's trimmed values (`cells.values`) and where they lie in the file's bytes (lib/engine/cell-bytes.ts). */
  readonly cells: CellBytes;
  /**
   * Loads a row into `cells`: its trimmed values (a short row reads as blank cells), and where
   * `record` says they lie in its bytes.
   */
  loadValues(fields: readonly string[], record?: FieldBytes): void;
  /** Runs every rule on `values`, into the collector. */
  runRules(row: number, line: number): void;
};

/** A fixed column's cell: null when the header lacks the column (index -1), not "". */
function cell(values: readonly string[], index: number): string | null {
  return index < 0 ? null : values[index]!;
}

/** `own`: the problems own their strings (makeProblem); false only when the caller keeps none. */
export function createFindingCollector(file: string, columnPosition: (column: string | null) => number, own = true): FindingCollector {
  const findings: RuleFinding[] = [];
  const positions: number[] = [];

  function add(finding: RuleFinding | null, position?: number): void {
    if (finding === null) return;
    findings.push(finding);
    positions.push(position ?? columnPosition(finding.column));
  }

  function take(row: number, line: number): Problem[] {
    const n = findings.length;
    // Insertion sort: a row has a handful of findings at most, and equal positions keep their order.
    for (let i = 1; i < n; i++) {
      const position = positions[i]!;
      const finding = findings[i]!;
      let j = i - 1;
      while (j >= 0 && positions[j]! > position) {
        positions[j + 1] = positions[j]!;
        findings[j + 1] = findings[j]!;
        j--;
      }
      positions[j + 1] = position;
      findings[j + 1] = finding;
    }
    const problems = new Array<Problem>(n);
    for (let i = 0; i < n; i++) problems[i] = makeProblem(findings[i]!, { file, row, line }, own);
    clearArray(findings);
    clearArray(positions);
    return problems;
  }

  return { findings, add, take };
}

/** `deferTexts`: a finding whose text can be made later comes without it (lib/engine/deferred-text.ts). */
export function createRowRules(
  run: RowRulesRun,
  analysis: HeaderAnalysis,
  width: number,
  add: AddFinding,
  questions: QuestionState,
  { deferTexts = false }: { deferTexts?: boolean } = {},
): RowRules {
  const { fixed } = analysis;
  // A row's values are its record's own fields where none needs trimming, else copies in `trimmed`.
  const trimmed: string[] = new Array<string>(width).fill("");
  const cells: CellBytes = noCellBytes(width);
  const requestType = requestTypeRule(run, cells, add, fixed.request_type ?? -1, questions.seenTypes);
  const location = locationRules(cells, add, fixed.lat ?? -1, fixed.lng ?? -1);
  const texts = textRules(cells, add, fixed.address ?? -1, fixed.summary ?? -1, fixed.description ?? -1, fixed.reporter_email ?? -1);
  const times = timestampRules(run, cells, add, fixed.created_at ?? -1, fixed.closed_at ?? -1, deferTexts);
  const comments = commentRules(cells, add, analysis.comments);
  const answers = answerRules(cells, add, analysis, width, questions);
  const iAutoAssignment = fixed.auto_assignment ?? -1;

  function loadValues(fields: readonly string[], record?: FieldBytes): void {
    loadCells(width, fields, record, trimmed, cells);
  }

  function runRules(row: number, line: number): void {
    // Request type first: coordinates, auto-assignment and questions depend on it.
    const type = requestType();
    location(type);
    texts();
    times();
    const autoAssignment = cell(cells.values, iAutoAssignment);
    if (autoAssignment !== null) add(checkAutoAssignment(autoAssignment, type));
    comments();
    if (type) answers(type, row, line);
  }

  return { cells, loadValues, runRules };
}

/** requestTypeRule's memo: slots, a power of two. */
const MEMO_SLOTS = 256;

/** The row's request type (null when blank, unknown or absent), remembered in `seenTypes`. */
function requestTypeRule(
  run: RowRulesRun,
  cells: CellBytes,
  add: AddFinding,
  iRequestType: number,
  seenTypes: Map<string, RequestTypeInfo>,
): () => RequestTypeInfo | null {
  // The answer for each of the last few values seen, by a slot of their length and first and last
  // units: a file has a handful of request types, and the Map lookup hashed every row's new string
  // (~130 ms a million rows). A slot's value is compared in full before its answer is used.
  const memoValues: (string | undefined)[] = new Array<string | undefined>(MEMO_SLOTS).fill(undefined);
  const memoTypes: (RequestTypeInfo | null)[] = new Array<RequestTypeInfo | null>(MEMO_SLOTS).fill(null);
  return function requestType(): RequestTypeInfo | null {
    let type: RequestTypeInfo | null = null;
    const requestType = cell(cells.values, iRequestType);
    if (requestType !== null) {
      if (requestType === "") add(checkRequired("request_type", requestType));
      else {
        const n = requestType.length;
        const slot = (n * 7 + requestType.charCodeAt(0) * 3 + requestType.charCodeAt(n - 1)) & (MEMO_SLOTS - 1);
        if (memoValues[slot] === requestType) type = memoTypes[slot] ?? null;
        else {
          type = enabledRequestType(requestType, run.types, run.mapping);
          memoValues[slot] = requestType;
          memoTypes[slot] = type;
        }
        if (type === null) {
          const resolved = resolveRequestType(requestType, run.types, run.mapping);
          type = resolved.type;
          add(resolved.finding);
        }
      }
    }
    if (type && !seenTypes.has(type.title)) seenTypes.set(type.title, type);
    return type;
  };
}

/** lat and lng as a pair (in the type's boundary), or the one the header has. */
function locationRules(cells: CellBytes, add: AddFinding, iLat: number, iLng: number): (type: RequestTypeInfo | null) => void {
  const at = cells.at;
  return function location(type: RequestTypeInfo | null): void {
    const values = cells.values;
    const lat = cell(values, iLat);
    const lng = cell(values, iLng);
    if (lat !== null && lng !== null) {
      const area = type?.area ?? null;
      // The fast path: both numbers read from their bytes, and the pair accepted.
      const latAt = at[iLat]!;
      const lngAt = at[iLng]!;
      if (latAt >= 0 && lngAt >= 0) {
        const bytes = cells.bytes!;
        if (acceptedCoordinates(decimalValueAt(bytes, latAt, lat.length), decimalValueAt(bytes, lngAt, lng.length), area)) return;
      }
      add(checkCoordinates(lat, lng, area));
    }
    else if (lat !== null) add(checkSingleCoordinate("lat", lat));
    else if (lng !== null) add(checkSingleCoordinate("lng", lng));
  };
}

function textRules(cells: CellBytes, add: AddFinding, iAddress: number, iSummary: number, iDescription: number, iEmail: number): () => void {
  const at = cells.at;
  return function texts(): void {
    const values = cells.values;
    const address = cell(values, iAddress);
    if (address === "") add(checkRequired("address", address));
    else if (address !== null) {
      const start = at[iAddress]!;
      if (start < 0 || hasAsciiLineBreakAt(cells.bytes!, start, address.length)) add(checkAddressLineBreak(address));
    }
    const summary = cell(values, iSummary);
    if (summary !== null) add(checkRequired("summary", summary));
    const description = cell(values, iDescription);
    if (description !== null) add(checkRequired("description", description));
    const email = cell(values, iEmail);
    if (email !== null && email !== "") {
      const start = at[iEmail]!;
      if (start < 0 || !isAsciiEmailAt(cells.bytes!, start, email.length)) add(checkReporterEmail(email));
    }
  };
}

/**
 * created_at and closed_at, each parsed once; the fast path accepts nearly every cell. With
 * `deferTexts`, a value without an offset (the commonest fault) gets its finding without the text.
 */
function timestampRules(
  run: RowRulesRun,
  cells: CellBytes,
  add: AddFinding,
  iCreated: number,
  iClosed: number,
  deferTexts: boolean,
): () => void {
  const timestampContext: TimestampContext = { nowMs: run.nowMs, timeZone: run.timeZone };
  const nowMs = run.nowMs;
  const at = cells.at;
  // The fast paths, on the value's bytes where it lies in them.
  const accepted = (value: string, index: number): number | null => {
    const start = at[index]!;
    return start >= 0 ? acceptedTimestampMsAt(cells.bytes!, start, value.length, nowMs) : acceptedTimestampMs(value, nowMs);
  };
  const missingOffsetOnly = (value: string, index: number): boolean => {
    const start = at[index]!;
    return start >= 0 ? isMissingOffsetOnlyAt(cells.bytes!, start, value.length) : isMissingOffsetOnly(value);
  };
  return function times(): void {
    const values = cells.values;
    const created = cell(values, iCreated);
    let createdMs: number | null = null;
    if (created !== null) {
      if (created === "") add(checkRequired("created_at", created));
      else {
        createdMs = accepted(created, iCreated);
        if (createdMs === null && deferTexts && missingOffsetOnly(created, iCreated)) add(deferredFinding("missing_offset", "created_at", created));
        else if (createdMs === null) {
          const result = checkTimestamp("created_at", created, timestampContext);
          createdMs = result.epochMs;
          for (const finding of result.findings) add(finding);
        }
      }
    }
    const closed = cell(values, iClosed);
    if (closed !== null && closed !== "") {
      let closedMs = accepted(closed, iClosed);
      if (closedMs === null && deferTexts && missingOffsetOnly(closed, iClosed)) add(deferredFinding("missing_offset", "closed_at", closed));
      else if (closedMs === null) {
        const result = checkTimestamp("closed_at", closed, timestampContext);
        closedMs = result.epochMs;
        for (const finding of result.findings) add(finding);
      }
      add(checkClosedAfterCreated(closed, closedMs, created ?? "", createdMs));
    }
  };
}

function commentRules(cells: CellBytes, add: AddFinding, comments: HeaderAnalysis["comments"]): () => void {
  return function checkComments(): void {
    const values = cells.values;
    for (let i = 0; i < comments.length; i++) {
      const comment = comments[i]!;
      const value = values[comment.index]!;
      if (value !== "") add(checkMarkup(comment.name, value), comment.index);
    }
  };
}

/**
 * The row's answers: its own type's questions checked now; an answer in another type's
 * question decided now when the file's types are known, else kept for the end of the file.
 */
function answerRules(
  cells: CellBytes,
  add: AddFinding,
  analysis: HeaderAnalysis,
  width: number,
  { knownOwners, pending }: QuestionState,
): (type: RequestTypeInfo, row: number, line: number) => void {
  const plans = new Map<string, AnswerPlan>();
  return function answers(type: RequestTypeInfo, row: number, line: number): void {
    const values = cells.values;
    let plan = plans.get(type.title);
    if (!plan) {
      plan = planAnswers(type, analysis.questions);
      plans.set(type.title, plan);
    }
    for (const own of plan.own) add(checkAnswer(own.question, own.name, values[own.index]!), own.index);
    for (const other of plan.others) {
      const value = values[other.index]!;
      if (value === "") continue;
      if (knownOwners) {
        const askers = knownOwners.get(other.text) ?? [];
        if (askers.length > 0) add(answerForOtherType(other.name, value, type.title, askers), other.index);
      } else {
        // Kept until the end of the file: a copy, not a slice of the chunk.
        pending.push({ row, line, column: other.name, text: other.text, value: detach(value), rowType: type.title });
      }
    }
    for (const question of plan.absentRequired) add(requiredQuestionAbsent(question, type), width);
  };
}
