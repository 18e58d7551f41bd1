import { describe, expect, it } from "vitest";
import { jsonReportChunks } from "./json-report.ts";
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

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = "";
  for await (const chunk of chunks) out += chunk;
  return out;
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

  it("streams from async iterables", async () => {
    const report: ValidationReport = { ok: false, files: [{ file: "a.csv", profile: "canonical", rows: 1000, validRows: 0, problems: [] }], summary };
    async function* many() {
      for (let row = 1; row <= 1000; row++) yield problem(row);
    }
    const whole = { ...report, files: [{ ...report.files[0]!, problems: Array.from({ length: 1000 }, (_, i) => problem(i + 1)) }] };
    expect(await text(jsonReportChunks(report, () => many()))).toBe(`${JSON.stringify(whole, null, 2)}\n`);
  });
});
