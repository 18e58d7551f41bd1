import { readFileSync } from "node:fs";
import path from "node:path";
import { readCsv } from "../../engine/read/read-csv.ts";
import { bytesSource } from "../../engine/read/source.ts";
import { convertCsv, type ConvertOptions, type ProfileChoice } from "../convert-csv.ts";
import type { CompiledProfile } from "../compile-profile.ts";

/** Test helpers: convert a fixture in memory and look at the result by column name. */

export const testingDir = import.meta.dirname;
export const realDir = path.join(import.meta.dirname, "real");

export type Converted = {
  choice: ProfileChoice | null;
  compiled: CompiledProfile | null;
  header: string[];
  delimiter: string;
  rows: { row: number; line: number; values: Record<string, string>; fields: string[] }[];
  /** [row, code, column, value] of every conversion finding, read problem and suspect row. */
  findings: [number, string, string | null, string | null][];
};

export async function convertBytes(bytes: Uint8Array | string, options: Partial<ConvertOptions> = {}, chunkSize?: number): Promise<Converted> {
  const out: Converted = { choice: null, compiled: null, header: [], delimiter: "", rows: [], findings: [] };
  for await (const event of convertCsv(bytesSource(bytes, chunkSize), { profile: "auto", timeZone: "America/New_York", ...options })) {
    if (event.kind === "start") Object.assign(out, { choice: event.choice, compiled: event.compiled, header: event.header, delimiter: event.delimiter });
    if (event.kind === "problem") out.findings.push([event.problem.row, event.problem.code, null, event.problem.value]);
    if (event.kind === "suspect") for (const s of event.rows) out.findings.push([s.row, s.finding.code, s.finding.column, s.finding.value]);
    if (event.kind !== "rows") continue;
    for (const row of event.rows) {
      out.rows.push({ row: row.row, line: row.line, fields: row.fields, values: Object.fromEntries(out.header.map((name, i) => [name, row.fields[i] ?? ""])) });
      if (row.readProblem) out.findings.push([row.row, row.readProblem.code, null, row.readProblem.value]);
      for (const f of row.findings) out.findings.push([row.row, f.code, f.column, f.value]);
    }
  }
  out.findings.sort((a, b) => a[0] - b[0]);
  return out;
}

export function fixture(name: string, dir = testingDir): Uint8Array {
  return readFileSync(path.join(dir, name));
}

export async function convertFixture(name: string, options: Partial<ConvertOptions> = {}, dir = testingDir): Promise<Converted> {
  return convertBytes(fixture(name, dir), options);
}

/** The source records as the reader gives them (header, then rows of fields). */
export async function readSource(bytes: Uint8Array, delimiter: string): Promise<{ header: string[]; rows: string[][] }> {
  let header: string[] = [];
  const rows: string[][] = [];
  for await (const event of readCsv(bytesSource(bytes), { delimiter })) {
    if (event.kind === "header") header = event.fields;
    if (event.kind === "records") for (const record of event.records) rows.push(record.fields);
  }
  return { header, rows };
}

const NULLS = new Set(["", "na", "n/a", "null", "-"]);

/**
 * Source values nowhere in their canonical row (neither a canonical cell nor a line of the
 * internal comment). Timestamps are rewritten, so the columns that feed timestamps are skipped.
 */
export function lostValues(source: { header: string[]; rows: string[][] }, converted: Converted, timestampColumns: readonly string[]): string[] {
  const lost: string[] = [];
  source.rows.forEach((fields, r) => {
    const out = converted.rows[r]?.fields.join("\n") ?? "";
    fields.forEach((value, c) => {
      const name = source.header[c] ?? "";
      const trimmed = value.trim();
      if (NULLS.has(trimmed.toLowerCase()) || timestampColumns.includes(name)) return;
      if (!out.includes(trimmed)) lost.push(`row ${r + 1} ${name}: ${trimmed}`);
    });
  });
  return lost;
}
