import { readCsv, type CsvEvent } from "./read/read-csv.ts";
import { detach, makeProblem, quote, type Problem, type RuleFinding } from "./problem.ts";
import { closestMatch } from "./rules/did-you-mean.ts";

/**
 * The request-type mapping file (contract §2 "Request-type mapping file"): columns
 * `old_request_type,request_type`, or the vendor form `from,to`. Each old value appears once and
 * each target is a request type of the organization; every broken record (each repeat of an old
 * value after its first, each blank or unknown target, a blank old value) is one
 * `mapping_invalid` on that record, and the broken entry is ignored. The first occurrence of an
 * old value claims it even when its own target is broken.
 *
 * A header with neither pair of columns makes the whole file unusable: one `mapping_invalid` at
 * row 0 (line 1) and an empty mapping, so every row that needed it gets `unknown_request_type`.
 * Other columns are ignored. Reading problems (encoding, quoting, field counts) keep their own
 * codes and belong to the mapping file too.
 */

export type MappingReport = { file: string; rows: number; problems: Problem[] };
export type MappingResult = { mapping: Map<string, string>; report: MappingReport };

const headerForms = [
  ["old_request_type", "request_type"],
  ["from", "to"],
] as const;

export type MappingBuilder = {
  header(fields: readonly string[]): void;
  record(fields: readonly string[], row: number, line: number): void;
  problem(problem: Problem): void;
  /** The reader's count of data records (including flagged ones). */
  rows(count: number): void;
  finish(): MappingResult;
};

export function createMappingBuilder(file: string, requestTypeTitles: Iterable<string>): MappingBuilder {
  const titles = new Set(requestTypeTitles);
  const mapping = new Map<string, string>();
  const firstRowOf = new Map<string, number>();
  const problems: Problem[] = [];
  let columns: MappingColumns | null = null;
  let rows = 0;

  const add = (finding: RuleFinding, row: number, line: number | null) => {
    problems.push(makeProblem(finding, { file, row, line }));
  };

  return {
    header(fields) {
      columns = mappingColumns(fields);
      if (!columns) add(unusableHeader(fields), 0, 1);
    },
    record(fields, row, line) {
      rows = Math.max(rows, row);
      if (!columns) return;
      const old = (fields[columns.old] ?? "").trim();
      const target = (fields[columns.target] ?? "").trim();
      const refused = refusedOldValue(columns, old, firstRowOf.get(old));
      if (refused) {
        add(refused, row, line);
        return;
      }
      // Kept for the whole run: copies, so they do not keep the mapping file's chunks alive.
      firstRowOf.set(detach(old), row);
      const unmapped = refusedTarget(columns, old, target, titles);
      if (unmapped) {
        add(unmapped, row, line);
        return;
      }
      mapping.set(detach(old), detach(target));
    },
    problem(problem) {
      if (problem.row > 0) rows = Math.max(rows, problem.row);
      problems.push(problem);
    },
    rows(count) {
      rows = Math.max(rows, count);
    },
    finish() {
      const ordered = problems
        .map((problem, order) => ({ problem, order }))
        .sort((a, b) => a.problem.row - b.problem.row || a.order - b.order)
        .map(({ problem }) => problem);
      return { mapping, report: { file, rows, problems: ordered } };
    },
  };
}

type MappingColumns = { old: number; target: number; oldName: string; targetName: string };

/** The columns of the first header form the header has; null when it has neither. */
function mappingColumns(fields: readonly string[]): MappingColumns | null {
  const names = fields.map((name) => name.trim());
  for (const [oldName, targetName] of headerForms) {
    const old = names.indexOf(oldName);
    const target = names.indexOf(targetName);
    if (old >= 0 && target >= 0) return { old, target, oldName, targetName };
  }
  return null;
}

function unusableHeader(fields: readonly string[]): RuleFinding {
  return {
    code: "mapping_invalid",
    column: null,
    value: fields.join(","),
    message: `The mapping file's header must be \`old_request_type,request_type\` (or \`from,to\`), not ${quote(fields.join(","))}: no request type was mapped.`,
  };
}

/** A blank old value, or one an earlier line already claimed (`firstRow`). */
function refusedOldValue(columns: MappingColumns, old: string, firstRow: number | undefined): RuleFinding | null {
  if (old === "") {
    return { code: "mapping_invalid", column: columns.oldName, value: old, message: "This mapping line has no old request type: fill it in or delete the line." };
  }
  if (firstRow === undefined) return null;
  return {
    code: "mapping_invalid",
    column: columns.oldName,
    value: old,
    message: `The old request type ${quote(old)} is already mapped on row ${firstRow}: each old value may appear only once, so this line is ignored.`,
  };
}

/** A blank target, or one that is not a request type of the organization. */
function refusedTarget(columns: MappingColumns, old: string, target: string, titles: ReadonlySet<string>): RuleFinding | null {
  if (target === "") {
    return { code: "mapping_invalid", column: columns.targetName, value: target, message: `The old request type ${quote(old)} is mapped to nothing: name one of the organization's request types.` };
  }
  if (titles.has(target)) return null;
  const match = closestMatch(target, titles);
  return {
    code: "mapping_invalid",
    column: columns.targetName,
    value: target,
    message: `${quote(target)} is not a request type of the organization, so ${quote(old)} is not mapped`,
    ...(match ? { hint: `did you mean \`${match}\`?` } : {}),
  };
}

/** Reads a mapping file from a byte stream. */
export async function readMappingFile(
  file: string,
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  requestTypeTitles: Iterable<string>,
): Promise<MappingResult> {
  const builder = createMappingBuilder(file, requestTypeTitles);
  for await (const event of readCsv(source) as AsyncIterable<CsvEvent>) {
    if (event.kind === "header") builder.header(event.fields);
    else if (event.kind === "records") {
      for (const record of event.records) {
        // A record the reader flags (field count, quoting, encoding) is reported and not used.
        if (record.problem) builder.problem(readProblemToProblem(file, record.problem));
        else builder.record(record.fields, record.row, record.line);
      }
    } else if (event.kind === "problem") builder.problem(readProblemToProblem(file, event.problem));
    else builder.rows(event.rows);
  }
  return builder.finish();
}

/** A reading problem as a report problem of `file`; like makeProblem, it owns its strings. */
export function readProblemToProblem(
  file: string,
  problem: { code: string; severity?: string; row: number; line: number | null; column?: string | null; value: string | null; message: string; hint?: string },
): Problem {
  const out: Problem = {
    severity: problem.severity === "warning" ? "warning" : "error",
    code: problem.code as Problem["code"],
    file,
    row: problem.row,
    line: problem.line,
    column: detach(problem.column ?? null),
    value: detach(problem.value),
    message: detach(problem.message),
  };
  if (problem.hint !== undefined) out.hint = detach(problem.hint);
  return out;
}
