/**
 * Where a CSV byte stream can be cut into blocks that CsvTokenizer reads on its own, found
 * without decoding or tokenizing: the parallel validator (lib/engine/parallel) reads a big file
 * this way and hands the blocks to worker threads.
 *
 * A cut is just after an LF byte outside quoted fields: there the tokenizer is between records,
 * with nothing carried over. With each cut come the counts the tokenizer would have there, so a
 * block's rows and lines are numbered before it is read: the records completed (header
 * included) and the physical line the next record starts on.
 *
 * It follows CsvTokenizer's rules byte by byte (read-csv.ts): a quote opens a quoted field only
 * at the start of a field (at a record's start or after a delimiter), `""` inside one is a
 * quote, and anything else is an ordinary byte. `\n`, `\r\n` and a lone `\r` end a record;
 * each counts as one line, inside quotes too; a line with nothing on it is not a record.
 *
 * Bytes, not text: it is only right for encodings in which those ASCII bytes (quote, LF, CR and
 * the delimiter) stand for themselves wherever they occur: ASCII, UTF-8 and the single-byte
 * encodings. The caller decides that (decode.ts's `resumableDecoding`).
 */

const LF = 10;
const CR = 13;
const QUOTE = 34;

export class RecordScanner {
  /** Records completed so far; the header is the first. */
  records = 0;
  /** The physical line at the current position (1-based). */
  line = 1;
  /** The latest scan's last cut: its offset in that chunk (just after the LF), or -1. */
  cut = -1;
  /** `records` and `line` at that cut. */
  cutRecords = 0;
  cutLine = 1;

  private inQuoted = false;
  /** The previous chunk ended with a quote inside a quoted field: `""`, or the closing quote? */
  private quotePending = false;
  /** Some byte of the current record was seen (outside a line break at its start). */
  private recordOpen = false;
  /** The byte before the current chunk (LF at the start: a record starts there). */
  private previous = LF;

  constructor(private readonly delimiter: number = 44) {}

  /** Scans the next chunk; `cut`, `cutRecords` and `cutLine` then tell its last cut. */
  // eslint-disable-next-line max-lines-per-function -- one loop over the chunk, its state in locals (see inside)
  scan(bytes: Uint8Array): void {
    const n = bytes.length;
    this.cut = -1;
    if (n === 0) return;
    // The state lives in locals while the chunk is scanned and goes back to the fields once, at
    // the end: each field is then written at one place that every call runs. (A write that only
    // some chunks reach, such as a chunk ending inside a record, was first made after V8 had
    // optimized this loop, and deoptimized it.)
    let inQuoted = this.inQuoted;
    let recordOpen = this.recordOpen;
    let records = this.records;
    let line = this.line;
    let cut = -1;
    let cutRecords = this.cutRecords;
    let cutLine = this.cutLine;
    let quotePending = false;
    let i = 0;
    if (this.quotePending) {
      if (bytes[0] === QUOTE) i = 1;
      else inQuoted = false;
    }
    // Cached positions of the next quote, LF and CR (-1: none left in this chunk).
    let nQ = bytes.indexOf(QUOTE, i);
    let nL = bytes.indexOf(LF, i);
    let nC = bytes.indexOf(CR, i);
    while (i < n) {
      if (inQuoted) {
        if (nQ !== -1 && nQ < i) nQ = bytes.indexOf(QUOTE, i);
        const stop = nQ === -1 ? n : nQ;
        // Line breaks inside the quoted field: each CR, and each LF not after a CR.
        if (nL !== -1 && nL < i) nL = bytes.indexOf(LF, i);
        while (nL !== -1 && nL < stop) {
          if ((nL === 0 ? this.previous : bytes[nL - 1]) !== CR) line++;
          nL = bytes.indexOf(LF, nL + 1);
        }
        if (nC !== -1 && nC < i) nC = bytes.indexOf(CR, i);
        while (nC !== -1 && nC < stop) {
          line++;
          nC = bytes.indexOf(CR, nC + 1);
        }
        if (nQ === -1) break;
        if (nQ + 1 === n) {
          quotePending = true;
          break;
        }
        // `""` is a quote; any other quote closes the field.
        if (bytes[nQ + 1] === QUOTE) i = nQ + 2;
        else {
          inQuoted = false;
          i = nQ + 1;
        }
        continue;
      }
      if (nQ !== -1 && nQ < i) nQ = bytes.indexOf(QUOTE, i);
      if (nL !== -1 && nL < i) nL = bytes.indexOf(LF, i);
      if (nC !== -1 && nC < i) nC = bytes.indexOf(CR, i);
      let at = nL === -1 ? nC : nC === -1 || nL < nC ? nL : nC;
      if (nQ !== -1 && (at === -1 || nQ < at)) at = nQ;
      // The rest of the chunk is inside a record: `at` stands at its end.
      if (at === -1) at = n;
      if (at > i) recordOpen = true;
      if (at === n) break;
      const b = bytes[at]!;
      if (b === QUOTE) {
        // It opens a quoted field at a record's start or right after a delimiter.
        const before = at === 0 ? this.previous : bytes[at - 1]!;
        if (!recordOpen || before === this.delimiter) inQuoted = true;
        recordOpen = true;
        i = at + 1;
        continue;
      }
      if (b === CR || (at === 0 ? this.previous : bytes[at - 1]) !== CR) line++;
      if (recordOpen) {
        records++;
        recordOpen = false;
      }
      i = at + 1;
      if (b === LF) {
        cut = i;
        cutRecords = records;
        cutLine = line;
      }
    }
    this.inQuoted = inQuoted;
    this.quotePending = quotePending;
    this.recordOpen = recordOpen;
    this.records = records;
    this.line = line;
    this.cut = cut;
    this.cutRecords = cutRecords;
    this.cutLine = cutLine;
    this.previous = bytes[n - 1]!;
  }
}
