import "server-only";
import { makeProblem, type Problem } from "../engine/problem.ts";
import { readProblemToProblem } from "../engine/mapping.ts";
import { fileSource } from "../engine/read/source.ts";
import { csvLine } from "../engine/write/csv-writer.ts";
import { convertCsv } from "../profiles/convert-csv.ts";
import type { SourceProfile } from "../profiles/profile-schema.ts";
import type { SuspectRow } from "../profiles/suspect-location.ts";

/**
 * A source export converted with its profile (lib/profiles) into canonical CSV bytes, for ingest
 * to validate and store like a canonical file. Each source record becomes one canonical row with
 * the same row number; what only the conversion knows travels beside the bytes, by row: the
 * source line, the conversion's findings (unparsed_timestamp, status_unknown, …) and a reader
 * problem. Ingest takes each row's entry as the validator reaches it, so the side table holds
 * only the rows read ahead.
 */
export class ConvertedSource {
  /** The file's own header, and the canonical header its rows are written in. */
  sourceHeader: string[] = [];
  header: string[] = [];
  /** Whole-file findings (unmatched_column): the file is blocked. */
  readonly fileProblems: Problem[] = [];
  /** Rows the reader flagged at the end (an unterminated quote). */
  private readonly lateReadProblems: Problem[] = [];
  /** suspect_location, known once the whole file was read (its findings are made as they are read). */
  private suspect: Iterable<SuspectRow> = [];
  private readonly byRow = new Map<number, { line: number; problems: Problem[]; unreadable: boolean }>();

  constructor(
    private readonly path: string,
    private readonly name: string,
    private readonly profile: SourceProfile,
    private readonly timeZone: string,
  ) {}

  /** The row problems known once the whole file was read, made as they are read. */
  *lateProblems(): Generator<Problem> {
    yield* this.lateReadProblems;
    for (const { row, line, finding } of this.suspect) yield makeProblem({ ...finding, column: "lat,lng" }, { file: this.name, row, line });
  }

  /** The canonical CSV, streamed. */
  async *bytes(): AsyncGenerator<Uint8Array> {
    const encoder = new TextEncoder();
    let text = "";
    for await (const event of convertCsv(fileSource(this.path), { profile: this.profile, timeZone: this.timeZone, fileName: this.name })) {
      if (event.kind === "start") {
        this.header = event.header;
        this.sourceHeader = [...(event.compiled?.sourceHeader ?? event.header)];
        for (const finding of event.compiled?.fileFindings ?? []) this.fileProblems.push(makeProblem(finding, { file: this.name, row: 0, line: 1 }));
        text += csvLine(event.header);
      } else if (event.kind === "rows") {
        for (const row of event.rows) {
          text += csvLine(row.fields);
          const problems = row.readProblem ? [readProblemToProblem(this.name, row.readProblem)] : row.findings.map((finding) => makeProblem({ ...finding, column: finding.canonical }, { file: this.name, row: row.row, line: row.line }));
          this.byRow.set(row.row, { line: row.line, problems, unreadable: row.readProblem !== undefined });
        }
        if (text.length >= 1 << 20) {
          yield encoder.encode(text);
          text = "";
        }
      } else if (event.kind === "problem") {
        const problem = readProblemToProblem(this.name, event.problem);
        (problem.row === 0 ? this.fileProblems : this.lateReadProblems).push(problem);
      } else if (event.kind === "suspect") {
        this.suspect = event.rows;
      }
    }
    if (text) yield encoder.encode(text);
  }

  /**
   * A validated row's source line and problems (on canonical columns, as the review's grid shows
   * them): the conversion's findings first, then the
   * validator's, except its echo of a cell the conversion already reported (an unparsed
   * timestamp is not also an invalid_timestamp). A record the reader flagged keeps only that.
   */
  take(row: number, line: number, validated: readonly Problem[]): { line: number; problems: readonly Problem[] } {
    const side = this.byRow.get(row);
    if (!side) return { line, problems: validated };
    this.byRow.delete(row);
    if (side.unreadable) return { line: side.line, problems: side.problems };
    const onSource = (problem: Problem) => ({ ...problem, line: side.line });
    if (!side.problems.length) return { line: side.line, problems: validated.map(onSource) };
    const converted = new Set(side.problems.map((problem) => problem.column));
    return { line: side.line, problems: [...side.problems, ...validated.filter((problem) => !converted.has(problem.column)).map(onSource)] };
  }
}
