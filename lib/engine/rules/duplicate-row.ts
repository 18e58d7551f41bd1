import { canonicalColumnName, importErrorsColumn } from "../format.ts";
import { quote, type RuleFinding } from "../problem.ts";
import type { CellBytes } from "../cell-bytes.ts";

/**
 * `duplicate_row`: two rows whose trimmed values agree in every column, matched by header name,
 * across all files of one run; the later copy gets the warning, naming the earlier file and row.
 * A column one file lacks counts as blank, and `Q:X` matches `Q: X`.
 *
 * Memory stays small and flat: each row is remembered as a 64-bit hash of its identity (the
 * non-blank (column name, value) pairs in name order, see `duplicateKey`) plus its file and
 * row, 16 bytes in an open-addressing table over one Int32Array (`DuplicateRowDetector`); no
 * row's text is kept. Two different rows collide with probability about n²/2⁶⁵ (≈ 1 in 37
 * million for a million rows, 1 in 4 million for three million); a collision can only add a
 * spurious warning, never block a row.
 *
 * The hash is computed straight from the values, without building the key string: building a
 * ~300-character string per row and hashing it was a quarter of the CLI's time, plus its
 * garbage. Where the reader says a value lies as it is in the file's ASCII bytes (CsvRecord's
 * `bytes`), it is read from them: a byte costs a fraction of a `charCodeAt`, which was ~90% of
 * the hash (at 1M rows ~0.8 of the CLI's ~3.3 s).
 */

export type DuplicateKeyPlan = {
  /** Canonical header names, each once, sorted. */
  names: string[];
  /** The column index of each name in this file. */
  indexes: number[];
  /** Two 32-bit hashes of each name (lane a, lane b), mixed in before its value. */
  nameHashes: Int32Array;
  /**
   * The last bytes hashed from (CsvRecord's `bytes`, a chunk's), and a view that reads them four
   * at a time: from their start to their buffer's end, so that a short value near their end is
   * read as two words too (the bytes past it are masked off).
   */
  viewOf: Uint8Array | null;
  view: DataView | null;
};

/** The columns that make up a row's identity in one file: each header name once, sorted. */
export function planDuplicateKey(header: readonly string[]): DuplicateKeyPlan {
  const firstIndex = new Map<string, number>();
  header.forEach((name, index) => {
    if (name === importErrorsColumn) return;
    const key = canonicalColumnName(name);
    if (!firstIndex.has(key)) firstIndex.set(key, index);
  });
  const names = [...firstIndex.keys()].sort();
  const nameHashes = new Int32Array(names.length * 2);
  names.forEach((name, i) => {
    hashText(name);
    nameHashes[2 * i] = lanes[0]!;
    nameHashes[2 * i + 1] = lanes[1]!;
  });
  return { names, indexes: names.map((name) => firstIndex.get(name) ?? 0), nameHashes, viewOf: null, view: null };
}

/**
 * The canonical key of a row: non-blank trimmed values by header name, in name order. This is
 * the definition of a row's identity; the detector hashes the same pairs without building it.
 */
export function duplicateKey(plan: DuplicateKeyPlan, values: (index: number) => string): string {
  let key = "";
  for (let i = 0; i < plan.names.length; i++) {
    const value = values(plan.indexes[i] ?? 0);
    if (value === "") continue;
    key += `${plan.names[i]}\u0000${value.length}\u0000${value}\u0001`;
  }
  return key;
}

export type RowLocation = { file: string; row: number };

// ---------------------------------------------------------------------------------------------
// The hash: two 32-bit lanes, each step `lane = imul(lane ^ word, odd); lane ^= lane >>> k`. The
// xor-shift carries high bits down, so a difference in the upper part of a word reaches every
// bit. Each value is mixed as its name's hash xor its length (one step), then its UTF-16
// units, eight at a step: four to a word (a byte each) when every unit is below 256, which is
// how the bytes of ASCII text read too, the first word to lane a and the second to lane b; the
// last step reads the value's last eight units, overlapping the one before when the length is
// not a multiple of eight (a value under eight units is zero-filled). A value with a unit of 256
// or more goes as a marker, then two units to a word. Every step is a bijection of the lane, so
// two rows that differ only in a value's units never meet; rows of other shapes meet with a
// chance of about 2⁻⁶⁴. cyrb53's final mix (a bijection of the pair) spreads the bits for the
// table's slot index. Each word goes to one lane, not both: half the multiplications of
// hashing every word into both lanes, and the two lanes' chains run side by side (the CPU waits
// on each multiplication's result before the next in its lane). The result goes to `lanes`, so
// a row allocates nothing. hashRow is one function with local lanes on purpose: split into
// helpers (and module-level `let`s), V8 did not inline it and it ran 2× slower.

const lanes = new Int32Array(2);

const SEED_A = 0xdeadbeef | 0;
const SEED_B = 0x41c6ce57;
const MUL_A = 2654435761 | 0;
const MUL_B = 1597334677;

/**
 * Hash of one string (a column name, a key), into `lanes`: cyrb53's low 32 bits under two
 * seeds. Not hashRow on a one-value row: hashRow must see only the rows of the hot loop (fed
 * header names first, the CLI ran ~35% slower at 300k rows).
 */
function hashText(text: string): void {
  lanes[0] = cyrb53(text, 1);
  lanes[1] = cyrb53(text, 2);
}

/** `cells` for a row with no value in bytes. */
const NO_CELLS: CellBytes = { values: [], bytes: null, at: new Int32Array(0) };

/** Marks a value hashed two units to a word (one unit is 256 or more). */
const WIDE = 0x57494445;

/**
 * Hash of a row's identity (the pairs of `duplicateKey`), into `lanes`. `values` are the trimmed
 * cells; `cells` (optional) says where each lies in the file's bytes, read instead of the string.
 * Both ways give the same hash.
 */
// eslint-disable-next-line max-lines-per-function -- one function on purpose, see above
function hashRow(plan: DuplicateKeyPlan, values: readonly string[], cells: CellBytes = NO_CELLS): void {
  const indexes = plan.indexes;
  const nameHashes = plan.nameHashes;
  const bytes = cells.bytes;
  const cellAt = cells.at;
  // A word is four bytes in one load (little-endian, as the string path puts four units).
  if (bytes !== null && plan.viewOf !== bytes) {
    plan.viewOf = bytes;
    plan.view = new DataView(bytes.buffer, bytes.byteOffset);
  }
  const view = plan.view;
  let a = SEED_A;
  let b = SEED_B;
  for (let i = 0; i < indexes.length; i++) {
    const index = indexes[i]!;
    const text = values[index]!;
    const n = text.length;
    if (n === 0) continue;
    // The name's own hash and the value's length stand for the pair's shape, then the units.
    a = Math.imul(a ^ nameHashes[2 * i]! ^ n, MUL_A);
    b = Math.imul(b ^ nameHashes[2 * i + 1]! ^ n, MUL_B);
    a ^= a >>> 15;
    b ^= b >>> 13;
    // The value's bytes, when it lies in them.
    const start = bytes !== null && index < cellAt.length ? cellAt[index]! : -1;
    if (n < 8 && start >= 0 && start + 8 <= view!.byteLength) {
      // Two words, the bytes past the value masked off: what the loop below makes of them.
      const w0 = view!.getInt32(start, true) & (n >= 4 ? -1 : (1 << (8 * n)) - 1);
      const w1 = n <= 4 ? 0 : view!.getInt32(start + 4, true) & ((1 << (8 * (n - 4))) - 1);
      a = Math.imul(a ^ w0, MUL_A);
      b = Math.imul(b ^ w1, MUL_B);
      a ^= a >>> 15;
      b ^= b >>> 13;
      continue;
    }
    if (n >= 8) {
      const last = n - 8;
      if (start >= 0) {
        for (let j = 0; ; ) {
          a = Math.imul(a ^ view!.getInt32(start + j, true), MUL_A);
          b = Math.imul(b ^ view!.getInt32(start + j + 4, true), MUL_B);
          a ^= a >>> 15;
          b ^= b >>> 13;
          if (j === last) break;
          j = j + 8 < last ? j + 8 : last;
        }
        continue;
      }
      // From the string: the same words while every unit is below 256 ...
      const a0 = a;
      const b0 = b;
      let units = 0;
      for (let j = 0; ; ) {
        const u0 = text.charCodeAt(j);
        const u1 = text.charCodeAt(j + 1);
        const u2 = text.charCodeAt(j + 2);
        const u3 = text.charCodeAt(j + 3);
        const u4 = text.charCodeAt(j + 4);
        const u5 = text.charCodeAt(j + 5);
        const u6 = text.charCodeAt(j + 6);
        const u7 = text.charCodeAt(j + 7);
        units |= u0 | u1 | u2 | u3 | u4 | u5 | u6 | u7;
        a = Math.imul(a ^ (u0 | (u1 << 8) | (u2 << 16) | (u3 << 24)), MUL_A);
        b = Math.imul(b ^ (u4 | (u5 << 8) | (u6 << 16) | (u7 << 24)), MUL_B);
        a ^= a >>> 15;
        b ^= b >>> 13;
        if (j === last) break;
        j = j + 8 < last ? j + 8 : last;
      }
      if (units < 256) continue;
      a = a0;
      b = b0;
    } else {
      // Up to seven units: two words, zero-filled.
      let w0 = 0;
      let w1 = 0;
      let units = 0;
      for (let j = 0; j < n; j++) {
        const u = start >= 0 ? bytes![start + j]! : text.charCodeAt(j);
        units |= u;
        if (j < 4) w0 |= u << (8 * j);
        else w1 |= u << (8 * (j - 4));
      }
      if (units < 256) {
        a = Math.imul(a ^ w0, MUL_A);
        b = Math.imul(b ^ w1, MUL_B);
        a ^= a >>> 15;
        b ^= b >>> 13;
        continue;
      }
    }
    // ... else a marker, then two units to a word.
    a = Math.imul(a ^ WIDE, MUL_A);
    b = Math.imul(b ^ WIDE, MUL_B);
    a ^= a >>> 15;
    b ^= b >>> 13;
    for (let j = 0; j < n; j += 4) {
      const w0 = text.charCodeAt(j) | ((j + 1 < n ? text.charCodeAt(j + 1) : 0) << 16);
      const w1 = j + 2 < n ? text.charCodeAt(j + 2) | ((j + 3 < n ? text.charCodeAt(j + 3) : 0) << 16) : 0;
      a = Math.imul(a ^ w0, MUL_A);
      b = Math.imul(b ^ w1, MUL_B);
      a ^= a >>> 15;
      b ^= b >>> 13;
    }
  }
  finish(a, b);
}

function finish(a: number, b: number): void {
  a = Math.imul(a ^ (a >>> 16), 2246822507);
  a ^= Math.imul(b ^ (b >>> 13), 3266489909);
  b = Math.imul(b ^ (b >>> 16), 2246822507);
  b ^= Math.imul(a ^ (a >>> 13), 3266489909);
  lanes[0] = a;
  lanes[1] = b;
}

/** The 64-bit hash of a row's identity as two 32-bit numbers, for tests. */
/** rowHash into `out[at]` and `out[at + 1]`, allocating nothing. */
export function rowHashInto(plan: DuplicateKeyPlan, values: readonly string[], out: Int32Array, at: number, cells?: CellBytes): void {
  hashRow(plan, values, cells);
  out[at] = lanes[0]!;
  out[at + 1] = lanes[1]!;
}

export function rowHash(plan: DuplicateKeyPlan, values: readonly string[], cells?: CellBytes): [number, number] {
  hashRow(plan, values, cells);
  return [lanes[0]!, lanes[1]!];
}

// ---------------------------------------------------------------------------------------------

/**
 * Rows checked together (`checkBatch`): enough for the table's cache misses to overlap, few
 * enough that the rows' problems wait only briefly for their duplicate.
 */
export const DUPLICATE_BATCH = 128;

/** `checkBatch`'s rows (DUPLICATE_BATCH of them at most, by default), reused from batch to batch. */
export class HashBatch {
  /** Row k's hash at `hashes[2k]`, `hashes[2k + 1]`. */
  readonly hashes: Int32Array;
  readonly rows: Int32Array;
  /** Row k's earlier copy, or null, once `checkBatch` has run. */
  readonly earlier: (RowLocation | null)[];
  /** What each row of the batch stands for to the caller (its index among the caller's rows). */
  readonly tags: Int32Array;
  count = 0;

  constructor(readonly capacity = DUPLICATE_BATCH) {
    this.hashes = new Int32Array(2 * capacity);
    this.rows = new Int32Array(capacity);
    this.earlier = new Array<RowLocation | null>(capacity).fill(null);
    this.tags = new Int32Array(capacity);
  }

  /** Takes the next row; returns its index k, for its hash to be written at `hashes[2k]` (rowHashInto). */
  next(row: number, tag: number): number {
    if (this.count === this.capacity) throw new Error(`HashBatch: more than ${this.capacity} rows`);
    const k = this.count++;
    this.rows[k] = row;
    this.tags[k] = tag;
    return k;
  }

  add(a: number, b: number, row: number, tag: number): void {
    const k = this.next(row, tag);
    this.hashes[2 * k] = a;
    this.hashes[2 * k + 1] = b;
  }
}

/** Slots: [hash a, entry + 1] in one Int32Array; entry + 1 = 0 marks a free slot. */
const SLOT = 2;
/** Entries, in the order rows came: [hash b, row, file]. */
const ENTRY = 3;
const INITIAL_SLOTS = 1 << 16;
/** `reserve` stops here (2²⁶ slots, 512 MiB); beyond it the table grows only as rows arrive. */
const MAX_SLOTS = 1 << 26;

/**
 * Remembers the rows of one run and finds the earlier copy of a row. An open-addressing table
 * (linear probing) over one Int32Array, grown by doubling at 3/4 full, with no per-row object
 * and nothing for the garbage collector to trace. A slot holds only the first half of the
 * row's hash and where the rest is: the probes go to random places in the table, so at a
 * million rows each is a cache miss (a fifth of `validateRecords`' time with 16-byte slots),
 * and a table half the size misses less. The rest of each row (second half of its hash, row,
 * file) is written in order to a second array, read only when a first half matches. Callers
 * with many rows look them up a batch at a time (`checkBatch`), so that the misses overlap.
 */
export class DuplicateRowDetector {
  private slots = new Int32Array(INITIAL_SLOTS * SLOT);
  private mask = INITIAL_SLOTS - 1;
  private entries = new Int32Array(((INITIAL_SLOTS * 3) / 4) * ENTRY);
  private count = 0;
  /** What `checkBatch`'s loads read, kept so that they are not optimised away. */
  private touched = 0;
  private readonly files: string[] = [];
  private readonly fileIds = new Map<string, number>();

  /** The run's number for a file name (0, 1, …), as `checkRow` takes it. */
  fileId(file: string): number {
    let id = this.fileIds.get(file);
    if (id === undefined) {
      id = this.files.length;
      this.files.push(file);
      this.fileIds.set(file, id);
    }
    return id;
  }

  /**
   * Records the row (trimmed values in header order, columns as `plan` reads them) and returns
   * its earlier copy, if any. The first copy stays the one reported.
   */
  checkRow(plan: DuplicateKeyPlan, values: readonly string[], fileId: number, row: number, cells?: CellBytes): RowLocation | null {
    hashRow(plan, values, cells);
    return this.insert(lanes[0]!, lanes[1]!, fileId, row);
  }

  /**
   * Records the rows of `batch`, in order, and gives each its earlier copy or null
   * (`batch.earlier`). Each row's first slot is loaded before any is probed: the loads do not
   * wait on each other, so the CPU has many of the table's cache misses in flight at once, where
   * one row at a time (between the rules' work) had one. At a million rows that cut the table's
   * share of the CLI's time by about 60 % (bench/README, session 19).
   */
  checkBatch(batch: HashBatch, fileId: number): void {
    const { hashes, rows, earlier, count } = batch;
    const slots = this.slots;
    const mask = this.mask;
    let touched = 0;
    for (let k = 0; k < count; k++) touched ^= slots[(hashes[2 * k]! & mask) * SLOT + 1]!;
    this.touched = touched;
    for (let k = 0; k < count; k++) earlier[k] = this.insert(hashes[2 * k]!, hashes[2 * k + 1]!, fileId, rows[k]!);
  }

  /** The same by a key string (`duplicateKey`); a key and a row never share a hash on purpose. */
  check(key: string, location: RowLocation): RowLocation | null {
    hashText(key);
    return this.insert(lanes[0]!, lanes[1]!, this.fileId(location.file), location.row);
  }

  get size(): number {
    return this.count;
  }

  /**
   * Makes room for `rows` more rows at once, so that a big file does not pay for the table
   * doubling (rehashing every row so far) some dozen times as it grows. An estimate is enough:
   * the table still grows when it fills.
   */
  reserve(rows: number): void {
    const wanted = this.count + Math.max(0, Math.floor(rows));
    let capacity = this.mask + 1;
    while (wanted * 4 > capacity * 3 && capacity < MAX_SLOTS) capacity *= 2;
    if (capacity > this.mask + 1) this.rehash(capacity);
    if (wanted * ENTRY > this.entries.length) this.growEntries(wanted);
  }

  /** Slots in the table, for tests of growth. */
  get capacity(): number {
    return this.mask + 1;
  }

  private insert(a: number, b: number, fileId: number, row: number): RowLocation | null {
    const slots = this.slots;
    const mask = this.mask;
    for (let i = a & mask; ; i = (i + 1) & mask) {
      const at = i * SLOT;
      const entry = slots[at + 1]!;
      if (entry === 0) {
        const count = this.count;
        if ((count + 1) * ENTRY > this.entries.length) this.growEntries(2 * (count + 1));
        const to = count * ENTRY;
        this.entries[to] = b;
        this.entries[to + 1] = row;
        this.entries[to + 2] = fileId;
        slots[at] = a;
        slots[at + 1] = count + 1;
        this.count = count + 1;
        if (this.count * 4 > (mask + 1) * 3) this.grow();
        return null;
      }
      if (slots[at] === a) {
        const from = (entry - 1) * ENTRY;
        if (this.entries[from] === b) return { file: this.files[this.entries[from + 2]!] ?? "", row: this.entries[from + 1]! >>> 0 };
      }
    }
  }

  private growEntries(rows: number): void {
    const entries = new Int32Array(rows * ENTRY);
    entries.set(this.entries.subarray(0, this.count * ENTRY));
    this.entries = entries;
  }

  private grow(): void {
    this.rehash((this.mask + 1) * 2);
  }

  private rehash(capacity: number): void {
    const old = this.slots;
    const slots = new Int32Array(capacity * SLOT);
    const mask = capacity - 1;
    for (let at = 0; at < old.length; at += SLOT) {
      if (old[at + 1] === 0) continue;
      let i = old[at]! & mask;
      while (slots[i * SLOT + 1] !== 0) i = (i + 1) & mask;
      slots[i * SLOT] = old[at]!;
      slots[i * SLOT + 1] = old[at + 1]!;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

export function duplicateRow(earlier: RowLocation, sameFile: boolean): RuleFinding {
  const where = sameFile ? `row ${earlier.row} of this file (${quote(earlier.file, 200)})` : `row ${earlier.row} of ${quote(earlier.file, 200)}`;
  return {
    code: "duplicate_row",
    column: null,
    value: null,
    message: `This row is identical to ${where}: it would be imported twice. Delete one copy unless both issues are real.`,
  };
}

/** cyrb53 (public domain, bryc): a fast 53-bit string hash with good dispersion. */
export function cyrb53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
