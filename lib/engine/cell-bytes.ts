/**
 * Where a row's trimmed values lie in the file's bytes, for the rules' fast paths. The reader says
 * where each field of a record starts in the bytes it was decoded from, when the field is there as
 * it is, one byte a character (CsvRecord's `bytes`, `starts`, `at`). A rule that reads every row
 * (timestamps, coordinates, the `duplicate_row` hash) reads those bytes instead of the string: a
 * field's string is a slice of the decoded text, and each `charCodeAt` on a slice goes through its
 * parent, 2 to 3 times the cost of a byte (bench/README, session 20).
 *
 * A fast path is written once, over bytes; a value that has no bytes (an edited row, a trimmed or
 * non-ASCII value) is copied into a scratch array first (`asciiScratch`), so the string and the
 * bytes give the same answer by construction.
 */
import type { CsvRecord } from "./read/read-csv.ts";

/** A record's fields and where the reader found them in the file's bytes. */
export type FieldBytes = Pick<CsvRecord, "fields" | "bytes" | "starts" | "at">;

export type CellBytes = {
  /**
   * The row's trimmed values in header order: the record's own fields when none needs trimming
   * (nearly every row: no copy, and no write into a long-lived array for each value, which the
   * garbage collector's write barrier made costly), else copies (`loadCells`).
   */
  values: readonly string[];
  /** The bytes the row's values lie in; null when none does. */
  bytes: Uint8Array | null;
  /** Value k is `bytes[at[k]]` to `bytes[at[k] + values[k].length - 1]` when `at[k] >= 0`. */
  readonly at: Int32Array;
};

let scratch = new Uint8Array(64);

/**
 * The value's characters as bytes in a shared scratch array (`scratchBytes`, overwritten by the
 * next call), or -1 when a character is not ASCII. Returns the length.
 */
export function asciiScratch(value: string): number {
  const n = value.length;
  if (n > scratch.length) scratch = new Uint8Array(Math.max(n, 2 * scratch.length));
  const out = scratch;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c > 127) return -1;
    out[i] = c;
  }
  return n;
}

/** The scratch array `asciiScratch` wrote to. */
export function scratchBytes(): Uint8Array {
  return scratch;
}

/**
 * `value.trim()`, without the call when both ends are printable ASCII (nearly every cell): such
 * characters are never white space. The rules read every cell of every row, so this is hot.
 */
export function trimCell(value: string): string {
  const n = value.length;
  if (n === 0) return value;
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(n - 1);
  if (printable(first) && printable(last)) return value;
  return value.trim();
}

/** Whether a character is printable ASCII (never white space). */
function printable(code: number): boolean {
  return code > 32 && code < 127;
}

/**
 * A record's `width` trimmed values into `cells.values` (a short record reads as blank cells), and
 * where each lies in the record's bytes into `cells.at` (-1: not there, or trimmed). A field in the
 * bytes is ASCII as it is: its first and last bytes tell whether it needs trimming. `trimmed` is
 * the caller's array for the values when the record's own fields will not do.
 */
export function loadCells(width: number, fields: readonly string[], record: FieldBytes | undefined, trimmed: string[], cells: CellBytes): void {
  const at = cells.at;
  const bytes = record?.bytes ?? null;
  const starts = record?.starts;
  cells.bytes = bytes;
  if (bytes === null || starts === undefined || fields.length !== width) {
    for (let i = 0; i < width; i++) {
      trimmed[i] = trimCell(fields[i] ?? "");
      at[i] = -1;
    }
    cells.values = trimmed;
    return;
  }
  const base = record!.at ?? 0;
  let asIs = true;
  for (let i = 0; i < width; i++) {
    const field = fields[i]!;
    const start = starts[base + i]!;
    const length = field.length;
    if (length === 0) at[i] = -1;
    else if (start >= 0 && printable(bytes[start]!) && printable(bytes[start + length - 1]!)) at[i] = start;
    else {
      at[i] = -1;
      if (trimCell(field) !== field) asIs = false;
    }
  }
  if (asIs) {
    cells.values = fields;
    return;
  }
  for (let i = 0; i < width; i++) trimmed[i] = trimCell(fields[i]!);
  cells.values = trimmed;
}

/** Cells for `width` values, none in bytes. */
export function noCellBytes(width: number): CellBytes {
  return { values: new Array<string>(width).fill(""), bytes: null, at: new Int32Array(width).fill(-1) };
}
