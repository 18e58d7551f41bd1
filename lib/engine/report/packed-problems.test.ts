import { describe, expect, it } from "vitest";
import type { Problem } from "../problem.ts";
import { DEFERRED_TEXT } from "../deferred-text.ts";
import { problemText } from "./json-report.ts";
import { BATCH_PROBLEMS, BATCH_TEXT_CHARS, ProblemPacker, ProblemUnpacker } from "./packed-problems.ts";

const problem = (row: number, extra: Partial<Problem> = {}): Problem => ({
  severity: "error",
  code: "missing_offset",
  file: "a.csv",
  row,
  line: row + 1,
  column: "created_at",
  value: "2021-03-04T10:11:12",
  message: "The timestamp has no offset: add it",
  hint: "add it",
  ...extra,
});

describe("ProblemPacker and ProblemUnpacker", () => {
  const deferred = (row: number, value: string | null, column = "created_at"): Problem => ({ severity: "error", code: "missing_offset", file: "a.csv", row, line: row + 1, column, value, message: DEFERRED_TEXT });
  const { hint: _, ...withoutHint } = problem(3);
  const cases: [string, Problem][] = [
    ["the usual shape", problem(1)],
    ["no hint", withoutHint as Problem],
    ["a hint left undefined (written as none)", { ...problem(4), hint: undefined } as unknown as Problem],
    ["null line, column and value", problem(0, { line: null, column: null, value: null, code: "empty_file" })],
    ["empty strings", problem(5, { value: "", message: "", hint: "" })],
    ["other characters", problem(6, { value: 'Łukasz "’" \u2028\n\ud83d\ude00 \ud800', message: "m \udfff", column: "Q: Größe?", file: "b ü.csv" })],
    ["a warning of another code", problem(7, { severity: "warning", code: "future_timestamp" })],
    ["keys in another order (sent as itself)", { code: "x", severity: "error", file: "a.csv", row: 8, line: 9, column: "c", value: "v", message: "m" } as unknown as Problem],
    ["an extra key (sent as itself)", { ...problem(9), extra: 1 } as unknown as Problem],
    ["a row number past 2^31 (sent as itself)", problem(2 ** 31)],
    ["a deferred text", { severity: "error", code: "missing_offset", file: "a.csv", row: 10, line: 11, column: "closed_at", value: "2016-01-01T00:03:52.25", message: DEFERRED_TEXT }],
    ["a deferred text with a value not ASCII", { severity: "error", code: "missing_offset", file: "a.csv", row: 12, line: 13, column: "closed_at", value: "2016-01-01T00:03:52é", message: DEFERRED_TEXT }],
    ["a deferred text without a value", { severity: "error", code: "missing_offset", file: "a.csv", row: 14, line: 15, column: "closed_at", value: null, message: DEFERRED_TEXT }],
  ];

  it.each(cases)("%s: the same problem, written the same", (_name, p) => {
    const packer = new ProblemPacker();
    const unpacker = new ProblemUnpacker();
    packer.add([problem(100), p, problem(101)]);
    const [before, back, after] = unpacker.unpack(structuredClone(packer.take()));
    expect(back).toEqual(p);
    expect(Object.keys(back!)).toEqual(Object.keys(p).filter((key) => (p as Record<string, unknown>)[key] !== undefined || key !== "hint"));
    expect(problemText(back!, false)).toBe(problemText(p, false));
    expect([before, after]).toEqual([problem(100), problem(101)]);
  });

  it("numbers each repeated string once, across batches, and keeps the problems' order", () => {
    const packer = new ProblemPacker();
    const unpacker = new ProblemUnpacker();
    const first = Array.from({ length: 3000 }, (_, i) => problem(i, { column: i % 2 ? "closed_at" : "created_at", value: `v${i}` }));
    const second = [problem(1, { file: "b.csv" }), problem(2, { column: "lat,lng" })];
    packer.add(first);
    const batch = structuredClone(packer.take());
    expect(batch.names).toEqual(["error", "missing_offset", "a.csv", "created_at", "closed_at"]);
    expect(unpacker.unpack(batch)).toEqual(first);
    packer.add(second);
    const next = structuredClone(packer.take());
    expect(next.names).toEqual(["b.csv", "lat,lng"]);
    expect(unpacker.unpack(next)).toEqual(second);
    expect(unpacker.unpack(structuredClone(packer.take()))).toEqual([]);
  });

  it("reads a deferred problem's parts without making it, its value where it lies in the batch's texts", () => {
    const packer = new ProblemPacker();
    const unpacker = new ProblemUnpacker();
    const problems = [deferred(1, "2016-01-01T00:03:52"), problem(2), deferred(3, "2017-02-02T01:02:03.5", "closed_at"), deferred(4, null), problem(5, { value: "tail" })];
    packer.add(problems);
    const reader = unpacker.reader(structuredClone(packer.take()));
    const read: [boolean, string, string, number, number, string | null][] = [];
    while (reader.next()) {
      const value = reader.deferred ? reader.texts.slice(reader.valueAt, reader.valueAt + reader.valueLength) : null;
      read.push([reader.deferred, reader.file, reader.column, reader.row, reader.line, value]);
      expect(reader.problem()).toEqual(problems[read.length - 1]);
    }
    expect(read).toEqual([
      [true, "a.csv", "created_at", 1, 2, "2016-01-01T00:03:52"],
      [false, "a.csv", "created_at", 2, 3, null],
      [true, "a.csv", "closed_at", 3, 4, "2017-02-02T01:02:03.5"],
      [false, "a.csv", "created_at", 4, 5, null],
      [false, "a.csv", "created_at", 5, 6, null],
    ]);
  });

  it("keeps each field's numbers apart when severity, code, file and column change from problem to problem", () => {
    const packer = new ProblemPacker();
    const unpacker = new ProblemUnpacker();
    const all: Problem[] = [];
    for (let b = 0; b < 3; b++) {
      const batch = Array.from({ length: 50 }, (_, i) =>
        problem(b * 50 + i, {
          severity: i % 3 ? "error" : "warning",
          code: i % 4 ? "missing_offset" : "future_timestamp",
          file: i % 5 ? "a.csv" : "b.csv",
          column: i % 7 === 0 ? null : i % 2 ? "closed_at" : "created_at",
        }),
      );
      packer.add(batch);
      all.push(...unpacker.unpack(structuredClone(packer.take())));
    }
    expect(all).toEqual(Array.from({ length: 150 }, (_, k) => problem(k, { severity: k % 50 % 3 ? "error" : "warning", code: k % 50 % 4 ? "missing_offset" : "future_timestamp", file: k % 50 % 5 ? "a.csv" : "b.csv", column: k % 50 % 7 === 0 ? null : k % 50 % 2 ? "closed_at" : "created_at" })));
  });

  const long = "x".repeat(300);
  it.each([
    ["deferred problems, one short of the count", BATCH_PROBLEMS - 1, (row: number) => deferred(row, "2016-01-01T00:03:52"), false],
    ["deferred problems, the count", BATCH_PROBLEMS, (row: number) => deferred(row, "2016-01-01T00:03:52"), true],
    ["usual problems of ~300 characters, short of the texts' budget", Math.floor(BATCH_TEXT_CHARS / 330) - 1, (row: number) => problem(row, { message: long }), false],
    ["usual problems of ~300 characters, past the texts' budget", Math.ceil(BATCH_TEXT_CHARS / 300), (row: number) => problem(row, { message: long }), true],
  ])("is full after %s", (_name, count, make, full) => {
    const packer = new ProblemPacker();
    for (let row = 1; row <= count; row++) packer.add([make(row)]);
    expect(packer.full).toBe(full);
    expect(packer.take().count).toBe(count);
    expect(packer.full).toBe(false);
  });
});
