import { describe, expect, it } from "vitest";
import type { Problem } from "../engine/problem.ts";
import { problemText } from "../engine/report/json-report.ts";
import { ProblemSpool } from "./problem-spool.ts";

const problem = (row: number, column: string, extra: Partial<Problem> = {}): Problem => ({
  severity: "error",
  code: "missing_offset",
  file: "a.csv",
  row,
  line: row + 1,
  column,
  value: `2016-01-01T00:00:0${row % 10}`,
  message: `The timestamp in ${column} has no time-zone offset: add the offset`,
  hint: "add the offset",
  ...extra,
});

const columns = ["lat", "created_at", "closed_at"];
const position = (column: string | null) => columns.indexOf(column ?? "");

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function bytes(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  return Buffer.concat((await all(chunks)).map((chunk) => Buffer.from(chunk))).toString("utf8");
}

describe("ProblemSpool", () => {
  // Over several 1 MiB buffers, with one problem bigger than a buffer and characters of 2–4 bytes.
  const rows = Array.from({ length: 6000 }, (_, i) => [problem(i + 1, "created_at", { value: `Łódź ’ 😀 ${"x".repeat(i % 300)}` }), problem(i + 1, "closed_at")]);
  rows[2500]!.push(problem(2501, "closed_at", { value: "y".repeat(600_000), hint: undefined }));

  it("gives back the problems as the report writes them, as UTF-8, when nothing was settled", async () => {
    const spool = await ProblemSpool.create();
    try {
      for (const row of rows) await spool.file(0).add(row);
      spool.file(0).settle([], position);
      const texts = spool.problemTextsOf(0);
      expect(texts).not.toBeNull();
      expect(await bytes(texts!)).toBe(rows.flat().map((p) => problemText(p, false)).join(""));
      expect(await all(spool.problemsOf(0))).toEqual(rows.flat());
      expect(await all(spool.problemsOf(1))).toEqual([]);
      expect(spool.examples().map((p) => p.code)).toEqual(["missing_offset", "missing_offset", "missing_offset"]);
    } finally {
      await spool.dispose();
    }
  });

  it("merges the settled problems by row and column, and then gives no text to copy", async () => {
    const spool = await ProblemSpool.create();
    try {
      for (const row of rows.slice(0, 50)) await spool.file(0).add(row);
      const settled = [problem(3, "lat", { code: "answer_for_other_type" }), problem(3, "closed_at", { code: "answer_for_other_type" }), problem(99, "lat")];
      spool.file(0).settle(settled, position);
      expect(spool.problemTextsOf(0)).toBeNull();
      const merged = await all(spool.problemsOf(0));
      expect(merged.map((p) => [p.row, p.column, p.code])).toEqual(
        [...rows.slice(0, 50).flat(), ...settled]
          .map((p, order) => ({ p, order }))
          .sort((a, b) => a.p.row - b.p.row || position(a.p.column) - position(b.p.column) || (a.p.code === "answer_for_other_type" ? 1 : 0) - (b.p.code === "answer_for_other_type" ? 1 : 0) || a.order - b.order)
          .map(({ p }) => [p.row, p.column, p.code]),
      );
    } finally {
      await spool.dispose();
    }
  });
});
