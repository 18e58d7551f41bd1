import { CsvReader, type CsvEvent, type CsvRecord, type ReaderResume } from "../read/read-csv.ts";
import { readProblemToProblem } from "../mapping.ts";
import { ownedProblem, type Problem, type ProblemCode } from "../problem.ts";
import { isErrorReportHeader, stripErrorReportHeader, stripErrorReportRecord } from "../report/error-report-csv.ts";
import { problemText } from "../report/json-report.ts";
import { MissingOffsetJson, type ByteTarget } from "../report/missing-offset-json.ts";
import { ProblemPacker, type PackedProblems } from "../report/packed-problems.ts";
import { isDeferred, withText, type TextContext } from "../deferred-text.ts";
import { createFileValidator, type BlockQuestionState, type FileValidator, type RunContext } from "../validate.ts";

/**
 * One stretch of a file, read and validated apart from the rest: the whole file, its start up to
 * a cut, or a block between two cuts (lib/engine/read/record-scanner.ts). It runs every rule
 * but `duplicate_row`, and gives each row's problems (as the JSON report writes them, in UTF-8, or
 * packed for the report's writer), each row's duplicate_row hash, and the counts. The caller finds the duplicates, in file order,
 * from the hashes. This is what a worker thread runs on a block (validate-in-blocks.ts); the
 * caller runs it too, on the file's start and on any stretch that cannot be cut.
 */

/** Where a segment starts: at the file's start (the header comes first), or resuming at a cut. */
export type SegmentStart = { kind: "file" } | ({ kind: "resume" } & ReaderResume);

/**
 * How a segment gives each row's problems: as the JSON report writes them ("text": UTF-8, in the
 * result's `text`), packed for the report's writer thread ("packed": in `batches`, as
 * JsonReportThread sends them), or not at all ("counts": only the counts and the examples, for
 * the CLI's text report).
 */
export type RowProblemsForm = "text" | "packed" | "counts";

/** Writes `text` as UTF-8 at `into[at]` (room for 3 bytes a UTF-16 unit is there); returns the bytes written. */
export type Utf8Writer = (text: string, into: Uint8Array, at: number) => number;

export type SegmentOptions = {
  delimiter?: string;
  sampleBytes?: number;
  /** The file's validator, when there is one already; otherwise one is made from the header. */
  validator?: FileValidator;
  /**
   * "take": each result carries the request types and pending answers of its rows, taken from
   * the validator (a worker's, for the file's validator to absorb). "keep" (default): they stay
   * in the validator (the file's own).
   */
  questions?: "take" | "keep";
  /** How to write UTF-8 (Node's Buffer writer is faster than TextEncoder's encodeInto a problem at a time). */
  utf8Write?: Utf8Writer;
  /** How each row's problems are given (default "text"); `text` stays empty unless "text". */
  rowProblems?: RowProblemsForm;
  /** Room for this many bytes of text at first (a block's estimate from the one before: no doubling). */
  textBytes?: number;
  /** A buffer to write the text into first, when it is big enough (an earlier result's, given back). */
  textBuffer?: Uint8Array<ArrayBuffer>;
};

/** Flags of a row in a SegmentResult. */
export const ROW_HAS_ERROR = 1;
/** The row takes part in duplicate_row (not an error row of the reader): its hash is set. */
export const ROW_DUPLICATE_CANDIDATE = 2;

/** What a segment gave for the bytes written to it. The typed arrays are transferable. */
export type SegmentResult = {
  /** The row of the first record here; the others follow one by one. */
  firstRow: number;
  rowCount: number;
  /** Each row's problems, `problemText(problem, false)` each, in UTF-8 (RowProblemsForm "text"). */
  text: Uint8Array;
  /** Each row's problems packed, in batches as full as ProblemPacker's `full` allows, but the last (RowProblemsForm "packed"); their names numbered from 0 in the first batch. */
  batches: PackedProblems[];
  /** Where each row's problems end: in `text` (bytes), or counted from the first in `batches` ("packed"). */
  textEnds: Int32Array;
  /** Each row's physical line. */
  lines: Int32Array;
  /** Each row's duplicate_row hash: two lanes a row. */
  hashes: Int32Array;
  /** ROW_HAS_ERROR | ROW_DUPLICATE_CANDIDATE, a byte a row. */
  flags: Uint8Array;
  problemCount: number;
  errors: number;
  warnings: number;
  byCode: [ProblemCode, number][];
  /** The first three problems of each code here, in order, owning their strings. */
  examples: Problem[];
  /**
   * Problems of the file, in the order the reader met them: its header's, the decoder's
   * findings, and the row an unterminated quote starts (row > 0).
   */
  fileProblems: Problem[];
  /** How many of `fileProblems` were known when the file's header was read here; -1 when it was not read here. */
  headerProblems: number;
  /** The request types and pending answers of these rows (FileValidator's takeBlockState), or null for the caller's own validator. */
  questions: BlockQuestionState | null;
  /** Data records read so far in this segment's file numbering (the reader's `rows`). */
  rows: number;
  line: number;
};

/**
 * A result with the shapes (V8's maps) of the results made in this thread, for one that came from
 * a worker: the structured clone builds its object and arrays otherwise, and the reading thread's
 * code that takes results (validate-in-blocks.ts's `take`), optimized on one kind, was deoptimized
 * and compiled again at the first of the other, 5-7 times a run. Results made here go through it
 * too, so that both come from the same literals.
 */
export function sameShapeResult(result: SegmentResult): SegmentResult {
  return {
    firstRow: result.firstRow,
    rowCount: result.rowCount,
    text: result.text,
    batches: sameShapeArray(result.batches),
    textEnds: result.textEnds,
    lines: result.lines,
    hashes: result.hashes,
    flags: result.flags,
    problemCount: result.problemCount,
    errors: result.errors,
    warnings: result.warnings,
    byCode: result.byCode.map(([code, count]): [ProblemCode, number] => [code, count]),
    examples: sameShapeArray(result.examples),
    fileProblems: sameShapeArray(result.fileProblems),
    headerProblems: result.headerProblems,
    questions: result.questions,
    rows: result.rows,
    line: result.line,
  };
}

function sameShapeArray<T>(items: T[]): T[] {
  return items.length === 0 ? [] : Array.from(items);
}

const MIN_TEXT_BYTES = 64 * 1024;
const MAX_TEXT_HINT_BYTES = 8 * 1024 * 1024;
/** Room for this many rows at first, then doubled. */
const FIRST_ROWS = 1024;

/** Room for the text of a result like one of `used` bytes: a quarter more, so it is not grown at its end. */
export function nextTextBytes(used: number): number {
  return Math.max(MIN_TEXT_BYTES, Math.min(used + (used >> 2), MAX_TEXT_HINT_BYTES));
}

function encodeIntoWriter(): Utf8Writer {
  const encoder = new TextEncoder();
  return (text, into, at) => encoder.encodeInto(text, into.subarray(at)).written;
}

export class SegmentValidator {
  private readonly reader: CsvReader;
  private readonly utf8Write: Utf8Writer;
  private readonly takeQuestions: boolean;
  private readonly rowProblems: RowProblemsForm;
  private textBytes: number;
  validator: FileValidator | null;
  /** The header as read (before an error report's column is taken off): what `resume` needs. */
  header: string[] | null = null;
  private errorReportWidth = -1;
  private ended = false;

  // The result being built. Its arrays are made when the first row or text needs them: a block's
  // segment is dropped after its one result, and a result's arrays move to another thread (so
  // each result has empty arrays of its own, never shared ones).
  private text = new Uint8Array(0);
  private used = 0;
  /** options.textBuffer, until the text first needs room. */
  private spareText: Uint8Array<ArrayBuffer> | null;
  /** Problems come with their text deferred (lib/engine/deferred-text.ts): made here, as they are written or kept. */
  private readonly textContext: TextContext;
  private readonly missingOffsets: MissingOffsetJson;
  /** The text buffer as MissingOffsetJson writes into it. */
  private readonly textTarget: ByteTarget;
  private rowCount = 0;
  private firstRow = 0;
  private textEnds = new Int32Array(0);
  private lines = new Int32Array(0);
  private hashes = new Int32Array(0);
  private flags = new Uint8Array(0);
  /** The rows' problems packed ("packed"), the current batch's in `packer`; a result's names are its own. */
  private packer: ProblemPacker | null = null;
  private batches: PackedProblems[] = [];
  private problemCount = 0;
  private errors = 0;
  private warnings = 0;
  private byCode = new Map<ProblemCode, number>();
  private examples: Problem[] = [];
  private fileProblems: Problem[] = [];
  private headerProblems = -1;

  constructor(
    private readonly run: RunContext,
    readonly file: string,
    start: SegmentStart,
    options: SegmentOptions = {},
  ) {
    this.reader = new CsvReader({
      ...(options.delimiter ? { delimiter: options.delimiter } : {}),
      ...(options.sampleBytes !== undefined ? { sampleBytes: options.sampleBytes } : {}),
      ...(start.kind === "resume" ? { resume: { header: start.header, rows: start.rows, line: start.line, decoder: start.decoder } } : {}),
    });
    this.utf8Write = options.utf8Write ?? encodeIntoWriter();
    this.textContext = { timeZone: run.timeZone };
    this.missingOffsets = new MissingOffsetJson(run.timeZone);
    const target = {
      reserve: (maxBytes: number) => {
        this.makeRoom(maxBytes);
        return this.text;
      },
      advance: (to: number) => {
        this.used = to;
      },
    };
    this.textTarget = Object.defineProperty(target, "position", { get: () => this.used }) as typeof target & { readonly position: number };
    this.validator = options.validator ?? null;
    this.takeQuestions = options.questions === "take";
    this.rowProblems = options.rowProblems ?? "text";
    if (this.rowProblems === "packed") this.packer = this.newPacker();
    this.textBytes = Math.max(MIN_TEXT_BYTES, options.textBytes ?? 0);
    this.spareText = options.textBuffer ?? null;
    if (start.kind === "resume") this.startFile(start.header, false);
  }

  /** True once the content was judged binary: nothing more is read. */
  get stopped(): boolean {
    return this.reader.stopped;
  }

  /**
   * Where a segment of the rest of the file can start, when this one stands between two records
   * with the header read and an encoding that blocks can be cut in; else null.
   */
  get handOver(): ReaderResume | null {
    const at = this.reader.handOver;
    return at && this.header ? { header: this.header, ...at } : null;
  }

  /** Reads and validates a chunk; `write` is `feed` then `takeResult`. */
  write(chunk: Uint8Array): SegmentResult {
    this.feed(chunk);
    return this.takeResult();
  }

  /** The end of the input (the file's end): `close` then `takeResult`. */
  end(): SegmentResult {
    this.close();
    return this.takeResult();
  }

  feed(chunk: Uint8Array): void {
    for (const event of this.reader.write(chunk)) this.take(event);
  }

  close(): void {
    if (this.ended) throw new Error(`end() called twice for ${this.file}`);
    this.ended = true;
    for (const event of this.reader.end()) this.take(event);
  }

  private take(event: CsvEvent): void {
    switch (event.kind) {
      case "header":
        this.startFile(event.fields, true);
        this.headerProblems = this.fileProblems.length;
        break;
      case "problem":
        this.fileProblems.push(readProblemToProblem(this.file, event.problem));
        break;
      case "records":
        this.validateRecords(event.records);
        break;
      case "end":
        break;
    }
  }

  private startFile(header: string[], reportHeaderProblems: boolean): void {
    this.header = header;
    const errorReport = isErrorReportHeader(header);
    const fields = errorReport ? stripErrorReportHeader(header) : header;
    if (errorReport) this.errorReportWidth = fields.length;
    this.validator ??= createFileValidator(this.run, this.file, fields, { transientRowProblems: true, deferTexts: true });
    if (reportHeaderProblems) for (const problem of this.validator.fileProblems) this.fileProblems.push(problem);
  }

  private validateRecords(records: readonly CsvRecord[]): void {
    const validator = this.validator;
    if (!validator) return;
    const file = this.file;
    const width = this.errorReportWidth;
    for (let r = 0; r < records.length; r++) {
      const record = width >= 0 ? stripErrorReportRecord(records[r]!, width) : records[r]!;
      const i = this.rowCount;
      if (i === 0) this.firstRow = record.row;
      if (i === this.flags.length) this.growRows();
      let problems: readonly Problem[];
      let flags = 0;
      if (record.problem) {
        // field_count, malformed_csv or invalid_encoding: no column rule, no duplicate_row.
        problems = [readProblemToProblem(file, record.problem)];
      } else {
        problems = validator.checkRow(record.fields, record.row, record.line, record);
        validator.hashRow(this.hashes, 2 * i);
        flags = ROW_DUPLICATE_CANDIDATE;
      }
      for (let p = 0; p < problems.length; p++) {
        const problem = problems[p]!;
        if (problem.severity === "error") {
          this.errors++;
          flags |= ROW_HAS_ERROR;
        } else this.warnings++;
        const count = (this.byCode.get(problem.code) ?? 0) + 1;
        this.byCode.set(problem.code, count);
        if (count <= 3) this.examples.push(ownedProblem(withText(problem, this.textContext)));
        if (this.rowProblems !== "text") continue;
        if (!isDeferred(problem)) this.append(problemText(problem, false));
        else if (!(problem.code === "missing_offset" && this.missingOffsets.write(problem, false, this.textTarget))) {
          this.append(problemText(withText(problem, this.textContext), false));
        }
      }
      this.problemCount += problems.length;
      const packer = this.packer;
      if (packer !== null && problems.length > 0) {
        packer.add(problems);
        if (packer.full) this.batches.push(packer.take());
      }
      this.flags[i] = flags;
      this.lines[i] = record.line;
      this.textEnds[i] = packer !== null ? this.problemCount : this.used;
      this.rowCount = i + 1;
    }
  }

  private append(text: string): void {
    this.makeRoom(text.length * 3);
    this.used += this.utf8Write(text, this.text, this.used);
  }

  /** Room for `room` more bytes of text. */
  private makeRoom(room: number): void {
    if (this.used + room > this.text.length) {
      let size = Math.max(this.textBytes, this.text.length * 2);
      while (this.used + room > size) size *= 2;
      const spare = this.spareText;
      this.spareText = null;
      const grown = spare !== null && spare.byteLength >= size ? spare : new Uint8Array(size);
      grown.set(this.text.subarray(0, this.used));
      this.text = grown;
    }
  }

  private growRows(): void {
    const size = Math.max(FIRST_ROWS, this.flags.length * 2);
    const grow = <T extends Int32Array | Uint8Array>(array: T, length: number): T => {
      const grown = new (array.constructor as new (n: number) => T)(length);
      grown.set(array);
      return grown;
    };
    this.textEnds = grow(this.textEnds, size);
    this.lines = grow(this.lines, size);
    this.hashes = grow(this.hashes, size * 2);
    this.flags = grow(this.flags, size);
  }

  private newPacker(): ProblemPacker {
    const packer = new ProblemPacker();
    // Deferred texts stay deferred: the writer makes them (a missing offset from its template).
    packer.textContext = this.textContext;
    return packer;
  }

  /** The result of the bytes fed since the last one; the segment starts a new one. */
  takeResult(): SegmentResult {
    if (this.packer !== null && this.packer.size > 0) this.batches.push(this.packer.take());
    const result = sameShapeResult({
      firstRow: this.firstRow,
      rowCount: this.rowCount,
      text: this.text.subarray(0, this.used),
      batches: this.batches,
      textEnds: this.textEnds.subarray(0, this.rowCount),
      lines: this.lines.subarray(0, this.rowCount),
      hashes: this.hashes.subarray(0, 2 * this.rowCount),
      flags: this.flags.subarray(0, this.rowCount),
      problemCount: this.problemCount,
      errors: this.errors,
      warnings: this.warnings,
      byCode: [...this.byCode],
      examples: this.examples,
      fileProblems: this.fileProblems,
      headerProblems: this.headerProblems,
      questions: this.takeQuestions && this.validator ? this.validator.takeBlockState() : null,
      rows: this.reader.rows,
      line: this.reader.line,
    });
    // The next result starts with room for a little more text than this one had (made when needed).
    this.textBytes = nextTextBytes(this.used);
    this.text = new Uint8Array(0);
    this.used = 0;
    if (this.packer !== null) {
      // Each result is read with an unpacker of its own: its names are numbered afresh.
      this.packer = this.newPacker();
      this.batches = [];
    }
    this.textEnds = new Int32Array(0);
    this.lines = new Int32Array(0);
    this.hashes = new Int32Array(0);
    this.flags = new Uint8Array(0);
    this.rowCount = 0;
    this.problemCount = 0;
    this.errors = 0;
    this.warnings = 0;
    this.byCode = new Map();
    this.examples = [];
    this.fileProblems = [];
    this.headerProblems = -1;
    return result;
  }
}
