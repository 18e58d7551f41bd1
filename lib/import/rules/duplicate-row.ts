import { canonicalColumnName, importErrorsColumn } from "../format.ts";
import { quote, type RuleFinding } from "../problem.ts";

/**
 * `duplicate_row`: two rows whose trimmed values agree in every column, matched by header name,
 * across all files of one run; the later copy gets the warning, naming the earlier file and row.
 * A column one file lacks counts as blank, and `Q:X` matches `Q: X`.
 *
 * Memory stays small: each row is remembered as a 53-bit hash of its canonical key (cyrb53), not
 * as its values. Two different rows collide with probability about n²/2⁵⁴ (≈ 1 in 18,000 for a
 * million rows); a collision can only add a spurious warning, never block a row.
 */

export type DuplicateKeyPlan = { names: string[]; indexes: number[] };

/** The columns that make up a row's identity in one file: each header name once, sorted. */
export function planDuplicateKey(header: readonly string[]): DuplicateKeyPlan {
  const firstIndex = new Map<string, number>();
  header.forEach((name, index) => {
    if (name === importErrorsColumn) return;
    const key = canonicalColumnName(name);
    if (!firstIndex.has(key)) firstIndex.set(key, index);
  });
  const names = [...firstIndex.keys()].sort();
  return { names, indexes: names.map((name) => firstIndex.get(name) ?? 0) };
}

/** The canonical key of a row: non-blank trimmed values by header name, in name order. */
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

/** Remembers the rows of one run and finds the earlier copy of a row. */
export class DuplicateRowDetector {
  private readonly seen = new Map<number, number>();
  private readonly files: string[] = [];
  private readonly fileIndexes = new Map<string, number>();

  /** Records the row and returns its earlier copy, if any. */
  check(key: string, location: RowLocation): RowLocation | null {
    const hash = cyrb53(key);
    const earlier = this.seen.get(hash);
    if (earlier !== undefined) {
      const fileIndex = Math.floor(earlier / 2 ** 32);
      return { file: this.files[fileIndex] ?? "", row: earlier % 2 ** 32 };
    }
    this.seen.set(hash, this.fileIndex(location.file) * 2 ** 32 + location.row);
    return null;
  }

  get size(): number {
    return this.seen.size;
  }

  private fileIndex(file: string): number {
    let index = this.fileIndexes.get(file);
    if (index === undefined) {
      index = this.files.length;
      this.files.push(file);
      this.fileIndexes.set(file, index);
    }
    return index;
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
