import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

// Rows written with COPY … FROM STDIN in its text format: the hot paths of ingest (ImportRow)
// and of the executor (the CRM rows). Against `INSERT … SELECT … FROM unnest($1::int[], …)`,
// whose array parameters both sides must encode and parse, it cut the worker's CPU for 100,000
// imported rows from 6.2–7.9 s to 4.1–4.9 s (bench:import).

export type CopyValue = string | number | boolean | null;

const needsEscape = /[\\\t\n\r]/;

/** One value in COPY's text format: `\N` for null; backslash, tab, line feed and carriage return escaped. */
export function copyValue(value: CopyValue): string {
  if (value === null) return "\\N";
  if (typeof value === "boolean") return value ? "t" : "f";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot COPY the number ${value}`);
    return String(value);
  }
  if (!needsEscape.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

/** One row: values separated by tabs, ended by a line feed. */
export function copyLine(values: readonly CopyValue[]): string {
  let line = copyValue(values[0] ?? null);
  for (let i = 1; i < values.length; i++) line += `\t${copyValue(values[i]!)}`;
  return `${line}\n`;
}

const BLOCK_BYTES = 256 * 1024;

/**
 * A table's rows in COPY's text format, encoded to UTF-8 as they are added, in blocks of
 * 256 KiB. Concatenating a chunk's lines into one string and encoding it at the end cost more
 * than writing the rows (flattening a rope of thousands of pieces, and its garbage).
 */
export class CopyBuffer {
  private readonly blocks: Buffer[] = [];
  private block = Buffer.allocUnsafe(BLOCK_BYTES);
  private used = 0;
  rows = 0;

  add(values: readonly CopyValue[]): void {
    const line = copyLine(values);
    // Worst case 3 bytes per UTF-16 unit: make sure the line fits before writing it.
    if (this.used + line.length * 3 > this.block.length) {
      this.seal();
      if (line.length * 3 > this.block.length) this.block = Buffer.allocUnsafe(line.length * 3);
    }
    this.used += this.block.write(line, this.used, "utf8");
    this.rows++;
  }

  /** The encoded rows, block by block. */
  chunks(): Buffer[] {
    this.seal();
    return this.blocks;
  }

  private seal(): void {
    if (this.used === 0) return;
    this.blocks.push(this.block.subarray(0, this.used));
    this.block = Buffer.allocUnsafe(BLOCK_BYTES);
    this.used = 0;
  }
}

/** Quotes an identifier for SQL ("importJobId" → "\"importJobId\""). */
function identifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** COPY of the buffered rows into `table`'s `columns`, inside the client's transaction. */
export async function copyRows(client: pg.ClientBase, table: string, columns: readonly string[], rows: CopyBuffer): Promise<void> {
  if (rows.rows === 0) return;
  const sql = `COPY ${identifier(table)} (${columns.map(identifier).join(", ")}) FROM STDIN`;
  await pipeline(Readable.from(rows.chunks()), client.query(copyFrom(sql)));
}
