/**
 * The streaming CSV reader of the validation engine: bytes → header, batches of records, and
 * read problems (contract §2 "Records", "Encodings"; §3 codes). Pure TypeScript on Web APIs, so
 * it runs in the CLI, on the server and in a browser Web Worker.
 *
 * Why a hand-written tokenizer rather than papaparse (papaparse is the speed benchmark here):
 * papaparse breaks four rules the contract needs. It uses one line-end style per file, so in a
 * CRLF file `1,2\n3,4` becomes one record. Text after a closing quote (`"ab"c`) makes it swallow
 * the rest of the file. In incremental mode an unterminated quote makes it re-scan an ever-growing
 * buffer, which is quadratic and holds the whole file. And it reports no line numbers. This
 * tokenizer is a state machine that survives any chunk boundary. It uses papaparse's fast
 * technique (cached `indexOf` positions of the next delimiter, LF, CR and quote, then `slice`),
 * counts physical lines exactly, and yields records in batches (one per decoded chunk), so
 * there is no per-record async overhead.
 *
 * Rules, and the decisions the contract leaves open:
 * - `\n`, `\r\n` and a lone `\r` all end a record and may be mixed in one file. Inside a
 *   quoted field they are kept as they are, and each counts as one physical line (`\r\n` as
 *   one).
 * - A completely empty line is skipped. It is not a row, but it does count as a line.
 * - A quote inside an unquoted field is an ordinary character (`ab"c`, and ` "x"` with a
 *   leading space).
 * - Text after a closing quote (`"ab"c`) keeps the record. The field reads as Python's csv
 *   module and Excel read it (`abc`), and the record carries `malformed_csv`. Spaces or tabs
 *   alone after a closing quote are tolerated, since values are trimmed anyway.
 * - A quoted field that never closes runs to the end of the file. So the record it starts is
 *   never emitted: one `malformed_csv` problem event comes at that row (row 0 in the header),
 *   and nothing after it is read.
 * - A record whose field count differs from the header's is still emitted, with
 *   `problem.code === "field_count"`. A record with `problem` set is an error row. Count it in
 *   `rows` and not in `validRows`, report its problem, and run no column rules on it (its fields
 *   don't line up with the header). Its fields remain available for the error-report CSV. The
 *   same applies to `malformed_csv` and `invalid_encoding` records, with one problem per record
 *   in this order of precedence: invalid_encoding, malformed_csv, field_count.
 * - Undecodable bytes after the encoding was decided (see decode.ts) flag the row that holds
 *   them with `invalid_encoding`, and reading goes on. Binary content at the start is one
 *   file-level `invalid_encoding` (row 0, line null), and nothing is read.
 * - A field longer than `maxFieldChars` (16 Mi by default) is cut there and its record gets
 *   `malformed_csv`, so a stray quote in a huge file cannot exhaust memory.
 */
import { type BadBytesMark, type DecodeFinding, type DecoderResume, StreamDecoder } from "./decode.ts";

export type ReadProblemCode = "empty_file" | "malformed_csv" | "field_count" | "invalid_encoding" | "encoding_converted";

export interface ReadProblem {
  code: ReadProblemCode;
  severity: "error" | "warning";
  /** 1-based data record; 0 for file-level and header problems. */
  row: number;
  /** Physical 1-based line where the record starts; 1 for the header; null for whole-file problems. */
  line: number | null;
  column: null;
  value: string | null;
  message: string;
}

export interface CsvRecord {
  /** 1-based data record: the first record after the header is row 1. Blank lines are not rows. */
  row: number;
  /** Physical 1-based line where the record starts (records with quoted line breaks span lines). */
  line: number;
  fields: string[];
  /**
   * Set on an error row (field_count, malformed_csv or invalid_encoding). It counts in `rows`
   * but not in `validRows`, and no column rules run on it. Undefined on every other record.
   */
  problem?: ReadProblem;
  /**
   * Where the values lie in the file's bytes, for reading them without their strings
   * (`duplicate_row`'s hash): when `bytes` is set and `starts[at + k] >= 0`, field k is
   * `bytes[starts[at + k]]` onwards, one byte a character (ASCII text, as it was in the file: an
   * unquoted field, or a quoted one without a doubled quote). Set by the reader; null or absent
   * where the text was not ASCII or not decoded straight from the bytes.
   */
  bytes?: Uint8Array | null;
  starts?: Int32Array;
  at?: number;
}

export type CsvEvent =
  | { kind: "header"; fields: string[]; line: 1 }
  | { kind: "records"; records: CsvRecord[] }
  | { kind: "problem"; problem: ReadProblem }
  /** Always the last event: `rows` counts every data record, including error rows and the row an unterminated quote starts. */
  | { kind: "end"; rows: number; bytes: number };

export interface ReadCsvOptions {
  /** One character; default ",". Profiles use tab or pipe. */
  delimiter?: string;
  /** Progress: total bytes read so far, called after each chunk. */
  onBytes?: (bytesRead: number) => void;
  /** A longer field is cut and its record gets malformed_csv. Default 16 Mi characters. */
  maxFieldChars?: number;
  /** Bytes sampled to decide the encoding (decode.ts). */
  sampleBytes?: number;
}

export type ByteSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export const DEFAULT_MAX_FIELD_CHARS = 16 * 1024 * 1024;

/** Reads a CSV byte stream into events; see the file comment for the rules. */
export async function* readCsv(source: ByteSource, options: ReadCsvOptions = {}): AsyncGenerator<CsvEvent> {
  const reader = new CsvReader(options);
  const onBytes = options.onBytes;
  let bytes = 0;
  for await (const chunk of byteChunks(source)) {
    bytes += chunk.byteLength;
    onBytes?.(bytes);
    yield* reader.write(chunk);
    if (reader.stopped) {
      yield { kind: "end", rows: reader.rows, bytes: reader.bytes };
      return; // leaving the loop cancels the source
    }
  }
  yield* reader.end();
}

/** Where a CsvReader starts in the middle of a file: at a RecordScanner cut (record-scanner.ts). */
export type ReaderResume = { header: string[]; rows: number; line: number; decoder: DecoderResume };

/**
 * readCsv's reader, pushed chunk by chunk: `write` each chunk, then `end` once. A reader that
 * resumes at a cut (`resume`) reads a block of a file that another reader started, and numbers
 * its rows and lines as that one would (the parallel validator, lib/engine/parallel).
 */
export class CsvReader {
  private readonly decoder: StreamDecoder;
  private readonly tokenizer: CsvTokenizer;
  /** Bytes written so far. */
  bytes = 0;
  /** The last chunk's bytes after its last line feed, read with the next chunk's head (see `write`). */
  private carry: Uint8Array | null = null;

  constructor(options: Omit<ReadCsvOptions, "onBytes"> & { resume?: ReaderResume } = {}) {
    const delimiter = options.delimiter ?? ",";
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === "\r" || delimiter === "\n") {
      throw new Error(`readCsv: the delimiter must be one character other than a quote or line break, got ${JSON.stringify(delimiter)}`);
    }
    const maxFieldChars = options.maxFieldChars ?? DEFAULT_MAX_FIELD_CHARS;
    const resume = options.resume;
    this.decoder = new StreamDecoder({ ...(options.sampleBytes !== undefined ? { sampleBytes: options.sampleBytes } : {}), ...(resume ? { resume: resume.decoder } : {}) });
    this.tokenizer = resume ? CsvTokenizer.resume(delimiter, maxFieldChars, resume) : new CsvTokenizer(delimiter, maxFieldChars);
  }

  /** Data records so far (the tokenizer's `rows`). */
  get rows(): number {
    return this.tokenizer.rows;
  }

  /** The physical line at the current position. */
  get line(): number {
    return this.tokenizer.currentLine;
  }

  /** True once the content was judged binary: nothing more is read. */
  get stopped(): boolean {
    return this.decoder.stopped;
  }

  /** Between two records, with the decoder able to hand over to a reader of the rest (see `resume`). */
  get handOver(): { rows: number; line: number; decoder: DecoderResume } | null {
    const decoder = this.decoder.resumeState;
    if (decoder === null || this.carry !== null || !this.tokenizer.betweenRecords) return null;
    return { rows: this.tokenizer.rows, line: this.tokenizer.currentLine, decoder };
  }

  /**
   * The events the chunk completes, in order. The bytes after the chunk's last line feed wait for
   * the next chunk, which is read from its first line feed on: the record they start is read in
   * one piece, with the next chunk's head (a copy of at most MAX_CARRY_BYTES). So a record seldom
   * lies across two pieces of text: its values are read from its bytes (CsvRecord's `bytes`),
   * and the tokenizer's paths for a record that goes on in the next piece, which V8 had not seen
   * when it optimized the reader and the rules, no longer deoptimize them a few chunks in.
   */
  *write(chunk: Uint8Array): Generator<CsvEvent> {
    this.bytes += chunk.byteLength;
    let from = 0;
    const carry = this.carry;
    if (carry !== null) {
      this.carry = null;
      const lf = chunk.indexOf(LF_BYTE);
      if (lf === -1) yield* this.writeSlices(carry);
      else {
        // Eight bytes to spare after the record: a short last value is hashed as two words (duplicate-row.ts).
        const joined = new Uint8Array(carry.byteLength + lf + 1 + 8).subarray(0, carry.byteLength + lf + 1);
        joined.set(carry);
        joined.set(chunk.subarray(0, lf + 1), carry.byteLength);
        yield* this.writeSlices(joined);
        from = lf + 1;
      }
    }
    let end = chunk.byteLength;
    const last = chunk.lastIndexOf(LF_BYTE);
    const tail = end - (last >= from ? last + 1 : from);
    if (tail > 0 && tail <= MAX_CARRY_BYTES) {
      end -= tail;
      // A copy: the caller may read into the chunk's buffer again.
      this.carry = new Uint8Array(chunk.subarray(end));
    }
    if (end > from) yield* this.writeSlices(from === 0 && end === chunk.byteLength ? chunk : chunk.subarray(from, end));
  }

  /**
   * A big piece is decoded a slice at a time, each just before it is read: decoded at once, a
   * 1 MiB chunk's text (16 strings of 64 KiB) was alive through the rows of most of it, and the
   * garbage collector copied what was left of it at every scavenge.
   */
  private *writeSlices(chunk: Uint8Array): Generator<CsvEvent> {
    for (let at = 0; at < chunk.length; ) {
      let end = chunk.length;
      if (end - at > WRITE_SLICE_BYTES) {
        // At a line break where there is one, so that a record's values lie in one slice's bytes.
        const lf = chunk.lastIndexOf(10, at + WRITE_SLICE_BYTES - 1);
        end = lf >= at ? lf + 1 : at + WRITE_SLICE_BYTES;
      }
      yield* feedDecoded(this.tokenizer, this.decoder, this.decoder.writeParts(at === 0 && end === chunk.length ? chunk : chunk.subarray(at, end)));
      yield* this.drain();
      at = end;
    }
  }

  /** The last events, ending with `end`. */
  *end(): Generator<CsvEvent> {
    const carry = this.carry;
    this.carry = null;
    if (carry !== null && !this.decoder.stopped) yield* this.writeSlices(carry);
    if (!this.decoder.stopped) {
      yield* feedDecoded(this.tokenizer, this.decoder, this.decoder.endParts());
      if (!this.decoder.stopped) this.tokenizer.finish();
    }
    yield* this.drain();
    yield { kind: "end", rows: this.tokenizer.rows, bytes: this.bytes };
  }

  private *drain(): Generator<CsvEvent> {
    const events = this.tokenizer.drain();
    for (let i = 0; i < events.length; i++) yield events[i]!;
  }
}

/** Bytes CsvReader decodes at a time (see `write`). */
const WRITE_SLICE_BYTES = 64 * 1024;

/** At most this much of a chunk's end waits for the next chunk (see CsvReader's `write`). */
const MAX_CARRY_BYTES = 64 * 1024;

const LF_BYTE = 10;

/**
 * Text fed between two batches of records, about 230 rows of the benchmark file. A consumer
 * handles a batch while its records are young: when a scavenge comes, little is alive to copy.
 * With a batch per 1 MiB chunk (~3,600 records, their fields and one-byte parts of text, all
 * alive at once) the garbage collector cost more than the rules.
 */
const BATCH_CHARS = 64 * 1024;

/** Feeds decoded text to the tokenizer, yielding the events completed every BATCH_CHARS or so. */
function* feedDecoded(tokenizer: CsvTokenizer, decoder: StreamDecoder, parts: readonly string[]): Generator<CsvEvent> {
  const findings = decoder.takeFindings();
  const marks = decoder.marks;
  if (findings.length > 0 || marks.length > 0) {
    // Rare (a file's encoding decided, bytes that cannot be decoded): each in its place in the text,
    // so records before it come before it however the file is chunked.
    const text = parts.join(""); // offsets are into the whole text
    let from = 0;
    const spots = [...findings.map((finding) => ({ offset: finding.offset, finding, mark: null })), ...marks.map((mark) => ({ offset: mark.offset, finding: null, mark }))];
    for (const { offset, finding, mark } of spots.sort((a, b) => a.offset - b.offset || (a.finding ? -1 : 1))) {
      if (offset > from) tokenizer.feed(text.slice(from, offset));
      from = Math.max(from, offset);
      if (mark) tokenizer.markUndecodable(mark);
      else if (finding) fileFinding(tokenizer, finding);
    }
    tokenizer.feed(text.slice(from));
    return;
  }
  // Part by part, as a one-byte part stays one-byte (decode.ts, emitUtf8); a long part in
  // pieces that end at a line break where there is one. An ASCII part comes with its bytes.
  const partBytes = decoder.partBytes;
  let fed = 0;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    const bytes = partBytes[p] ?? null;
    for (let at = 0; at < part.length; ) {
      let end = part.length;
      if (end - at > BATCH_CHARS) {
        const lf = part.lastIndexOf("\n", at + BATCH_CHARS - 1);
        end = lf >= at ? lf + 1 : at + BATCH_CHARS;
      }
      tokenizer.feed(at === 0 && end === part.length ? part : part.slice(at, end), bytes, at);
      fed += end - at;
      at = end;
      if (fed >= BATCH_CHARS) {
        const events = tokenizer.drain();
        for (let i = 0; i < events.length; i++) yield events[i]!;
        fed = 0;
      }
    }
  }
}

function fileFinding(tokenizer: CsvTokenizer, finding: DecodeFinding): void {
  if (finding.kind === "converted") {
    tokenizer.fileProblem(
      "encoding_converted",
      "warning",
      finding.encoding,
      `The file is not UTF-8: it was read as ${finding.encoding}. Check that accented letters and symbols look right.`,
    );
  } else {
    tokenizer.fileProblem("invalid_encoding", "error", null, finding.message);
  }
}

/** Chunks of a Web ReadableStream or any async iterable; stopping early cancels the source. */
export async function* byteChunks(source: ByteSource): AsyncGenerator<Uint8Array> {
  if ("getReader" in source && typeof source.getReader === "function") {
    const reader = source.getReader();
    let done = false;
    try {
      for (;;) {
        const r = await reader.read();
        if (r.done) {
          done = true;
          return;
        }
        yield r.value;
      }
    } finally {
      if (!done) await reader.cancel().catch(() => undefined);
      reader.releaseLock();
    }
  } else {
    yield* source as AsyncIterable<Uint8Array>;
  }
}

// Tokenizer states.
const START = 0; // at the start of a field (of a record, when `fields` is empty)
const UNQUOTED = 1; // inside an unquoted field that began in an earlier chunk
const QUOTED = 2; // inside a quoted field
const QUOTE_PENDING = 3; // a quote ended the previous chunk inside a quoted field: `""` or the closing quote?
const AFTER_CLOSE = 4; // after a closing quote

/** Field starts per array (CsvTokenizer's `starts`): ~240 records of 17 fields. */
const STARTS_CHUNK = 4096;

const LF = 10;
const CR = 13;
const QUOTE = 34;
const BLANK = /^[ \t]*$/;

/** The push tokenizer behind readCsv. Exported for tests and for callers that already have text. */
export class CsvTokenizer {
  /** Data records seen so far, including error rows and an unterminated final one. */
  rows = 0;
  /** The physical line at the current position (1-based). */
  private line = 1;
  private header: string[] | null = null;
  private headerLength = 0;
  private state = START;
  private fields: string[] = [];
  private partial = "";
  private recordLine = 1;
  private skipLF = false; // a CR ended a record at the end of the previous chunk
  private prevCR = false; // the previous chunk's last character was CR
  private finished = false;
  // Flags of the record being read.
  private junkField = -1; // index of the first field with text after its closing quote
  private tooLong = false;
  private badBytes: { bytes: string | null; line: number; encoding: string | null } | null = null;

  private events: CsvEvent[] = [];
  private batch: CsvRecord[] = [];
  // Where each field's value lies in the bytes fed with the text (CsvRecord's bytes, starts, at).
  // A record's starts are consecutive in `starts`; a full array is replaced, not reused, since
  // the records read so far keep it.
  private recordBytes: Uint8Array | null = null;
  private starts = new Int32Array(STARTS_CHUNK);
  private startsLength = 0;
  private recordAt = 0;
  private partialStart = -1; // of a field still open at the end of a feed, or quoted

  constructor(
    private readonly delimiter: string = ",",
    private readonly maxFieldChars: number = DEFAULT_MAX_FIELD_CHARS,
  ) {}

  /**
   * A tokenizer that starts between two records of a file whose header was already read: at a
   * RecordScanner cut, with `rows` data records before it and the next record on `line`. Its
   * records and problems are numbered as the whole file's tokenizer would number them.
   */
  static resume(
    delimiter: string,
    maxFieldChars: number,
    at: { header: string[]; rows: number; line: number },
  ): CsvTokenizer {
    const tokenizer = new CsvTokenizer(delimiter, maxFieldChars);
    tokenizer.header = at.header;
    tokenizer.headerLength = at.header.length;
    tokenizer.rows = at.rows;
    tokenizer.line = at.line;
    tokenizer.recordLine = at.line;
    return tokenizer;
  }

  /** The physical line at the current position (1-based). */
  get currentLine(): number {
    return this.line;
  }

  /** True between records: nothing of a record is held (as at a RecordScanner cut). */
  get betweenRecords(): boolean {
    return this.state === START && this.fields.length === 0 && !this.skipLF && this.badBytes === null;
  }

  /** Events completed so far, in order; the current batch of records is closed. */
  drain(): CsvEvent[] {
    this.flushBatch();
    const e = this.events;
    this.events = [];
    return e;
  }

  fileProblem(code: ReadProblemCode, severity: "error" | "warning", value: string | null, message: string): void {
    this.problem({ code, severity, row: 0, line: null, column: null, value, message });
  }

  /** Undecodable bytes at the current position: they belong to the record being read or about to start. */
  markUndecodable(mark: BadBytesMark): void {
    if (this.badBytes === null) this.badBytes = { bytes: mark.bytes, line: this.line, encoding: mark.encoding };
  }

  // One state machine over the chunk's characters in one loop: its states share locals (the
  // position, the field's start, the quote state) that split functions would pass on every
  // character, in the reader's hottest loop.
  // eslint-disable-next-line max-lines-per-function -- the hot loop, see above
  feed(s: string, bytes: Uint8Array | null = null, base = 0): void {
    const n = s.length;
    if (n === 0 || this.finished) return;
    // A record that goes on in other bytes (or none) has no place in them.
    if ((this.fields.length > 0 || this.state !== START) && this.recordBytes !== bytes) this.recordBytes = null;
    const d = this.delimiter;
    const dc = d.charCodeAt(0);
    const max = this.maxFieldChars;
    let fields = this.fields;
    let state = this.state;
    let i = 0;
    // Cached positions of the next delimiter, LF, CR and quote (-1 = none left in this chunk).
    // Each is only ever searched forward, so a chunk costs one pass per character class. They
    // start from a real search, not a "not searched yet" marker: with a marker, V8's optimized
    // code for this loop (Node 20) was measured re-running a search that finds nothing (e.g.
    // for CR in an LF file) on every record, which made 1 MB chunks 50× slower.
    let nD = s.indexOf(d);
    let nL = s.indexOf("\n");
    let nC = s.indexOf("\r");
    let nQ = s.indexOf('"');

    if (this.skipLF) {
      this.skipLF = false;
      if (s.charCodeAt(0) === LF) i = 1;
    }

    while (i < n) {
      if (state === START) {
        const c = s.charCodeAt(i);
        if (fields.length === 0) {
          // Record start: skip completely empty lines.
          if (c === LF) {
            this.line++;
            i++;
            continue;
          }
          if (c === CR) {
            this.line++;
            i++;
            if (i === n) this.skipLF = true;
            else if (s.charCodeAt(i) === LF) i++;
            continue;
          }
          this.recordLine = this.line;
          this.recordBytes = bytes;
          this.recordAt = this.startsLength;
        }
        if (c === QUOTE) {
          state = QUOTED;
          this.partial = "";
          i++;
          this.partialStart = base + i;
          continue;
        }
      }

      if (state === START || state === UNQUOTED) {
        if (nD !== -1 && nD < i) nD = s.indexOf(d, i);
        if (nL !== -1 && nL < i) nL = s.indexOf("\n", i);
        if (nC !== -1 && nC < i) nC = s.indexOf("\r", i);
        const eol = nL === -1 ? nC : nC === -1 || nL < nC ? nL : nC;
        if (nD !== -1 && (eol === -1 || nD < eol)) {
          this.pushStart(state === START ? base + i : this.partialStart);
          fields[fields.length] = state === START ? (nD - i <= max ? s.slice(i, nD) : this.cut(s.slice(i, nD))) : this.takePartial(s.slice(i, nD));
          state = START;
          i = nD + 1;
          continue;
        }
        if (eol !== -1) {
          this.pushStart(state === START ? base + i : this.partialStart);
          fields[fields.length] = state === START ? (eol - i <= max ? s.slice(i, eol) : this.cut(s.slice(i, eol))) : this.takePartial(s.slice(i, eol));
          state = START;
          this.endRecord(fields);
          fields = this.fields;
          this.line++;
          i = eol + 1;
          if (s.charCodeAt(eol) === CR) {
            if (i === n) this.skipLF = true;
            else if (s.charCodeAt(i) === LF) i++;
          }
          continue;
        }
        if (state === START) {
          this.partial = "";
          this.partialStart = base + i;
        }
        this.append(s.slice(i), max);
        state = UNQUOTED;
        break;
      }

      if (state === QUOTED) {
        if (nQ !== -1 && nQ < i) nQ = s.indexOf('"', i);
        const stop = nQ === -1 ? n : nQ;
        // Count the physical lines inside the quoted text: each CR, and each LF not after a CR.
        if (nL !== -1 && nL < i) nL = s.indexOf("\n", i);
        while (nL !== -1 && nL < stop) {
          if (nL === 0 ? !this.prevCR : s.charCodeAt(nL - 1) !== CR) this.line++;
          nL = s.indexOf("\n", nL + 1);
        }
        if (nC !== -1 && nC < i) nC = s.indexOf("\r", i);
        while (nC !== -1 && nC < stop) {
          this.line++;
          nC = s.indexOf("\r", nC + 1);
        }
        if (nQ === -1) {
          this.append(s.slice(i), max);
          break;
        }
        if (nQ + 1 === n) {
          this.append(s.slice(i, nQ), max);
          state = QUOTE_PENDING;
          break;
        }
        if (s.charCodeAt(nQ + 1) === QUOTE) {
          this.append(s.slice(i, nQ + 1), max); // `""` is one quote
          this.partialStart = -1; // the value is not the bytes as they are
          i = nQ + 2;
          continue;
        }
        this.append(s.slice(i, nQ), max);
        i = nQ + 1;
        state = AFTER_CLOSE;
        continue;
      }

      if (state === QUOTE_PENDING) {
        if (s.charCodeAt(i) === QUOTE) {
          this.append('"', max);
          this.partialStart = -1;
          i++;
          state = QUOTED;
        } else {
          state = AFTER_CLOSE;
        }
        continue;
      }

      // AFTER_CLOSE
      const c = s.charCodeAt(i);
      if (c === dc) {
        this.pushStart(this.partialStart);
        fields.push(this.takePartial(""));
        state = START;
        i++;
        continue;
      }
      if (c === LF || c === CR) {
        this.pushStart(this.partialStart);
        fields.push(this.takePartial(""));
        state = START;
        this.endRecord(fields);
        fields = this.fields;
        this.line++;
        i++;
        if (c === CR) {
          if (i === n) this.skipLF = true;
          else if (s.charCodeAt(i) === LF) i++;
        }
        continue;
      }
      // Text after the closing quote, up to the next delimiter or line end, is kept verbatim.
      if (nD !== -1 && nD < i) nD = s.indexOf(d, i);
      if (nL !== -1 && nL < i) nL = s.indexOf("\n", i);
      if (nC !== -1 && nC < i) nC = s.indexOf("\r", i);
      let end = nL === -1 ? nC : nC === -1 || nL < nC ? nL : nC;
      if (nD !== -1 && (end === -1 || nD < end)) end = nD;
      if (end === -1) end = n;
      const junk = s.slice(i, end);
      this.append(junk, max);
      this.partialStart = -1;
      if (this.junkField === -1 && !BLANK.test(junk)) this.junkField = fields.length;
      i = end;
    }

    this.fields = fields;
    this.state = state;
    this.prevCR = s.charCodeAt(n - 1) === CR;
  }

  /** End of input: close the last record, or report an unterminated quote or an empty file. */
  finish(): void {
    if (this.finished) return;
    const fields = this.fields;
    let unterminated = false;
    switch (this.state) {
      case START:
        if (fields.length > 0) {
          this.pushStart(-1);
          fields.push(""); // a trailing delimiter ends the record with an empty field
          this.endRecord(fields);
        }
        break;
      case UNQUOTED:
      case QUOTE_PENDING: // the quote that ended the file closes the field
      case AFTER_CLOSE:
        this.pushStart(this.partialStart);
        fields.push(this.takePartial(""));
        this.endRecord(fields);
        break;
      case QUOTED: {
        unterminated = true;
        const row = this.header === null ? 0 : ++this.rows;
        const start = this.partial.slice(0, 60);
        this.problem({
          code: "malformed_csv",
          severity: "error",
          row,
          line: this.recordLine,
          column: null,
          value: this.partial.length > 60 ? `${start}…` : start,
          message:
            `A quoted field that starts on line ${this.recordLine} never closes: its opening quote has no closing quote, ` +
            `so nothing after it could be read. Look for a stray " in this ${row === 0 ? "header" : "row"}.`,
        });
        break;
      }
    }
    this.fields = [];
    this.partial = "";
    this.state = START;
    this.finished = true;
    if (this.header === null && !unterminated) {
      this.fileProblem("empty_file", "error", null, "The file is empty: it has no header line.");
    }
  }

  /** The next field's start in the record's bytes (-1: not there as it is). */
  private pushStart(start: number): void {
    if (this.startsLength === this.starts.length) {
      // Full: the record being read moves to a new array; the records before it keep this one.
      const live = this.starts.subarray(this.recordAt, this.startsLength);
      this.starts = new Int32Array(Math.max(STARTS_CHUNK, 2 * live.length));
      this.starts.set(live);
      this.startsLength = live.length;
      this.recordAt = 0;
    }
    this.starts[this.startsLength++] = start;
  }

  private append(text: string, max: number): void {
    const room = max - this.partial.length;
    if (text.length <= room) {
      this.partial += text;
    } else {
      if (room > 0) this.partial += text.slice(0, room);
      this.tooLong = true;
    }
  }

  private takePartial(rest: string): string {
    this.append(rest, this.maxFieldChars);
    const v = this.partial;
    this.partial = "";
    return v;
  }

  private cut(value: string): string {
    this.tooLong = true;
    return value.slice(0, this.maxFieldChars);
  }

  private endRecord(fields: string[]): void {
    this.fields = [];
    const line = this.recordLine;
    if (this.header === null) {
      this.header = fields;
      this.headerLength = fields.length;
      this.flushBatch();
      this.events.push({ kind: "header", fields, line: 1 });
      const problem = this.flagProblem(0, 1, fields);
      if (problem !== undefined) this.events.push({ kind: "problem", problem });
      return;
    }
    const row = ++this.rows;
    let problem: ReadProblem | undefined;
    if (this.junkField !== -1 || this.tooLong || this.badBytes !== null) {
      problem = this.flagProblem(row, line, fields);
    } else if (fields.length !== this.headerLength) {
      problem = fieldCountProblem(row, line, fields.length, this.headerLength);
    }
    // By index, not push: the first record into a new (empty) batch changes the array's kind, which
    // V8's optimized push had not allowed for: it deoptimized the reader's loop (feed) once a run.
    const batch = this.batch;
    batch[batch.length] = { row, line, fields, problem, bytes: this.recordBytes, starts: this.starts, at: this.recordAt };
  }

  /** The problem of the record just read from its flags (and clears them), or undefined. */
  private flagProblem(row: number, line: number, fields: string[]): ReadProblem | undefined {
    const what = row === 0 ? "The header" : `Row ${row}`;
    const recordProblem = (code: ReadProblemCode, value: string | null, message: string): ReadProblem => ({ code, severity: "error", row, line, column: null, value, message });
    let problem: ReadProblem | undefined;
    if (this.badBytes !== null) {
      const b = this.badBytes;
      const where = b.line === line ? `line ${line}` : `line ${b.line} (the record starts on line ${line})`;
      const enc = b.encoding === null ? "" : ` as ${b.encoding}`;
      problem = recordProblem(
        "invalid_encoding",
        b.bytes,
        `${what} has bytes on ${where} that cannot be decoded${enc}; they were replaced with "\uFFFD". Save the file as CSV (UTF-8) and upload it again.`,
      );
    } else if (this.junkField !== -1) {
      const column = row === 0 ? undefined : this.header?.[this.junkField];
      problem = recordProblem(
        "malformed_csv",
        fields[this.junkField] ?? null,
        `${what} has text after the closing quote of a quoted field${column === undefined ? "" : ` (column "${column}")`}. ` +
          `A quote inside a quoted field must be doubled ("").`,
      );
    } else if (this.tooLong) {
      problem = recordProblem(
        "malformed_csv",
        null,
        `${what} has a field longer than ${this.maxFieldChars.toLocaleString("en-US")} characters; it was cut. A stray quote often causes this.`,
      );
    }
    this.junkField = -1;
    this.tooLong = false;
    this.badBytes = null;
    return problem;
  }

  private problem(problem: ReadProblem): void {
    this.flushBatch();
    this.events.push({ kind: "problem", problem });
  }

  private flushBatch(): void {
    if (this.batch.length > 0) {
      this.events.push({ kind: "records", records: this.batch });
      this.batch = [];
    }
  }
}

/** The field_count problem of a record (also used when a re-uploaded error report is stripped). */
export function fieldCountProblem(row: number, line: number, fields: number, headerFields: number): ReadProblem {
  return {
    code: "field_count",
    severity: "error",
    row,
    line,
    column: null,
    value: `${fields} ${fields === 1 ? "field" : "fields"}, header has ${headerFields}`,
    message:
      `Row ${row} has ${fields} ${fields === 1 ? "field" : "fields"} but the header has ${headerFields}. ` +
      (fields > headerFields
        ? "A value probably contains an unquoted delimiter: put quotes around it."
        : "Some values are missing, or a line break split the row."),
  };
}
