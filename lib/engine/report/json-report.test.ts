import { describe, expect, it } from "vitest";
import { jsonReportChunks, problemText } from "./json-report.ts";
import type { Problem } from "../problem.ts";
import type { ValidationReport } from "../validate.ts";

const problem = (row: number, extra: Partial<Problem> = {}): Problem => ({
  severity: "error",
  code: "missing_offset",
  file: "a.csv",
  row,
  line: row + 1,
  column: "created_at",
  value: 'with "quotes" and\nlines',
  message: "A message.",
  ...extra,
});

async function text(chunks: AsyncIterable<string | Uint8Array>): Promise<string> {
  const out: Buffer[] = [];
  for await (const chunk of chunks) out.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(out).toString("utf8");
}

const summary = { files: 2, rows: 3, validRows: 1, errors: 3, warnings: 0, byCode: { missing_offset: 3 } };

describe("jsonReportChunks writes what JSON.stringify(report, null, 2) writes", () => {
  it.each([
    { name: "problems in both files", head: [[problem(0, { column: null, code: "no_boundary", severity: "warning" })], []], rows: [[problem(1), problem(2)], [problem(1, { file: "b.csv" })]] },
    { name: "a file without problems", head: [[], []], rows: [[problem(1)], []] },
    { name: "no problems at all", head: [[], []], rows: [[], []] },
    { name: "whole-file problems only", head: [[problem(0, { code: "empty_file", column: null, value: null, line: null })], []], rows: [[], []] },
  ])("$name", async ({ head, rows }) => {
    const files = head.map((problems, index) => ({ file: index ? "b.csv" : "a.csv", profile: "canonical", rows: 2, validRows: 0, problems }));
    const report: ValidationReport = { ok: false, files, summary, mapping: { file: "m.csv", rows: 1, problems: [] } };
    const whole = { ...report, files: files.map((file, index) => ({ ...file, problems: [...file.problems, ...rows[index]!] })) };
    // Small chunks, so that a problem and its file's closing bracket fall into different chunks.
    const written = await text(jsonReportChunks(report, (index) => rows[index]!, 10));
    expect(written).toBe(`${JSON.stringify(whole, null, 2)}\n`);
  });

  it.each([
    { name: "after whole-file problems", head: [problem(0, { code: "empty_file", column: null, value: null, line: null })] },
    { name: "with no whole-file problem", head: [] },
  ])("copies problems written ahead as UTF-8 bytes, $name", async ({ head }) => {
    const rows = [problem(1, { value: "Łukasz ’ \u2028" }), problem(2, { hint: "add the offset" }), problem(3, { column: null, value: null })];
    const report: ValidationReport = { ok: false, files: [{ file: "a.csv", profile: "canonical", rows: 3, validRows: 0, problems: head }, { file: "b.csv", profile: "canonical", rows: 0, validRows: 0, problems: [] }], summary };
    const whole = { ...report, files: [{ ...report.files[0]!, problems: [...head, ...rows] }, report.files[1]!] };
    const bytes = Buffer.from(rows.map((p) => problemText(p, false)).join(""));
    async function* pieces() {
      // Cut anywhere, even inside a character.
      for (let at = 0; at < bytes.length; at += 7) yield bytes.subarray(at, at + 7);
    }
    const written = await text(jsonReportChunks(report, () => [], 10, (index) => (index === 0 ? pieces() : null)));
    expect(written).toBe(`${JSON.stringify(whole, null, 2)}\n`);
  });

  it("writes a problem of another shape as JSON.stringify does", () => {
    const odd = { code: "missing_offset", severity: "error", file: "a.csv", row: 1, line: 2, column: "c", value: "v", message: "m" } as Problem;
    const withUndefinedHint = { ...problem(1), hint: undefined } as Problem;
    for (const p of [odd, withUndefinedHint, problem(1, { hint: "h\"int" })]) {
      expect(problemText(p, true)).toBe(`\n        ${JSON.stringify(p, null, 2).replaceAll("\n", "\n        ")}`);
    }
  });

  it("escapes every string as JSON.stringify does", () => {
    const alphabet = ['a', '"', "\\", "\n", "\u0000", "\u001f", "\u007f", "\u2028", "é", "Ł", "\ud83d\ude00", "\ud800", "\udfff", "`", " ", "!", "#", "[", "]", "\ud7ff", "\ue000", "\uffff"];
    let seed = 7;
    const pick = () => alphabet[(seed = (seed * 1103515245 + 12345) % 2147483648) % alphabet.length]!;
    for (let n = 0; n < 2000; n++) {
      const text = Array.from({ length: n % 12 }, pick).join("");
      const p = problem(n, { value: text, message: `m ${text}`, hint: text, column: text, file: `${text}.csv` });
      expect(problemText(p, false)).toBe(`,\n        ${JSON.stringify(p, null, 2).replaceAll("\n", "\n        ")}`);
    }
  });

  it("streams from async iterables", async () => {
    const report: ValidationReport = { ok: false, files: [{ file: "a.csv", profile: "canonical", rows: 1000, validRows: 0, problems: [] }], summary };
    async function* many() {
      for (let row = 1; row <= 1000; row++) yield problem(row);
    }
    const whole = { ...report, files: [{ ...report.files[0]!, problems: Array.from({ length: 1000 }, (_, i) => problem(i + 1)) }] };
    expect(await text(jsonReportChunks(report, () => many()))).toBe(`${JSON.stringify(whole, null, 2)}\n`);
  });
});
