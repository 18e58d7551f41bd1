import { describe, expect, it } from "vitest";
import { loadCells, noCellBytes, type CellBytes } from "../cell-bytes.ts";
import type { CsvRecord } from "../read/read-csv.ts";
import { recordsOf } from "../testing/read-records.ts";
import { cyrb53, DuplicateRowDetector, HashBatch, duplicateKey, duplicateRow, planDuplicateKey, rowHash } from "./duplicate-row.ts";

const keyOf = (header: string[], fields: string[]) => duplicateKey(planDuplicateKey(header), (i) => (fields[i] ?? "").trim());

describe("duplicate row keys", () => {
  it.each([
    ["the same row", ["a", "b"], ["1", "2"], ["a", "b"], ["1", "2"], true],
    ["columns in another order", ["a", "b"], ["1", "2"], ["b", "a"], ["2", "1"], true],
    ["surrounding spaces", ["a", "b"], ["1", "2"], ["a", "b"], [" 1", "2 "], true],
    ["Q:X and Q: X", ["Q:X", "b"], ["1", "2"], ["Q: X", "b"], ["1", "2"], true],
    ["a blank column the other file lacks", ["a", "b", "c"], ["1", "2", ""], ["a", "b"], ["1", "2"], true],
    ["a different value", ["a", "b"], ["1", "2"], ["a", "b"], ["1", "3"], false],
    ["values moved between columns", ["a", "b"], ["1", ""], ["a", "b"], ["", "1"], false],
    ["a value split differently", ["a", "b"], ["1", "23"], ["a", "b"], ["12", "3"], false],
    ["the import_errors column ignored", ["a", "import_errors"], ["1", "x"], ["a"], ["1"], true],
  ])("%s → duplicate %s", (_name, h1, f1, h2, f2, same) => {
    expect(keyOf(h1, f1) === keyOf(h2, f2)).toBe(same);
    // The detector hashes the same pairs without building the key (from trimmed values).
    const hashOf = (header: string[], fields: string[]) => rowHash(planDuplicateKey(header), fields.map((f) => f.trim()));
    expect(hashOf(h1, f1)).toEqual(hashOf(h1, f1));
    if (same) expect(hashOf(h1, f1)).toEqual(hashOf(h2, f2));
    else expect(hashOf(h1, f1)).not.toEqual(hashOf(h2, f2));
  });

  it("gives every distinct row of a large set its own 64-bit hash", () => {
    const plan = planDuplicateKey(["a", "b", "c"]);
    const seen = new Set<string>();
    for (let i = 0; i < 50_000; i++) {
      // Near rows: one character apart, values moved between columns, odd and even lengths.
      // Units past Latin-1 (hashed two to a word) and Latin-1 ones (four to a word).
      // Values of 8 units and more (eight to a step, the last step overlapping), near each other.
      const near = [
        [`${i}`, "x", ""],
        ["", `${i}`, "x"],
        [`${i}`, "", "x"],
        [`r${i}`, "xy", "z"],
        [`Ł${i}`, "é", ""],
        [`${i}`.padStart(9, "0"), "x", ""],
        [`${i}`.padEnd(12, "-"), "x", ""],
        [`a longer value of row ${i}`, "", ""],
        [`Łódź, ulica ${i}`, "", ""],
      ];
      for (const values of near) {
        seen.add(rowHash(plan, values).join());
      }
    }
    expect(seen.size).toBe(450_000);
  });
});

describe("DuplicateRowDetector", () => {
  it("reports the earlier copy across files", () => {
    const detector = new DuplicateRowDetector();
    expect(detector.check("k1", { file: "a.csv", row: 3 })).toBeNull();
    expect(detector.check("k2", { file: "b.csv", row: 1 })).toBeNull();
    expect(detector.check("k1", { file: "b.csv", row: 7 })).toEqual({ file: "a.csv", row: 3 });
    expect(detector.check("k1", { file: "b.csv", row: 9 })).toEqual({ file: "a.csv", row: 3 });
    expect(detector.size).toBe(2);
  });

  it("checks rows by hash, matched by header name across files", () => {
    const detector = new DuplicateRowDetector();
    const a = planDuplicateKey(["lat", "lng", "Q:Size", "summary"]);
    const b = planDuplicateKey(["summary", "Q: Size", "lng", "lat", "extra"]);
    const fa = detector.fileId("a.csv");
    const fb = detector.fileId("b.csv");
    expect(detector.fileId("a.csv")).toBe(fa);
    expect(detector.checkRow(a, ["1", "2", "Big", "Hole"], fa, 1)).toBeNull();
    expect(detector.checkRow(a, ["1", "2", "", "Hole"], fa, 2)).toBeNull();
    // Same name → value pairs in another column order; a blank column the first file lacks.
    expect(detector.checkRow(b, ["Hole", "Big", "2", "1", ""], fb, 7)).toEqual({ file: "a.csv", row: 1 });
    expect(detector.checkRow(b, ["Hole", "", "2", "1", ""], fb, 8)).toEqual({ file: "a.csv", row: 2 });
    // The first copy stays the one reported; a different value is a different row.
    expect(detector.checkRow(a, ["1", "2", "Big", "Hole"], fa, 9)).toEqual({ file: "a.csv", row: 1 });
    expect(detector.checkRow(b, ["Hole", "Big", "2", "1", "x"], fb, 10)).toBeNull();
    expect(detector.size).toBe(3);
  });

  it("grows by doubling and keeps every row through growth", () => {
    const detector = new DuplicateRowDetector();
    const plan = planDuplicateKey(["id", "text"]);
    const initial = detector.capacity;
    const n = initial * 2; // past 3/4 full twice
    let found = 0;
    for (let row = 1; row <= n; row++) if (detector.checkRow(plan, [`${row}`, "same text"], 0, row) !== null) found++;
    expect(found).toBe(0);
    expect(detector.size).toBe(n);
    expect(detector.capacity).toBe(initial * 4);
    expect(detector.size * 4).toBeLessThanOrEqual(detector.capacity * 3);
    detector.fileId("only.csv");
    for (let row = 1; row <= n; row += 997) {
      expect(detector.checkRow(plan, [`${row}`, "same text"], 0, n + row)).toEqual({ file: "only.csv", row });
    }
    expect(detector.size).toBe(n);
  });

  it.each([
    { rows: 0, capacity: 1 << 16 },
    { rows: 49_152, capacity: 1 << 16 }, // exactly 3/4 of the initial table
    { rows: 49_153, capacity: 1 << 17 },
    { rows: 1_000_000, capacity: 1 << 21 },
  ])("reserve($rows) sizes the table to $capacity slots at most 3/4 full", ({ rows, capacity }) => {
    const detector = new DuplicateRowDetector();
    detector.reserve(rows);
    expect(detector.capacity).toBe(capacity);
  });

  it("keeps the rows it has when reserving, and still grows past the estimate", () => {
    const detector = new DuplicateRowDetector();
    const plan = planDuplicateKey(["id"]);
    detector.fileId("a.csv");
    for (let row = 1; row <= 1000; row++) detector.checkRow(plan, [`${row}`], 0, row);
    detector.reserve(100_000);
    expect(detector.capacity).toBe(1 << 18);
    for (let row = 1; row <= 1000; row += 37) expect(detector.checkRow(plan, [`${row}`], 0, 5000 + row)).toEqual({ file: "a.csv", row });
    for (let row = 1001; row <= 300_000; row++) detector.checkRow(plan, [`${row}`], 0, row);
    expect(detector.size).toBe(300_000);
    expect(detector.capacity).toBe(1 << 19);
  });

  it("keeps rows whose hashes share a slot apart (linear probing)", () => {
    // Keys whose hashes start at the same slot: found by trying, then checked both ways.
    const detector = new DuplicateRowDetector();
    const plan = planDuplicateKey(["k"]);
    const mask = detector.capacity - 1;
    const bySlot = new Map<number, string[]>();
    for (let i = 0; bySlot.size < 5000 && i < 200_000; i++) {
      const key = `k${i}`;
      const slot = rowHash(plan, [key])[0] & mask;
      const list = bySlot.get(slot) ?? [];
      list.push(key);
      bySlot.set(slot, list);
    }
    const crowded = [...bySlot.values()].filter((keys) => keys.length >= 3).slice(0, 20);
    expect(crowded.length).toBeGreaterThan(0);
    let row = 0;
    const first = new Map<string, number>();
    for (const keys of crowded) {
      for (const key of keys) {
        first.set(key, ++row);
        expect(detector.checkRow(plan, [key], 0, row)).toBeNull();
      }
    }
    for (const keys of crowded) {
      for (const key of keys) expect(detector.checkRow(plan, [key], 0, ++row)?.row).toBe(first.get(key));
    }
  });

  it.each([
    { name: "copies within one batch and across batches", batch: 64, rows: 5000 },
    { name: "a batch that grows the table midway", batch: 4096, rows: 120_000 },
    { name: "batches of one row", batch: 1, rows: 300 },
  ])("checkBatch finds what checkRow finds, row by row: $name", ({ batch, rows }) => {
    // Every seventh row repeats an earlier one (some in the same batch, some far back).
    const plan = planDuplicateKey(["id", "text"]);
    const valuesOf = (row: number) => [`${row % 7 === 0 ? Math.floor(row / 3) : row}`, "text"];
    const one = new DuplicateRowDetector();
    const many = new DuplicateRowDetector();
    const file = many.fileId("a.csv");
    one.fileId("a.csv");
    const hashBatch = new HashBatch(batch);
    let found = 0;
    for (let start = 1; start <= rows; start += batch) {
      const count = Math.min(batch, rows - start + 1);
      hashBatch.count = 0;
      for (let k = 0; k < count; k++) {
        const [a, b] = rowHash(plan, valuesOf(start + k));
        hashBatch.add(a, b, start + k, k);
      }
      many.checkBatch(hashBatch, file);
      for (let k = 0; k < count; k++) {
        expect(hashBatch.tags[k]).toBe(k);
        expect(hashBatch.earlier[k]).toEqual(one.checkRow(plan, valuesOf(start + k), 0, start + k));
        if (hashBatch.earlier[k]) found++;
      }
    }
    expect(found).toBeGreaterThan(rows / 20);
    expect(many.size).toBe(one.size);
  });

  it("words the warning with file and row", () => {
    expect(duplicateRow({ file: "a.csv", row: 3 }, false).message).toContain("row 3 of `a.csv`");
  });

  it("hashes to 53-bit integers that differ for near strings", () => {
    const hashes = new Set(Array.from({ length: 10_000 }, (_, i) => cyrb53(`row${i}`)));
    expect(hashes.size).toBe(10_000);
    for (const hash of hashes) expect(Number.isSafeInteger(hash)).toBe(true);
  });
});

describe("a row hashed from the file's bytes", () => {
  function cellsOf(width: number, record: CsvRecord): { values: string[]; cells: CellBytes } {
    const cells = noCellBytes(width);
    loadCells(width, record.fields, record, new Array<string>(width), cells);
    return { values: [...cells.values], cells };
  }

  it("hashes each row as from its strings: every value length, trimmed cells, quoted cells, in header order or not", async () => {
    const lines = ["c,a,b,d"];
    for (let n = 0; n <= 26; n++) lines.push(["x".repeat(n), "ab".repeat(n).slice(0, n), `${n}`, ""].join(","));
    lines.push(' padded , b ,"c",""', '"with ""doubled"" quote","two\nlines","a, comma",x', "1,2,3,4");
    const { header, records } = await recordsOf(lines.join("\r\n") + "\n");
    const plan = planDuplicateKey(header);
    expect(records).toHaveLength(lines.length - 1);
    let placed = 0;
    for (const record of records) {
      expect(record.bytes, `row ${record.row}`).toBeInstanceOf(Uint8Array);
      for (let k = 0; k < record.fields.length; k++) if (cellsOf(header.length, record).cells.at[k]! >= 0) placed++;
      const { values, cells } = cellsOf(header.length, record);
      expect(values).toEqual(record.fields.map((field) => field.trim()));
      expect(rowHash(plan, values, cells), `row ${record.row}`).toEqual(rowHash(plan, values));
    }
    // Most cells were read from the bytes: the test is about that path.
    expect(placed).toBeGreaterThan(50);
  });

  it("hashes a short value at the end of its bytes as from its string, whatever lies after them in their buffer", () => {
    const plan = planDuplicateKey(["a", "b"]);
    const text = "xy,abc";
    for (const after of [0, 1, 3, 8, 20]) {
      // The row's bytes are a view that ends with the row; the buffer goes on with `after` bytes of noise.
      const buffer = new Uint8Array(text.length + after).fill(0xff);
      for (let i = 0; i < text.length; i++) buffer[i] = text.charCodeAt(i);
      const cells: CellBytes = { values: ["xy", "abc"], bytes: buffer.subarray(0, text.length), at: Int32Array.of(0, 3) };
      expect(rowHash(plan, cells.values, cells), `${after} bytes after`).toEqual(rowHash(plan, cells.values));
    }
  });

  it("finds a row read from bytes and its copy read from a string", async () => {
    const ascii = await recordsOf('a,b\n"hole, deep",Main St\n');
    const other = await recordsOf('b,a\nMain St ,"hole, deep"\nŁódź,x\n'); // not ASCII: no bytes
    expect(ascii.records[0]!.bytes).not.toBeNull();
    expect(other.records[0]!.bytes).toBeNull();
    const detector = new DuplicateRowDetector();
    const check = (read: { header: string[]; records: CsvRecord[] }, file: string) =>
      read.records.map((record) => {
        const { values, cells } = cellsOf(read.header.length, record);
        return detector.checkRow(planDuplicateKey(read.header), values, detector.fileId(file), record.row, cells);
      });
    expect(check(ascii, "a.csv")).toEqual([null]);
    expect(check(other, "b.csv")).toEqual([{ file: "a.csv", row: 1 }, null]);
  });
});
