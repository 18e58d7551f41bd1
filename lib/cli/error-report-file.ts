import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { readCsv, type CsvRecord } from "../engine/read/read-csv.ts";
import { fileSource } from "../engine/read/source.ts";
import { formatImportErrors, stripErrorReport, writeErrorReportCsv } from "../engine/report/error-report-csv.ts";
import type { Problem } from "../engine/problem.ts";
import { cannotWrite } from "./cli-errors.ts";

// `bulk-import error-report`: a second pass over the files writes the rows that have errors. The
// rows are not kept while validating, and neither are the problems: each file's problems come
// back in row order (problem-spool.ts) and are joined to its records as both stream by.

export type ErrorReportInput = {
  files: readonly string[];
  /** Each file's problems in row order (whole-file ones are skipped). */
  problemsOf: (fileIndex: number) => AsyncIterable<Problem>;
  output: string;
  delimiters?: readonly string[];
};

/** Writes the error-report CSV (contract §6); returns the rows written. */
export async function writeErrorReportFile(input: ErrorReportInput): Promise<number> {
  const { files, delimiters = [] } = input;
  const headers = await Promise.all(files.map((file, index) => readHeader(file, delimiters[index])));
  const outputHeader = unionHeader(headers.filter((header): header is string[] => header !== null));
  let written = 0;

  async function* rows(): AsyncGenerator<{ fields: string[]; errors: string }> {
    for (const [fileIndex, file] of files.entries()) {
      const header = headers[fileIndex];
      if (!header) continue;
      const place = placer(header, outputHeader);
      const records = recordsOf(file, delimiters[fileIndex]);
      for await (const { record, problems } of joinErrors(records, input.problemsOf(fileIndex))) {
        written++;
        yield { fields: place(record.fields), errors: formatImportErrors(problems) };
      }
    }
  }

  const stream = createWriteStream(input.output);
  const failed = new Promise<never>((_, reject) => stream.once("error", reject));
  try {
    const write = async () => {
      for await (const chunk of writeErrorReportCsv(outputHeader, rows())) {
        if (!stream.write(chunk)) await once(stream, "drain");
      }
      stream.end();
      await once(stream, "finish");
    };
    await Promise.race([write(), failed]);
  } catch (error) {
    stream.destroy();
    const fsError = error as NodeJS.ErrnoException;
    if (fsError.code) throw cannotWrite(input.output, fsError);
    throw error;
  }
  return written;
}

async function* recordsOf(file: string, delimiter = ","): AsyncGenerator<CsvRecord> {
  for await (const event of stripErrorReport(readCsv(fileSource(file), { delimiter }))) {
    if (event.kind === "records") yield* event.records;
  }
}

/** The records that have errors, each with its errors: a merge join of two streams in row order. */
async function* joinErrors(records: AsyncIterable<CsvRecord>, problems: AsyncIterable<Problem>): AsyncGenerator<{ record: CsvRecord; problems: Problem[] }> {
  const errors = problems[Symbol.asyncIterator]();
  let next = await nextError(errors);
  for await (const record of records) {
    while (next && next.row < record.row) next = await nextError(errors);
    if (!next) return;
    if (next.row !== record.row) continue;
    const found: Problem[] = [];
    while (next && next.row === record.row) {
      found.push(next);
      next = await nextError(errors);
    }
    yield { record, problems: found };
  }
}

async function nextError(problems: AsyncIterator<Problem>): Promise<Problem | null> {
  for (;;) {
    const step = await problems.next();
    if (step.done) return null;
    if (step.value.row > 0 && step.value.severity === "error") return step.value;
  }
}

/** A record's fields laid out on the output header; the writer pads a short row and keeps every field of a long one (contract §6). */
function placer(header: readonly string[], outputHeader: readonly string[]): (fields: string[]) => string[] {
  if (sameHeader(header, outputHeader)) return (fields) => fields;
  const firstAt = new Map<string, number>();
  outputHeader.forEach((name, at) => firstAt.has(name) || firstAt.set(name, at));
  const seen = new Set<string>();
  const positions = header.map((name) => {
    if (seen.has(name)) return -1;
    seen.add(name);
    return firstAt.get(name) ?? -1;
  });
  return (record) => {
    const fields = Array<string>(outputHeader.length).fill("");
    record.forEach((value, index) => {
      const position = positions[index];
      if (position !== undefined && position >= 0) fields[position] = value;
      else if (index >= header.length) fields.push(value);
    });
    return fields;
  };
}

async function readHeader(file: string, delimiter = ","): Promise<string[] | null> {
  for await (const event of stripErrorReport(readCsv(fileSource(file), { delimiter }))) {
    if (event.kind === "header") return event.fields;
    if (event.kind === "records") return null;
  }
  return null;
}

/** The files' headers merged by name, in order of first appearance (one file: its header as is). */
function unionHeader(headers: string[][]): string[] {
  const first = headers[0];
  if (!first) return [];
  if (headers.every((header) => sameHeader(header, first))) return first.filter((name) => name !== "import_errors");
  return [...new Set(headers.flat())].filter((name) => name !== "import_errors");
}

function sameHeader(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, index) => name === b[index]);
}
