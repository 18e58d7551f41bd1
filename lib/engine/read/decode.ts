/**
 * Bytes → text for uploaded CSV files (contract §2 "Encodings"). Streaming, and browser-safe
 * (Web APIs only, plus chardet and iconv-lite), so the same code runs in the CLI and a Web Worker.
 *
 * Why it is built this way:
 * - The file is never held whole. The encoding is decided on a sample: the first 64 KB. When
 *   those are plain ASCII, which decodes the same in every encoding we accept, the decision
 *   waits for the 64 KB starting at the first non-ASCII byte. An Excel Windows-1252 export whose
 *   first "é" is on line 5,000 is then still recognised and converted instead of failing
 *   half-way through.
 * - Invalid UTF-8 is judged over the whole stream. Once the decoder has committed to an
 *   encoding, bytes that turn out undecodable are not fatal. Examples: a later chunk of a UTF-8
 *   file that is not UTF-8, a NUL byte, a byte Windows-1252 leaves undefined. Each run of such
 *   bytes becomes one U+FFFD and a `mark` (an offset into the returned text). The CSV reader
 *   then flags exactly the row that holds them (`invalid_encoding` on that row) and goes on
 *   validating the rest, so one bad row deep in a large file does not hide every later problem.
 * - Only content that is binary from the start stops decoding, as a file-level
 *   `invalid_encoding`. That means a zip/xlsx or OLE2/xls signature, or NUL bytes in the first
 *   sample.
 * - A sample whose valid multi-byte UTF-8 sequences are at least as many as its runs of invalid
 *   bytes still counts as UTF-8 (a UTF-8 file with a few broken bytes). A legacy 8-bit text almost
 *   never forms valid multi-byte UTF-8 sequences.
 * - UTF-8 is decoded with the platform's fatal TextDecoder, one chunk at a time and not in
 *   stream mode, which is about 5× slower in Node 20. The 1–3 bytes of a character split
 *   across chunks are carried over by hand.
 * - The text of a call comes as parts (`writeParts`): long runs of ASCII lines are decoded apart
 *   so that they stay one-byte strings (see emitUtf8). `write` joins them.
 */
import chardet from "chardet";
import iconv from "iconv-lite";

/** Bytes sampled before the encoding is decided. */
export const SAMPLE_BYTES = 64 * 1024;

export const EXCEL_HINT = "This looks like an Excel workbook: save it as CSV (UTF-8) and upload that.";

/**
 * Something the decoder learned about the file as a whole, and where: `offset` in the text
 * returned by the same call. The text before it was decided without it (ASCII, before the first
 * other byte), so a reader placing it there places it the same however the bytes are chunked.
 */
export type DecodeFinding =
  /** Non-UTF-8 text is being transcoded from `encoding` (e.g. "windows-1252"). */
  | { kind: "converted"; encoding: string; offset: number }
  /** The content is binary: decoding has stopped and no text follows. */
  | { kind: "binary"; message: string; offset: number };

/** Undecodable bytes, replaced by one U+FFFD at `offset` in the text returned by the same call. */
export interface BadBytesMark {
  offset: number;
  /** The bytes in hex ("0xE9 0x20"), when known. */
  bytes: string | null;
  /**
   * The encoding they could not be decoded in, as decided when they were met (null while the
   * file was ASCII so far): the same however the file is chunked.
   */
  encoding: string | null;
}

export type DecoderPhase =
  | "sniff-start" // buffering the first sample
  | "ascii" // all ASCII so far: the encoding is still open
  | "sniff" // buffering the sample that starts at the first non-ASCII byte
  | "utf-8"
  | "utf-16le"
  | "utf-16be"
  | "legacy" // transcoding with iconv-lite
  | "binary"; // stopped

const NUL = 0;
const LF = 10;
const REPLACEMENT = "\uFFFD";
/**
 * The shortest run of ASCII lines decoded as a part of its own (see emitUtf8). 512, not 4096
 * since the reader hands an ASCII part's bytes on (partBytes, for duplicate_row's hash): on the
 * bench file 96 % of rows then lie in one instead of 88 %, 3.63-3.81 s against 3.78-4.00 s (five
 * alternating pairs).
 */
const MIN_ASCII_PART = 512;
/**
 * The most bytes decoded into one string. V8 puts a string of 128 KiB or more in its large-object
 * space, and making one costs ~25× more a byte (Node 20, 1 MiB chunks of ASCII: 3.3 ms a MiB
 * against 0.15 in 64 KiB pieces; a fifth of the CLI's time on a plain file, much of it page
 * faults). UTF-8 decodes the same in pieces cut between characters.
 */
const MAX_PIECE_BYTES = 64 * 1024;
/**
 * The same for transcoded text (UTF-16, legacy encodings), whose bytes can each become a two-byte
 * character (Windows-1252's ’): iconv-lite on Windows-1252 took 12.8 ms a MiB in 64 KiB pieces,
 * 3.3 in 1 MiB chunks and 2.5 in 32 KiB pieces.
 */
const TRANSCODED_PIECE_BYTES = 32 * 1024;

/**
 * A push decoder: `write` each chunk and `end` once. Each call returns the text it can produce
 * now (possibly ""). `marks` describes that text's undecodable spots, and `takeFindings()`
 * drains the file-level findings.
 */
export class StreamDecoder {
  private phase: DecoderPhase = "sniff-start";
  private readonly sampleBytes: number;
  private pending: Uint8Array[] = [];
  private pendingLength = 0;
  private carry: Uint8Array | null = null;
  private readonly utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  private textDecoder: TextDecoder | null = null; // UTF-16
  private legacyDecoder: { write(bytes: Uint8Array): string; end(): string | undefined } | null = null;
  private findings: DecodeFinding[] = [];
  private out: string[] = []; // the text of the current call, in parts (see emitUtf8)
  private outBytes: (Uint8Array | null)[] = []; // each part's bytes when they are its text (see partBytes)
  private outLength = 0;
  private outMarks: BadBytesMark[] = [];
  private emittedBefore = 0; // text length returned by earlier calls
  private lastMarkEnd = -1; // position in the whole text just after the latest U+FFFD mark
  private detected: string | null = null;

  constructor(options: { sampleBytes?: number; resume?: DecoderResume } = {}) {
    this.sampleBytes = options.sampleBytes ?? SAMPLE_BYTES;
    const resume = options.resume;
    if (resume) this.startAs(resume);
  }

  /**
   * How a decoder for a later part of this file, cut after a line break, must start to decode
   * it exactly as this one would go on (see `DecoderResume`); null when no such part can be cut
   * by bytes: while sampling, in UTF-16, in a multi-byte legacy encoding, or stopped.
   */
  get resumeState(): DecoderResume | null {
    switch (this.phase) {
      case "ascii":
        return { phase: "ascii" };
      case "utf-8":
        return { phase: "utf-8" };
      case "legacy":
        return this.legacy && cuttableEncoding(this.legacy.decodeAs) ? { phase: "legacy", ...this.legacy } : null;
      default:
        return null;
    }
  }

  private legacy: { name: string; decodeAs: string } | null = null;

  private startAs(resume: DecoderResume): void {
    this.phase = resume.phase;
    if (resume.phase === "utf-8") this.detected = "utf-8";
    if (resume.phase === "legacy") this.useLegacy(resume);
  }

  private useLegacy(encoding: { name: string; decodeAs: string }): void {
    this.phase = "legacy";
    this.detected = encoding.name;
    this.legacy = { name: encoding.name, decodeAs: encoding.decodeAs };
    this.legacyDecoder = iconv.getDecoder(encoding.decodeAs, { stripBOM: false });
  }

  /** Marks for the text returned by the latest `write`/`end`. */
  get marks(): readonly BadBytesMark[] {
    return this.outMarks;
  }

  /** True once the content was judged binary; later writes return "". */
  get stopped(): boolean {
    return this.phase === "binary";
  }

  /** The encoding in use ("utf-8", "windows-1252", …), or null while the file is still ASCII-only or being sampled. */
  get encoding(): string | null {
    return this.detected;
  }

  get currentPhase(): DecoderPhase {
    return this.phase;
  }

  takeFindings(): DecodeFinding[] {
    const f = this.findings;
    this.findings = [];
    return f;
  }

  write(chunk: Uint8Array): string {
    return this.writeParts(chunk).join("");
  }

  end(): string {
    return this.endParts().join("");
  }

  /**
   * `write`'s text as parts whose concatenation it is. Kept apart, the ASCII parts stay one-byte
   * strings, which the CSV reader scans and slices faster than one two-byte string (emitUtf8).
   */
  /**
   * For each part of the latest `writeParts`/`endParts`, the bytes it was decoded from when they
   * are its text one for one (ASCII: byte i is character i), else null. The bytes are views of
   * the chunks written, which the caller must not overwrite (as for `pending`, below).
   */
  get partBytes(): readonly (Uint8Array | null)[] {
    return this.outBytes;
  }

  writeParts(chunk: Uint8Array): readonly string[] {
    this.begin();
    if (chunk.length > 0) this.process(chunk, false);
    return this.done();
  }

  endParts(): readonly string[] {
    this.begin();
    this.process(new Uint8Array(0), true);
    return this.done();
  }

  private begin(): void {
    this.out = [];
    this.outBytes = [];
    this.outLength = 0;
    this.outMarks = [];
  }

  private done(): string[] {
    this.emittedBefore += this.outLength;
    return this.out;
  }

  private emit(text: string, bytes: Uint8Array | null = null): void {
    if (text.length === 0) return;
    this.out.push(text);
    // As a plain Uint8Array (a Node Buffer is a subclass, with another map): the rules' fast paths
    // read a record's bytes and a scratch copy's, and see one kind of array (lib/engine/cell-bytes.ts).
    this.outBytes.push(bytes === null || Object.getPrototypeOf(bytes) === Uint8Array.prototype ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    this.outLength += text.length;
  }

  private process(chunk: Uint8Array, eof: boolean): void {
    switch (this.phase) {
      case "sniff-start":
      case "sniff": {
        // The sample is exactly the next `sampleBytes` bytes, however the input is chunked (at
        // the start, at least 8: the longest signature).
        const size = this.phase === "sniff-start" ? Math.max(this.sampleBytes, 8) : this.sampleBytes;
        const room = size - this.pendingLength;
        const rest = chunk.length > room ? chunk.subarray(room) : null;
        const part = rest === null ? chunk : chunk.subarray(0, room);
        if (part.length > 0) {
          this.pending.push(part);
          this.pendingLength += part.length;
        }
        if (this.pendingLength >= size || eof) {
          const sample = concatBytes(this.pending, this.pendingLength);
          const sampleEof = eof && rest === null;
          this.pending = [];
          this.pendingLength = 0;
          if (this.phase === "sniff-start") this.decideAtStart(sample, sampleEof);
          else this.decideText(sample, sampleEof);
          if (rest !== null) this.process(rest, eof);
        }
        return;
      }
      case "ascii":
        this.writeAscii(chunk, eof);
        return;
      case "utf-8":
        this.writeUtf8(chunk, eof);
        return;
      case "utf-16le":
      case "utf-16be":
        this.writeUtf16(chunk, eof);
        return;
      case "legacy":
        this.writeLegacy(chunk, eof);
        return;
      case "binary":
        return;
    }
  }

  /** The first sample: signatures, BOMs, NUL bytes, then the text test. */
  private decideAtStart(sample: Uint8Array, eof: boolean): void {
    const binary = binaryReason(sample);
    if (binary !== null) {
      this.phase = "binary";
      this.findings.push({ kind: "binary", message: binary, offset: this.outLength });
      return;
    }
    if (startsWith(sample, [0xef, 0xbb, 0xbf])) {
      this.phase = "utf-8";
      this.detected = "utf-8";
      this.writeUtf8(sample.subarray(3), eof);
      return;
    }
    if (startsWith(sample, [0xff, 0xfe]) || startsWith(sample, [0xfe, 0xff])) {
      const le = sample[0] === 0xff;
      this.phase = le ? "utf-16le" : "utf-16be";
      this.detected = this.phase;
      // Not fatal: a lone surrogate becomes U+FFFD and is marked, like any undecodable byte.
      this.textDecoder = new TextDecoder(this.phase, { ignoreBOM: true });
      this.writeUtf16(sample.subarray(2), eof);
      return;
    }
    this.decideText(sample, eof);
  }

  private decideText(sample: Uint8Array, eof: boolean): void {
    const decision = textEncodingOf(sample, eof);
    if (decision.phase === "ascii") {
      this.phase = "ascii";
      this.writeAscii(sample, eof);
      return;
    }
    if (decision.phase === "utf-8") {
      this.phase = "utf-8";
      this.detected = "utf-8";
      this.writeUtf8(sample, eof);
      return;
    }
    this.useLegacy(decision);
    this.findings.push({ kind: "converted", encoding: decision.name, offset: this.outLength });
    this.writeLegacy(sample, eof);
  }

  /** ASCII so far: pass pure-ASCII chunks through; at the first other byte, start sampling there. */
  private writeAscii(chunk: Uint8Array, eof: boolean): void {
    if (chunk.length === 0) return;
    if (chunk.indexOf(NUL) === -1) {
      try {
        const pieces: string[] = [];
        const piecesBytes: (Uint8Array | null)[] = [];
        // For valid UTF-8, one UTF-16 unit per byte means every byte was ASCII.
        if (this.decodePieces(chunk, pieces, piecesBytes) === chunk.length) {
          for (let i = 0; i < pieces.length; i++) this.emit(pieces[i]!, piecesBytes[i]!);
          return;
        }
      } catch {
        // Not valid UTF-8: find where the ASCII ends below.
      }
    }
    let from = 0;
    for (let p = 0; p < chunk.length; p++) {
      const b = chunk[p]!;
      if (b === NUL) {
        // A NUL after the first sample: mark it on its row and go on.
        if (p > from) this.emitPieces(chunk.subarray(from, p));
        this.mark("0x00");
        from = p + 1;
      } else if (b >= 0x80) {
        if (p > from) this.emitPieces(chunk.subarray(from, p));
        this.phase = "sniff";
        this.process(chunk.subarray(p), eof);
        return;
      }
    }
    if (chunk.length > from) this.emitPieces(chunk.subarray(from));
  }

  private writeUtf8(chunk: Uint8Array, eof: boolean): void {
    let bytes = chunk;
    if (this.carry !== null) {
      bytes = concatBytes([this.carry, chunk], this.carry.length + chunk.length);
      this.carry = null;
    }
    let end = bytes.length;
    if (!eof) {
      const tail = incompleteUtf8Tail(bytes);
      if (tail > 0) {
        this.carry = bytes.slice(end - tail);
        end -= tail;
      }
    }
    if (end === 0) return;
    const body = end === bytes.length ? bytes : bytes.subarray(0, end);
    // Some bytes are not UTF-8 (or NUL): decode the valid stretches and mark the rest.
    if (body.indexOf(NUL) !== -1 || !this.emitUtf8(body)) this.decodeUtf8WithMarks(body);
  }

  /**
   * Emits valid UTF-8 as parts and returns true, or emits nothing and returns false when some
   * bytes are not UTF-8. Runs of whole lines that are all ASCII (at least MIN_ASCII_PART bytes)
   * are decoded apart from the lines around a non-ASCII character. V8 stores a string in one
   * byte a character only when every character is Latin-1: one "Ł", "’" or emoji makes the whole
   * decoded chunk two-byte, and a 1 MiB chunk of the benchmark file has dozens of them. In
   * parts, ~96% of its text stays one-byte, and the reader's indexOf and slices, every rule's
   * character reads and the decoding itself get faster (reading alone: 0.29 → 0.18 s per 200k
   * rows). UTF-8 decodes the same in parts cut after line breaks, and it is valid as a whole
   * exactly when every part is.
   */
  private emitUtf8(body: Uint8Array): boolean {
    const n = body.length;
    let high = firstNonAscii(body, 0);
    if (high === n) {
      this.emitPieces(body);
      return true;
    }
    const parts: string[] = [];
    const partsBytes: (Uint8Array | null)[] = [];
    let from = 0; // start of what is not decoded yet
    try {
      while (high < n) {
        // The lines holding non-ASCII bytes, with any ASCII stretch between them too short to
        // be worth a part of its own.
        const start = body.lastIndexOf(LF, high) + 1;
        let end = lineEnd(body, high);
        for (;;) {
          const next = firstNonAscii(body, end);
          high = next;
          if (next === n) {
            if (n - end < MIN_ASCII_PART) end = n;
            break;
          }
          const nextStart = body.lastIndexOf(LF, next) + 1;
          if (nextStart - end >= MIN_ASCII_PART) break;
          end = lineEnd(body, next);
        }
        if (start - from >= MIN_ASCII_PART) {
          this.decodePieces(body.subarray(from, start), parts, partsBytes);
          from = start;
        }
        this.decodePieces(body.subarray(from, end), parts, partsBytes);
        from = end;
      }
      if (from < n) this.decodePieces(body.subarray(from), parts, partsBytes);
    } catch {
      return false;
    }
    for (let i = 0; i < parts.length; i++) this.emit(parts[i]!, partsBytes[i]!);
    return true;
  }

  /** Valid UTF-8 emitted as strings of at most MAX_PIECE_BYTES bytes each. */
  private emitPieces(bytes: Uint8Array): void {
    if (bytes.length <= MAX_PIECE_BYTES) {
      const text = this.utf8.decode(bytes);
      this.emit(text, text.length === bytes.length ? bytes : null);
    } else {
      const pieces: string[] = [];
      const piecesBytes: (Uint8Array | null)[] = [];
      this.decodePieces(bytes, pieces, piecesBytes);
      for (let i = 0; i < pieces.length; i++) this.emit(pieces[i]!, piecesBytes[i]!);
    }
  }

  /**
   * UTF-8 decoded (fatal) into `into` as strings of at most MAX_PIECE_BYTES bytes, each cut just
   * after a line feed where the window has one (a field then rarely spans two), else before a
   * character's first byte, with each piece's bytes in `intoBytes` where they are its text one
   * for one (valid UTF-8 with as many units as bytes is ASCII), else null. Returns the UTF-16
   * length decoded.
   */
  private decodePieces(bytes: Uint8Array, into: string[], intoBytes: (Uint8Array | null)[]): number {
    const n = bytes.length;
    let length = 0;
    let from = 0;
    while (n - from > MAX_PIECE_BYTES) {
      let end = bytes.lastIndexOf(LF, from + MAX_PIECE_BYTES - 1) + 1;
      if (end <= from) {
        end = from + MAX_PIECE_BYTES;
        // Back over at most three continuation bytes: more means invalid UTF-8, which throws anyway.
        for (let k = 0; k < 3 && (bytes[end]! & 0xc0) === 0x80; k++) end--;
      }
      const pieceBytes = bytes.subarray(from, end);
      const piece = this.utf8.decode(pieceBytes);
      into.push(piece);
      intoBytes.push(piece.length === pieceBytes.length ? pieceBytes : null);
      length += piece.length;
      from = end;
    }
    const lastBytes = from === 0 ? bytes : bytes.subarray(from);
    const last = this.utf8.decode(lastBytes);
    into.push(last);
    intoBytes.push(last.length === lastBytes.length ? lastBytes : null);
    return length + last.length;
  }

  private decodeUtf8WithMarks(body: Uint8Array): void {
    let from = 0;
    const n = body.length;
    while (from < n) {
      const bad = firstInvalidUtf8(body, from);
      if (bad > from) this.emitPieces(body.subarray(from, bad));
      if (bad === n) return;
      let next = bad + 1;
      while (next < n && firstInvalidUtf8(body, next, next + 1) === next) next++;
      this.mark(hexBytes(body.subarray(bad, Math.min(next, bad + 4))));
      from = next;
    }
  }

  private writeUtf16(chunk: Uint8Array, eof: boolean): void {
    const decoder = this.textDecoder!;
    for (let at = 0; at < chunk.length; at += TRANSCODED_PIECE_BYTES) {
      this.appendCheckedText(decoder.decode(chunk.subarray(at, at + TRANSCODED_PIECE_BYTES), { stream: true }));
    }
    if (eof) this.appendCheckedText(decoder.decode());
  }

  private writeLegacy(chunk: Uint8Array, eof: boolean): void {
    const decoder = this.legacyDecoder!;
    for (let at = 0; at < chunk.length; at += TRANSCODED_PIECE_BYTES) this.appendCheckedText(decoder.write(chunk.subarray(at, at + TRANSCODED_PIECE_BYTES)));
    if (eof) this.appendCheckedText(decoder.end() ?? "");
  }

  /** Transcoded text: iconv-lite and the UTF-16 decoder write U+FFFD for bytes they cannot map; NUL is binary. */
  private appendCheckedText(text: string): void {
    if (text.indexOf(REPLACEMENT) === -1 && text.indexOf("\u0000") === -1) {
      this.emit(text);
      return;
    }
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 0xfffd && c !== 0) continue;
      this.emit(text.slice(from, i));
      const nul = c === 0;
      let j = i + 1;
      while (j < text.length && (text.charCodeAt(j) === 0xfffd || text.charCodeAt(j) === 0)) j++;
      this.mark(nul && j === i + 1 ? "0x00" : null);
      from = j;
      i = j - 1;
    }
    this.emit(text.slice(from));
  }

  /**
   * One U+FFFD for a run of undecodable bytes. A run that directly follows the previous one in
   * the text (split by a chunk boundary) extends it, so the text never depends on the chunking.
   */
  private mark(bytes: string | null): void {
    const at = this.emittedBefore + this.outLength;
    if (at === this.lastMarkEnd) return;
    this.outMarks.push({ offset: this.outLength, bytes, encoding: this.detected });
    this.emit(REPLACEMENT);
    this.lastMarkEnd = at + 1;
  }
}

/**
 * Where a decoder of a later part of a file starts (StreamDecoder's `resume` option), so that
 * the part decodes as the whole file's decoder would decode it there:
 * - "ascii": the file was all ASCII so far; at the part's first other byte it samples and
 *   decides as that decoder would (the part must hold the whole sample, or end with the file);
 * - "utf-8", or "legacy" in a single-byte encoding: the encoding decided earlier in the file.
 * A part must start just after a line break: no character or run of undecodable bytes spans it.
 */
export type DecoderResume = { phase: "ascii" } | { phase: "utf-8" } | { phase: "legacy"; name: string; decodeAs: string };

/** The legacy codecs (chooseLegacyEncoding's `decodeAs`) with one byte a character: any byte sequence may be cut between bytes. */
const singleByteEncodings = new Set(["windows-1252", "windows-1251", "KOI8-R", "ISO-8859-5", "ISO-8859-6", "windows-1256", "ISO-8859-7", "ISO-8859-8", "windows-874"]);

/** True for a legacy codec text can be cut in after any line break (single-byte); see DecoderResume. */
export function cuttableEncoding(decodeAs: string): boolean {
  return singleByteEncodings.has(decodeAs);
}

/**
 * The encoding a sample of text (no BOM, not binary) is read in: ASCII so far, UTF-8, or a legacy
 * encoding (chooseLegacyEncoding). A valid UTF-8 start cut off by the sample's end counts as
 * UTF-8 so far; so does a sample with at least as many valid multi-byte sequences as invalid runs.
 */
export function textEncodingOf(sample: Uint8Array, eof: boolean): { phase: "ascii" } | { phase: "utf-8" } | { phase: "legacy"; name: string; decodeAs: string } {
  const stats = utf8Stats(sample, eof);
  if (stats.invalid === 0 && stats.multiByte === 0 && !stats.truncated) return { phase: "ascii" };
  if (stats.invalid === 0 || (stats.multiByte > 0 && stats.invalid <= stats.multiByte)) return { phase: "utf-8" };
  return { phase: "legacy", ...chooseLegacyEncoding(sample) };
}

/** A reason the sample (the start of the file) is binary, or null. */
export function binaryReason(sample: Uint8Array): string | null {
  if (startsWith(sample, [0x50, 0x4b, 0x03, 0x04]) || startsWith(sample, [0x50, 0x4b, 0x05, 0x06])) {
    return `The file is a zip archive, not a CSV text file. ${EXCEL_HINT}`;
  }
  if (startsWith(sample, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return `The file is an Excel 97–2003 (.xls) workbook, not a CSV text file. ${EXCEL_HINT}`;
  }
  // A UTF-16 BOM explains the NUL bytes of ASCII text in UTF-16.
  if (startsWith(sample, [0xff, 0xfe]) || startsWith(sample, [0xfe, 0xff])) return null;
  const firstNul = sample.indexOf(NUL);
  if (firstNul === -1) return null;
  if (looksLikeUtf16WithoutBom(sample)) {
    return "The file looks like UTF-16 text without a byte order mark. Save it as CSV (UTF-8) and upload that.";
  }
  return `The file contains binary data (a NUL byte at offset ${firstNul}); it is not a CSV text file.`;
}

function looksLikeUtf16WithoutBom(sample: Uint8Array): boolean {
  const n = Math.min(sample.length, 4096) & ~1;
  if (n < 4) return false;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === NUL) evenNul++;
    if (sample[i + 1] === NUL) oddNul++;
  }
  const pairs = n / 2;
  return (evenNul > pairs * 0.4 && oddNul < pairs * 0.05) || (oddNul > pairs * 0.4 && evenNul < pairs * 0.05);
}

/**
 * Non-Latin encodings we accept chardet's word for, when the text is mostly non-ASCII letters.
 * Everything else is decoded as windows-1252. ISO-8859-1 is its subset (WHATWG treats the label
 * the same way). chardet's other guesses for Western text with a few accents (ISO-8859-2/9,
 * windows-1250/1254, even KOI8-R on a short sample) are wrong for a US 311 export far more often
 * than right, and its confidence cannot tell them apart: about 40 for real Cyrillic, 42 for
 * "KOI8-R" on one "é".
 */
const TRUSTED_NON_LATIN = new Set([
  "Shift_JIS",
  "EUC-JP",
  "EUC-KR",
  "GB18030",
  "Big5",
  "windows-1251",
  "KOI8-R",
  "ISO-8859-5",
  "ISO-8859-6",
  "windows-1256",
  "ISO-8859-7",
  "ISO-8859-8",
  "windows-874",
]);

/** Which legacy encoding a non-UTF-8 sample is in: the name reported, and the iconv-lite codec used. */
export function chooseLegacyEncoding(sample: Uint8Array): { name: string; decodeAs: string } {
  const head = sample.subarray(0, SAMPLE_BYTES);
  const top = chardet.analyse(head)[0];
  if (top !== undefined) {
    if (top.name === "windows-1252") return { name: "windows-1252", decodeAs: "windows-1252" };
    if (top.name === "ISO-8859-1") return { name: "ISO-8859-1", decodeAs: "windows-1252" };
    if (TRUSTED_NON_LATIN.has(top.name) && highByteLetterShare(head) > 0.3 && iconv.encodingExists(top.name)) {
      return { name: top.name, decodeAs: top.name };
    }
  }
  return { name: "windows-1252", decodeAs: "windows-1252" };
}

/** Share of high bytes among ASCII letters and high bytes: small for accented Latin text, large for other scripts. */
function highByteLetterShare(bytes: Uint8Array): number {
  let high = 0;
  let letters = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b >= 0x80) high++;
    else if ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7a) letters++;
  }
  return high + letters === 0 ? 0 : high / (high + letters);
}

/**
 * Counts in a sample: `multiByte` valid non-ASCII UTF-8 sequences, `invalid` runs of non-ASCII
 * bytes that start no valid sequence (NUL is counted by neither), and whether a valid sequence was cut off by the
 * sample's end (`truncated`; at `eof` such a sequence is invalid instead).
 */
export function utf8Stats(bytes: Uint8Array, eof: boolean): { multiByte: number; invalid: number; truncated: boolean } {
  let multiByte = 0;
  let invalid = 0;
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = utf8SequenceLength(bytes, i, n);
    if (len > 0) {
      multiByte++;
      i += len;
    } else if (len === -1 && !eof) {
      return { multiByte, invalid, truncated: true };
    } else {
      // One invalid run: this byte and the non-ASCII bytes after it that start no valid sequence.
      invalid++;
      i++;
      while (i < n && bytes[i]! >= 0x80 && utf8SequenceLength(bytes, i, n) === 0) i++;
    }
  }
  return { multiByte, invalid, truncated: false };
}

/** Index of the first byte at or after `from` (and before `to`) that is NUL or starts no valid UTF-8 sequence; `to` if none. */
export function firstInvalidUtf8(bytes: Uint8Array, from: number, to: number = bytes.length): number {
  let i = from;
  while (i < to) {
    const b = bytes[i]!;
    if (b < 0x80) {
      if (b === NUL) return i;
      i++;
      continue;
    }
    const len = utf8SequenceLength(bytes, i, bytes.length);
    if (len <= 0) return i;
    i += len;
  }
  return to;
}

/**
 * Length of the valid UTF-8 sequence of two or more bytes at `i`. Returns 0 when the bytes are
 * invalid, or -1 when a valid start is cut off by `n` (Unicode's well-formed byte table).
 */
function utf8SequenceLength(bytes: Uint8Array, i: number, n: number): number {
  const b = bytes[i]!;
  let len: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) len = 2;
  else if (b >= 0xe0 && b <= 0xef) {
    len = 3;
    if (b === 0xe0) lo = 0xa0;
    else if (b === 0xed) hi = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    len = 4;
    if (b === 0xf0) lo = 0x90;
    else if (b === 0xf4) hi = 0x8f;
  } else return 0;
  for (let k = 1; k < len; k++) {
    if (i + k >= n) return -1;
    const c = bytes[i + k]!;
    if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return 0;
  }
  return len;
}

/** How many bytes at the end begin a UTF-8 sequence the chunk does not finish (0–3). */
export function incompleteUtf8Tail(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    if (b < 0xc2 || b > 0xf4) return 0; // ASCII, or a byte that starts no sequence
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return len > back ? back : 0;
  }
  return 0;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

function concatBytes(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function hexBytes(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (const b of bytes) parts.push(`0x${b.toString(16).toUpperCase().padStart(2, "0")}`);
  return parts.join(" ");
}

/** Index of the first byte ≥ 0x80 at or after `from`, or the length. Four bytes a step where aligned. */
export function firstNonAscii(bytes: Uint8Array, from: number): number {
  const n = bytes.length;
  let i = from;
  // Byte by byte up to a 4-byte boundary of the underlying buffer, then a word at a time.
  while (i < n && ((bytes.byteOffset + i) & 3) !== 0) {
    if (bytes[i]! >= 0x80) return i;
    i++;
  }
  const words = (n - i) >> 2;
  if (words > 0) {
    const view = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words);
    let w = 0;
    while (w < words && (view[w]! & 0x80808080) === 0) w++;
    i += w * 4;
  }
  while (i < n && bytes[i]! < 0x80) i++;
  return i;
}

/** Index just after the line break that ends the line holding `at`, or the length. */
function lineEnd(bytes: Uint8Array, at: number): number {
  const lf = bytes.indexOf(LF, at);
  return lf === -1 ? bytes.length : lf + 1;
}
