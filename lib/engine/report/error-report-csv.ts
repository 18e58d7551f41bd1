/**
 * The error-report CSV (contract §6). It holds the rows that have errors, every original column
 * in the original order with its original value, and a last column `import_errors`. A user fixes
 * the file in a spreadsheet and uploads it again, so the write side and the read side are one
 * codec that must round-trip exactly.
 *
 * Why it is built this way:
 * - No cell may run as a formula. A value starting with `=`, `+`, `-`, `@`, tab or CR gets a
 *   leading `'`, except plain numbers such as `-72.51` or `+5`. Undoing that must be exact, so
 *   a value that itself starts with `'` followed by one of those characters (or by another
 *   `'`) is escaped by doubling: `'` + value. `restoreFormula` strips exactly one leading `'`
 *   when the next character is a trigger or `'`. Then restoreFormula(neutralizeFormula(v)) === v
 *   for every string. The header and the `import_errors` cells are neutralised too.
 * - Writing is a streaming generator of text chunks, so a million-row report never becomes one
 *   string. Quoting and neutralising are the project's one CSV writer (../write/csv-writer.ts):
 *   CRLF, no BOM, so tools that compare header names see no stray U+FEFF.
 * - A short row (a field_count error) is padded with empty cells so that `import_errors` stays
 *   under its header. A long row keeps every field, so no data is lost, and `import_errors`
 *   follows them. On re-upload such a row is again a field_count error until it is fixed.
 * - On re-upload, `stripErrorReport` wraps readCsv's events. When the last header is
 *   `import_errors` it drops that column from the header and from every record, restores every
 *   cell, and recomputes field_count against the original header. A re-uploaded report then
 *   reads like the original file. Row and line numbers still refer to the uploaded file.
 */
import { type CsvEvent, type CsvRecord, fieldCountProblem } from "../read/read-csv.ts";
import { neutralizeFormula, quoteCsvField, restoreFormula } from "../write/csv-writer.ts";
import { importErrorsColumn } from "../format.ts";

/** "column: message" joined by "; " (contract §6). A null or empty column gives just the message. */
export function formatImportErrors(problems: readonly { column: string | null; message: string }[]): string {
  return problems.map((p) => (p.column ? `${p.column}: ${p.message}` : p.message)).join("; ");
}

export interface ErrorReportRow {
  /** The record's original values, in the original column order. */
  fields: readonly string[];
  /** `formatImportErrors(...)` of the row's problems. */
  errors: string;
}

export interface WriteErrorReportOptions {
  /** Default ",". */
  delimiter?: string;
  /** Characters buffered before a chunk is yielded; default 64 Ki. */
  chunkChars?: number;
}

/** Streams the error-report CSV as text chunks: the header plus `import_errors`, then one line per row. */
export async function* writeErrorReportCsv(
  header: readonly string[],
  rows: AsyncIterable<ErrorReportRow> | Iterable<ErrorReportRow>,
  options: WriteErrorReportOptions = {},
): AsyncGenerator<string> {
  const delimiter = options.delimiter ?? ",";
  const chunkChars = options.chunkChars ?? 64 * 1024;
  const width = header.length;
  const line = (cells: readonly string[], errors: string): string => {
    let out = "";
    for (let i = 0; i < cells.length; i++) out += quoteCsvField(neutralizeFormula(cells[i]!), delimiter) + delimiter;
    for (let i = cells.length; i < width; i++) out += delimiter;
    return `${out}${quoteCsvField(neutralizeFormula(errors), delimiter)}\r\n`;
  };
  let buffer = line(header, importErrorsColumn);
  for await (const row of rows) {
    buffer += line(row.fields, row.errors);
    if (buffer.length >= chunkChars) {
      yield buffer;
      buffer = "";
    }
  }
  if (buffer.length > 0) yield buffer;
}

/** True when the header's last column is `import_errors` (a re-uploaded error report). */
export function isErrorReportHeader(header: readonly string[]): boolean {
  return header.length > 0 && header[header.length - 1] === importErrorsColumn;
}

/** A report header without `import_errors`, every name restored. */
export function stripErrorReportHeader(header: readonly string[]): string[] {
  return header.slice(0, -1).map(restoreFormula);
}

/**
 * One record of a re-uploaded report. Drops the `import_errors` cell when the record reaches
 * that column, restores every cell, and recomputes field_count against the original header
 * width. Other read problems stay.
 */
export function stripErrorReportRecord(record: CsvRecord, originalWidth: number): CsvRecord {
  const raw = record.fields;
  const kept = raw.length > originalWidth ? raw.length - 1 : raw.length;
  const fields = new Array<string>(kept);
  for (let i = 0; i < kept; i++) fields[i] = restoreFormula(raw[i]!);
  let problem = record.problem;
  if (problem === undefined || problem.code === "field_count") {
    problem = fields.length === originalWidth ? undefined : fieldCountProblem(record.row, record.line, fields.length, originalWidth);
  }
  return { row: record.row, line: record.line, fields, problem };
}

/**
 * Wraps readCsv's events. A re-uploaded error report comes out as the original file would;
 * any other file passes through unchanged.
 */
export async function* stripErrorReport(events: AsyncIterable<CsvEvent>): AsyncGenerator<CsvEvent> {
  let originalWidth = -1; // -1: not an error report (or no header yet)
  for await (const event of events) {
    if (event.kind === "header") {
      if (isErrorReportHeader(event.fields)) {
        const fields = stripErrorReportHeader(event.fields);
        originalWidth = fields.length;
        yield { kind: "header", fields, line: event.line };
      } else {
        yield event;
      }
    } else if (event.kind === "records" && originalWidth >= 0) {
      const records = event.records;
      const out = new Array<CsvRecord>(records.length);
      for (let i = 0; i < records.length; i++) out[i] = stripErrorReportRecord(records[i]!, originalWidth);
      yield { kind: "records", records: out };
    } else {
      yield event;
    }
  }
}
