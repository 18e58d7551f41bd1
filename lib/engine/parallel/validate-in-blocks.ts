import type { OrgConfig } from "../../org/org-config-schema.ts";
import { makeProblem, type Problem } from "../problem.ts";
import { SAMPLE_BYTES, cuttableEncoding, firstNonAscii, textEncodingOf, type DecoderResume } from "../read/decode.ts";
import { byteChunks, type ReaderResume } from "../read/read-csv.ts";
import { RecordScanner } from "../read/record-scanner.ts";
import { ProblemTally } from "../report/problem-tally.ts";
import { DUPLICATE_BATCH, HashBatch, duplicateRow } from "../rules/duplicate-row.ts";
import {
  ESTIMATED_BYTES_PER_ROW,
  buildReport,
  settleRowProblems,
  sortRowProblems,
  startRun,
  streamedFileReport,
  type FileReport,
  type FileState,
  type ImportFileInput,
  type RunContext,
  type ValidateImportOptions,
  type ValidationReport,
} from "../validate.ts";
import type { PackedProblems } from "../report/packed-problems.ts";
import { ROW_DUPLICATE_CANDIDATE, ROW_HAS_ERROR, SegmentValidator, type RowProblemsForm, type SegmentResult } from "./segment-validator.ts";

/**
 * validateImport for a big file on several cores: the same report, byte for byte, with the rows
 * validated in blocks by worker threads. The CLI uses it (lib/cli/validate-worker-pool.ts); a
 * test runs the blocks in-process (`inProcessBlocks`). See docs/decisions/0020.
 *
 * This thread reads the file, finds where it can be cut (RecordScanner: after a line break
 * outside quotes, with the rows and lines before it counted), and sends each block of about a
 * chunk (1 MiB) to a worker, which reads and validates it as the rest of one reader would
 * (SegmentValidator, resuming at the cut). The results come back in any order and are taken in
 * file order: each row's problems, already written as the report writes them, go to the sink,
 * and `duplicate_row` is decided here from each row's hash, in file order, as one reader would.
 *
 * The file's start is read here, up to its first cut after the encoding was decided: the header,
 * its problems and the encoding. Whatever cannot be cut is read here too, to the file's end:
 * UTF-16, a multi-byte legacy encoding, a binary file, or a stretch of more than
 * MAX_BLOCK_BYTES without a cut (a stray quote, or lone CRs as line breaks).
 */

/** What a worker needs to validate blocks of a run's files. */
export type BlockSetup = {
  config: OrgConfig;
  nowMs: number;
  mapping: [string, string][] | null;
  delimiter: string;
  sampleBytes: number;
  /** How rows' problems are given (ValidateInBlocksOptions' `rowProblems`). */
  rowProblems: RowProblemsForm;
};

/** A block: the bytes between two cuts of a file, and where it starts. */
export type BlockJob = {
  fileIndex: number;
  file: string;
  start: ReaderResume;
  /** The block's bytes, in parts (a chunk's tail, the next chunk up to its cut). */
  parts: Uint8Array[];
  /** The file ends with this block (the reader ends: an unterminated quote is reported). */
  last: boolean;
  /** A buffer for the block's text, an earlier result's given back (BlockRunner's `recycleText`). */
  textBuffer?: Uint8Array<ArrayBuffer>;
};

export type BlockRunner = {
  /** Called once per run, before its first block. */
  start(setup: BlockSetup): void;
  /** Validates a block (in a worker); the result is the block's SegmentResult. */
  run(job: BlockJob): Promise<SegmentResult>;
  /** Blocks in flight at most (the reader waits for the oldest beyond that). */
  readonly capacity: number;
  /** A result's text buffer, done with (its bytes were copied by the sink), for a later block to write into. */
  recycleText?(buffer: ArrayBufferLike): void;
};

/**
 * Problems to write among a segment's packed ones: after its first `after` (duplicate_row, found in
 * file order after the segment was validated).
 */
export type PackedInsert = { after: number; problems: Problem[] };

/** Where row problems go, in file order: as report text or packed (from the blocks), or as problems (duplicate_row). */
export type ProblemTextSink = {
  /** Problems as `problemText(problem, false)` writes each, in UTF-8: lent, copied before it returns or settles (the buffer is written again after). */
  texts(fileIndex: number, utf8: Uint8Array): void | Promise<void>;
  /**
   * A segment's problems packed (RowProblemsForm "packed"; its own names, numbered from 0), with
   * `inserts` written among them, in order of `after`. Given, not lent: the batches move on as they are.
   */
  packed?(fileIndex: number, batches: PackedProblems[], inserts: PackedInsert[]): void | Promise<void>;
  problems(fileIndex: number, problems: readonly Problem[]): void | Promise<void>;
  /** The first problems of each code of a block, in order (the text report's examples). */
  examples(fileIndex: number, problems: readonly Problem[]): void;
};

export type ValidateInBlocksOptions = Pick<ValidateImportOptions, "files" | "mapping" | "config" | "now" | "delimiter" | "sampleBytes" | "onProgress" | "onFileStart" | "onFileDone"> & {
  sink: ProblemTextSink;
  /**
   * How the sink wants each row's problems (default "text": `sink.texts`): "packed"
   * (`sink.packed`, which it must have), or "counts": only the counts and the examples.
   */
  rowProblems?: RowProblemsForm;
  blocks: BlockRunner;
  /**
   * Each chunk the sources give is a buffer of its own, nobody else's (fileSource's): a block
   * may then take it as it is (moved to a worker, not copied). Otherwise blocks are copies.
   */
  ownChunks?: boolean;
  /** A faster `firstNonAscii(bytes, 0) === bytes.length` (Node's buffer.isAscii). */
  isAscii?: (bytes: Uint8Array) => boolean;
  /** Bytes read before a block is cut (default MIN_BLOCK_BYTES; tests cut at every chunk with 0). */
  minBlockBytes?: number;
};

/**
 * Bytes read before a block is cut. Each block costs its thread a reader, a decoder and a
 * validator's segment. With two threads (session 19): the plain 1M-row file took the same with
 * 2 and 4 MiB blocks, the every-row-error file 4.75 s and 269 MiB with 2 MiB against 5.26 s and
 * 309 MiB with 4 (its blocks' texts are ~3 × their bytes, and four blocks are in flight). Session
 * 25, blocks packing their problems for the report's writer: the plain file the same with 1 and 2
 * MiB (1.60-1.90 against 1.59-1.82 s), the every-row-error file 226-231 against 237-244 MiB at the
 * same speed (a block's packed problems wait, and are promoted, until its end).
 */
export const MIN_BLOCK_BYTES = 1024 * 1024;

/** A stretch this long without a cut is read here instead (see the file comment). */
export const MAX_BLOCK_BYTES = 16 * 1024 * 1024;

export async function validateImportInBlocks(options: ValidateInBlocksOptions): Promise<ValidationReport> {
  const { run, mapping, mappingReport } = await startRun(options);
  const delimiter = options.delimiter ?? ",";
  const sampleBytes = options.sampleBytes ?? SAMPLE_BYTES;
  const rowProblems = options.rowProblems ?? "text";
  if (rowProblems === "packed" && !options.sink.packed) throw new Error("validateImportInBlocks: packed row problems need a sink that takes them");
  let started = false;
  const blocks: BlockRunner = {
    capacity: options.blocks.capacity,
    start: () => undefined,
    recycleText: (buffer) => options.blocks.recycleText?.(buffer),
    run: (job) => {
      if (!started) {
        started = true;
        options.blocks.start({ config: options.config, nowMs: run.nowMs, mapping: mapping ? [...mapping] : null, delimiter, sampleBytes, rowProblems });
      }
      return options.blocks.run(job);
    },
  };
  const files: FileReport[] = [];
  const tallies: ProblemTally[] = [];
  for (const [fileIndex, input] of options.files.entries()) {
    const { report, tally } = await new FileInBlocks(run, input, fileIndex, options, blocks, { delimiter, sampleBytes, rowProblems }).validate();
    files.push(report);
    tallies.push(tally);
  }
  return buildReport(files, mappingReport, tallies);
}

class FileInBlocks {
  private readonly file: string;
  private readonly tally = new ProblemTally();
  private readonly state: FileState;
  private readonly fileId: number;
  private readonly scanner: RecordScanner;
  /** The segment read in this thread: the file's start, or a stretch that cannot be cut. */
  private local: SegmentValidator | null;
  private head = true;
  /** Where the next block starts (while blocks go to workers). */
  private blockStart: ReaderResume | null = null;
  /** Bytes read but not yet in a block; the last chunk's cut is where a block may end. */
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** Blocks in flight, in file order: each one's result, and the rows and line it must end at (the next one's start). */
  private readonly inFlight: { result: Promise<SegmentResult>; end: { rows: number; line: number } | null }[] = [];
  private readonly hashBatch = new HashBatch();

  constructor(
    private readonly run: RunContext,
    private readonly input: ImportFileInput,
    private readonly fileIndex: number,
    private readonly options: ValidateInBlocksOptions,
    private readonly blocks: BlockRunner,
    private readonly reading: { delimiter: string; sampleBytes: number; rowProblems: RowProblemsForm },
  ) {
    this.file = input.name;
    this.state = { file: this.file, fileIndex, validator: null, rows: 0, bytes: 0, headProblems: [], rowProblems: [], tally: this.tally };
    this.fileId = run.duplicates.fileId(this.file);
    this.scanner = new RecordScanner(reading.delimiter.charCodeAt(0));
    this.local = new SegmentValidator(run, this.file, { kind: "file" }, reading);
  }

  async validate(): Promise<{ report: FileReport; tally: ProblemTally }> {
    if (this.input.sizeBytes) this.run.duplicates.reserve(this.input.sizeBytes / ESTIMATED_BYTES_PER_ROW);
    for await (const chunk of byteChunks(this.input.source)) {
      this.state.bytes += chunk.byteLength;
      // Once the rest of the file is read here, no cut is wanted.
      if (!this.local || this.head) this.scanner.scan(chunk);
      if (this.local) {
        await this.readHere(chunk);
        if (this.local?.stopped) break;
      } else {
        this.pending.push(chunk);
        this.pendingBytes += chunk.byteLength;
        if (this.pendingBytes >= (this.options.minBlockBytes ?? MIN_BLOCK_BYTES)) await this.cutBlocks(false);
      }
    }
    if (this.local) {
      await this.take(this.local.end());
      this.state.validator ??= this.local.validator;
    } else await this.cutBlocks(true);
    while (this.inFlight.length > 0) await this.takeOldest();

    const state = this.state;
    settleRowProblems(state);
    this.progress();
    const report = streamedFileReport(state, this.tally);
    const position = state.validator ? state.validator.columnPosition : () => -1;
    if (this.options.onFileDone) await this.options.onFileDone(report, sortRowProblems(state.rowProblems, position), position);
    return { report, tally: this.tally };
  }

  /** A chunk for the segment read here; the file's start hands over to blocks at its first cut. */
  private async readHere(chunk: Uint8Array): Promise<void> {
    const local = this.local!;
    const cut = this.scanner.cut;
    if (!this.head || cut === -1) {
      await this.take(local.write(chunk));
      return;
    }
    await this.take(local.write(chunk.subarray(0, cut)));
    const at = local.handOver;
    this.state.validator ??= local.validator;
    if (at && at.rows === this.scanner.cutRecords - 1 && at.line === this.scanner.cutLine) {
      this.head = false;
      this.local = null;
      this.blockStart = at;
      this.pending = cut < chunk.byteLength ? [new Uint8Array(chunk.subarray(cut))] : [];
      this.pendingBytes = chunk.byteLength - cut;
      return;
    }
    // Not yet (the encoding is still being sampled), or never (it cannot be cut in bytes).
    await this.take(local.write(chunk.subarray(cut)));
  }

  /**
   * Sends the pending bytes up to the latest cut as a block (all of them at the file's end).
   * While the file has been all ASCII, a block that is not must hold the sample the decoder
   * decides on, and an encoding that cannot be cut sends the rest of the file to be read here.
   */
  private async cutBlocks(atEnd: boolean): Promise<void> {
    const start = this.blockStart!;
    const lastChunk = this.pending[this.pending.length - 1];
    const cut = atEnd ? (lastChunk?.byteLength ?? 0) : this.scanner.cut;
    if (cut === -1 || lastChunk === undefined) {
      if (this.pendingBytes > MAX_BLOCK_BYTES) await this.readRestHere();
      return;
    }
    const blockBytes = this.pendingBytes - (lastChunk.byteLength - cut);
    if (blockBytes === 0) return;
    let next: DecoderResume = start.decoder;
    const parts = this.pending.slice(0, -1);
    if (cut > 0) parts.push(lastChunk.subarray(0, cut));
    if (start.decoder.phase === "ascii" && !parts.every((part) => this.isAscii(part))) {
      const bytes = joinBytes(parts, blockBytes);
      const high = firstNonAscii(bytes, 0);
      // The decoder decides here, on the sample that starts at this byte (decode.ts).
      const sampleEnd = high + this.reading.sampleBytes;
      if (sampleEnd > bytes.length && !atEnd) {
        if (this.pendingBytes > MAX_BLOCK_BYTES) await this.readRestHere();
        return; // a later cut
      }
      // As decode.ts samples: at the file's end only when the file ends before the sample is full.
      const decision = textEncodingOf(bytes.subarray(high, sampleEnd), atEnd && sampleEnd > bytes.length);
      if (decision.phase === "legacy" && !cuttableEncoding(decision.decodeAs)) {
        if (!atEnd) return this.readRestHere();
      } else {
        next = decision;
      }
    }
    // The tail after the cut starts the next block: a copy, so that this block owns its buffers.
    const remainder = lastChunk.subarray(cut);
    // (`new Uint8Array(view)` copies; a Buffer's `slice` would not.)
    this.pending = remainder.byteLength > 0 ? [new Uint8Array(remainder)] : [];
    this.pendingBytes = remainder.byteLength;
    // With ownChunks, a block takes the chunks as they are (moved to its worker, not copied).
    const owned = this.options.ownChunks ? parts : [joinBytes(parts, blockBytes)];
    const end = atEnd ? null : { rows: this.scanner.cutRecords - 1, line: this.scanner.cutLine };
    await this.send({ fileIndex: this.fileIndex, file: this.file, start, parts: owned, last: atEnd }, end);
    if (end) this.blockStart = { header: start.header, rows: end.rows, line: end.line, decoder: next };
  }

  private isAscii(bytes: Uint8Array): boolean {
    return this.options.isAscii ? this.options.isAscii(bytes) : firstNonAscii(bytes, 0) === bytes.byteLength;
  }

  private async send(job: BlockJob, end: { rows: number; line: number } | null): Promise<void> {
    while (this.inFlight.length >= Math.max(1, this.blocks.capacity)) await this.takeOldest();
    const result = this.blocks.run(job);
    // Taken in order later; a failure meanwhile must not count as unhandled.
    result.catch(() => undefined);
    this.inFlight.push({ result, end });
  }

  private async takeOldest(): Promise<void> {
    const { result: pending, end } = this.inFlight.shift()!;
    const result = await pending;
    if (end && (result.rows !== end.rows || result.line !== end.line)) {
      throw new Error(
        `${this.file}: a block ended at row ${result.rows}, line ${result.line}, where the scan cut it at row ${end.rows}, line ${end.line}`,
      );
    }
    await this.take(result);
  }

  /** The rest of the file is read here, from the next block's start (after the blocks in flight). */
  private async readRestHere(): Promise<void> {
    while (this.inFlight.length > 0) await this.takeOldest();
    const start = this.blockStart!;
    const local = new SegmentValidator(this.run, this.file, { kind: "resume", ...start }, { ...this.reading, validator: this.state.validator! });
    this.local = local;
    this.head = false;
    const pending = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    for (const chunk of pending) await this.take(local.write(chunk));
  }

  /** A segment's result, in file order: its problems to the sink, duplicate_row decided here. */
  private async take(result: SegmentResult): Promise<void> {
    const { state, tally, file, fileIndex } = this;
    const sink = this.options.sink;
    const onFileStart = this.options.onFileStart;
    // The file's header was read in this segment, after its first `headerProblems` problems.
    for (let index = 0; index <= result.fileProblems.length; index++) {
      if (index === result.headerProblems && onFileStart) await onFileStart(fileIndex, file, state.headProblems.slice());
      const problem = result.fileProblems[index];
      if (problem === undefined) break;
      if (problem.row > 0) state.rowProblems.push(problem);
      else state.headProblems.push(problem);
    }
    state.rows = Math.max(state.rows, result.rows);
    tally.addCounts(result.errors, result.warnings, result.byCode);
    const { firstRow, flags, hashes, textEnds, lines, text } = result;
    const packed = this.reading.rowProblems === "packed";
    const inserts: PackedInsert[] = [];
    const batch = this.hashBatch;
    let from = 0;
    for (let base = 0; base < result.rowCount; base += DUPLICATE_BATCH) {
      // The batch's duplicates looked up together (checkBatch), then its rows in order.
      batch.count = 0;
      for (let i = base; i < Math.min(result.rowCount, base + DUPLICATE_BATCH); i++) {
        const rowFlags = flags[i]!;
        if (rowFlags & ROW_HAS_ERROR) tally.markErrorRow(firstRow + i);
        if (rowFlags & ROW_DUPLICATE_CANDIDATE) batch.add(hashes[2 * i]!, hashes[2 * i + 1]!, firstRow + i, i);
      }
      this.run.duplicates.checkBatch(batch, this.fileId);
      for (let k = 0; k < batch.count; k++) {
        const earlier = batch.earlier[k] ?? null;
        if (earlier === null) continue;
        const i = batch.tags[k]!;
        // The row's own problems first, then its duplicate_row (as validateRow orders them).
        const end = textEnds[i]!;
        const duplicate = makeProblem(duplicateRow(earlier, earlier.file === file), { file, row: firstRow + i, line: lines[i]! });
        tally.add(duplicate);
        if (packed) {
          inserts.push({ after: end, problems: [duplicate] });
          continue;
        }
        if (end > from) await sink.texts(fileIndex, text.subarray(from, end));
        from = end;
        await sink.problems(fileIndex, [duplicate]);
      }
    }
    if (packed && (result.batches.length > 0 || inserts.length > 0)) await sink.packed!(fileIndex, result.batches, inserts);
    if (text.byteLength > from) await sink.texts(fileIndex, text.subarray(from));
    if (text.byteLength > 0) this.blocks.recycleText?.(text.buffer);
    if (result.examples.length > 0) sink.examples(fileIndex, result.examples);
    if (result.questions) state.validator?.absorb(result.questions);
    this.progress();
  }

  private progress(): void {
    this.options.onProgress?.({
      file: this.file,
      fileIndex: this.fileIndex,
      fileCount: this.options.files.length,
      bytes: this.state.bytes,
      rows: this.state.rows,
    });
  }
}

/** The first `length` bytes of the chunks, as one new buffer (transferable to a worker). */
function joinBytes(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.byteLength > length - at ? chunk.subarray(0, length - at) : chunk;
    out.set(part, at);
    at += part.byteLength;
    if (at === length) break;
  }
  return out;
}
