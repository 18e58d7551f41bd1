import { readCsv, type ByteSource, type CsvEvent, type CsvRecord, type ReadProblem } from "../engine/read/read-csv.ts";
import { builtinProfiles } from "./builtin-profiles.ts";
import { jsonRecordEvents, looksLikeJson } from "./json-records.ts";
import { compileProfile, type CompiledProfile } from "./compile-profile.ts";
import { createRowConverter, type ConversionFinding } from "./convert-row.ts";
import { detectProfile, isCanonicalHeader, type Detection } from "./detect-profile.ts";
import { inferProfile, type Inference } from "./infer-profile.ts";
import { delimiterCharacters, type SourceProfile } from "./profile-schema.ts";
import { fitFormatsToSample } from "./fit-formats.ts";
import { formatNeedsZone } from "./source-timestamps.ts";
import { SuspectLocationCounter, type SuspectRow } from "./suspect-location.ts";
import { clearArray } from "../utils/clear-array.ts";

/**
 * The converter (contract §7): a source export's bytes → canonical rows, streaming, record by
 * record, on the engine's own reader and decoder. Every source record becomes exactly one
 * canonical row, in order, carrying its source row and line; a record the reader flags
 * (field_count, malformed_csv, invalid_encoding) is still converted and keeps its problem.
 * `suspect_location` needs the whole file, so it comes last, one finding per affected row.
 * Pure: runs in the CLI and in a browser Web Worker.
 */

export type ProfileChoice =
  | { how: "canonical" }
  | { how: "given"; profile: SourceProfile }
  /** `notes`: what was adjusted to the file (timestamp formats its values needed). */
  | { how: "detected"; profile: SourceProfile; detection: Detection; notes: string[] }
  | { how: "inferred"; profile: SourceProfile; inference: Inference };

export type ConvertedRow = { row: number; line: number; fields: string[]; findings: ConversionFinding[]; readProblem: ReadProblem | undefined };

export type ConvertEvent =
  /** After the header: the profile chosen and the canonical header (compiled is null for a canonical file, passed through). */
  | { kind: "start"; choice: ProfileChoice; compiled: CompiledProfile | null; header: string[]; delimiter: string }
  | { kind: "rows"; rows: ConvertedRow[] }
  /** A file-level read problem (encoding, empty file) or the row an unterminated quote starts. */
  | { kind: "problem"; problem: ReadProblem }
  /** In row order, made as they are read (each reading makes them afresh). */
  | { kind: "suspect"; rows: Iterable<SuspectRow> }
  | { kind: "end"; rows: number; bytes: number };

export type ConvertOptions = {
  /** A profile, or "auto": canonical passes through, else a built-in by headers, else inference. */
  profile: SourceProfile | "auto";
  /** The organization's zone, for naive timestamps when the profile names none. */
  timeZone?: string | undefined;
  fileName?: string;
  builtins?: readonly SourceProfile[];
  /** Records sampled for inference (default 1000). */
  sampleRows?: number;
  onBytes?: (bytes: number) => void;
};

/** The profile cannot be used on this file at all (no time zone for naive timestamps). */
export class ConvertSetupError extends Error {
  override name = "ConvertSetupError";
}

const SNIFF_BYTES = 64 * 1024;

export async function* convertCsv(source: ByteSource, options: ConvertOptions): AsyncGenerator<ConvertEvent> {
  const { head, rest } = await peek(source, SNIFF_BYTES);
  const given = options.profile === "auto" ? null : options.profile;
  const headText = decodeHead(head);
  const json = looksLikeJson(headText);
  const delimiter = json ? "," : given && given.delimiter !== "auto" ? delimiterCharacters[given.delimiter] : sniffDelimiter(headText);
  // A JSON list of requests (Open311's requests.json) reads as records too.
  const events = json ? jsonRecordEvents(chain(head, rest)) : readCsv(chain(head, rest), { delimiter, ...(options.onBytes ? { onBytes: options.onBytes } : {}) });
  const iterator = events[Symbol.asyncIterator]();
  try {
    const pending: CsvEvent[] = [];
    let header: string[] | null = null;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const event = next.value;
      if (event.kind === "header") {
        header = event.fields;
        break;
      }
      yield* passThrough(event);
    }
    if (header === null) return;
    const choice = await chooseProfile(header, options, delimiter, iterator, pending);
    const compiled = choice.how === "canonical" ? null : compileFor(choice.profile, header, options);
    yield { kind: "start", choice, compiled, header: compiled ? compiled.header : header, delimiter };
    yield* convertEvents(compiled, header, pending, iterator);
  } finally {
    // Stopped early (only the start was wanted): close the reader and, through it, the file.
    await iterator.return?.(undefined);
  }
}

async function* convertEvents(
  compiled: CompiledProfile | null,
  header: readonly string[],
  pending: CsvEvent[],
  iterator: AsyncIterator<CsvEvent>,
): AsyncGenerator<ConvertEvent> {
  const convert = compiled ? createRowConverter(compiled) : null;
  const suspect = compiled ? new SuspectLocationCounter() : null;
  const lat = compiled ? compiled.header.indexOf("lat") : -1;
  const lng = compiled ? compiled.header.indexOf("lng") : -1;
  let total = 0;
  const scratch: ConversionFinding[] = [];
  const handle = (event: CsvEvent): ConvertEvent[] => {
    if (event.kind !== "records") {
      if (event.kind === "end") total = event.rows;
      return event.kind === "header" ? [] : passThrough(event);
    }
    const rows: ConvertedRow[] = new Array(event.records.length);
    for (let r = 0; r < event.records.length; r++) {
      const record: CsvRecord = event.records[r]!;
      const fields = convert ? convert(record.fields, scratch) : record.fields;
      // A record the reader flags has fields that do not line up with the header: its own problem says it all.
      const findings = scratch.length === 0 || record.problem ? noFindings : scratch.slice();
      clearArray(scratch);
      if (suspect && !record.problem) suspect.add(record.row, record.line, fields[lat] ?? "", fields[lng] ?? "");
      rows[r] = { row: record.row, line: record.line, fields, findings, readProblem: record.problem };
    }
    return [{ kind: "rows", rows }];
  };
  let end: ConvertEvent | null = null;
  const emit = function* (event: CsvEvent) {
    for (const out of handle(event)) {
      if (out.kind === "end") end = out;
      else yield out;
    }
  };
  for (const event of pending) yield* emit(event);
  pending.length = 0;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield* emit(next.value);
  if (suspect && compiled) {
    const column = compiled.problemColumn("lat,lng") ?? "lat,lng";
    if (suspect.any(total)) yield { kind: "suspect", rows: { [Symbol.iterator]: () => suspect.finish(total, column) } };
  }
  if (end) yield end;
}

/** The findings of a row without any (nearly every row): one shared, frozen array. */
const noFindings: ConversionFinding[] = Object.freeze([]) as unknown as ConversionFinding[];

function passThrough(event: CsvEvent): ConvertEvent[] {
  if (event.kind === "problem") return [{ kind: "problem", problem: event.problem }];
  if (event.kind === "end") return [{ kind: "end", rows: event.rows, bytes: event.bytes }];
  return [];
}

/**
 * The profile for this header. With auto, up to `sampleRows` records are read ahead into
 * `pending`: a detected profile's timestamp formats are checked on them, or a profile is inferred.
 */
async function chooseProfile(
  header: string[],
  options: ConvertOptions,
  delimiter: string,
  iterator: AsyncIterator<CsvEvent>,
  pending: CsvEvent[],
): Promise<ProfileChoice> {
  if (options.profile !== "auto") return { how: "given", profile: options.profile };
  if (isCanonicalHeader(header)) return { how: "canonical" };
  const detection = detectProfile(header, options.builtins ?? builtinProfiles());
  const sample = await takeSample(iterator, pending, options.sampleRows ?? 1000);
  if (detection) {
    const fitted = fitFormatsToSample(detection.profile, header, sample);
    return { how: "detected", profile: fitted.profile, detection, notes: fitted.notes };
  }
  const named = Object.entries(delimiterCharacters).find(([, char]) => char === delimiter)?.[0] as SourceProfile["delimiter"] | undefined;
  const inference = inferProfile(header, sample, { ...(options.fileName ? { fileName: options.fileName } : {}), ...(named ? { delimiter: named } : {}) });
  return { how: "inferred", profile: inference.profile, inference };
}

/** Reads up to `limit` readable records into `pending` (they are converted afterwards) and returns their fields. */
async function takeSample(iterator: AsyncIterator<CsvEvent>, pending: CsvEvent[], limit: number): Promise<string[][]> {
  const sample: string[][] = [];
  while (sample.length < limit) {
    const next = await iterator.next();
    if (next.done) break;
    pending.push(next.value);
    if (next.value.kind === "records") for (const record of next.value.records) if (!record.problem) sample.push(record.fields);
    if (next.value.kind === "end") break;
  }
  return sample.slice(0, limit);
}

function compileFor(profile: SourceProfile, header: readonly string[], options: ConvertOptions): CompiledProfile {
  const zone = profile.timeZone ?? options.timeZone;
  if (zone === undefined) {
    const formats = [profile.timestamps.formats, ...Object.values(profile.columns).map((s) => (typeof s === "object" && "formats" in s ? (s.formats ?? []) : []))].flat();
    if (formats.some(formatNeedsZone)) {
      throw new ConvertSetupError(`profile "${profile.name}" reads timestamps without an offset, so it needs a time zone: pass --config ORG.json (its organization's zone) or set timeZone in the profile`);
    }
  }
  return compileProfile(profile, header, { timeZone: zone ?? "UTC" });
}

// ---------------------------------------------------------------------------------------------
// Delimiter sniffing, on the first bytes.

async function peek(source: ByteSource, bytes: number): Promise<{ head: Uint8Array[]; rest: AsyncIterator<Uint8Array> | null }> {
  const iterable: AsyncIterable<Uint8Array> = "getReader" in source && typeof source.getReader === "function" ? readableIterable(source) : (source as AsyncIterable<Uint8Array>);
  const iterator = iterable[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let size = 0;
  while (size < bytes) {
    const next = await iterator.next();
    if (next.done) return { head, rest: null };
    head.push(next.value);
    size += next.value.byteLength;
  }
  return { head, rest: iterator };
}

async function* readableIterable(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) yield r.value;
  } finally {
    reader.releaseLock();
  }
}

async function* chain(head: readonly Uint8Array[], rest: AsyncIterator<Uint8Array> | null): AsyncGenerator<Uint8Array> {
  try {
    yield* head;
    if (!rest) return;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    // Stopped early (a first look at the header): let the source close its file.
    await rest?.return?.(undefined);
  }
}

function decodeHead(head: readonly Uint8Array[]): string {
  const first = head[0];
  const utf16 = first && first.length >= 2 && ((first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff));
  const label = utf16 ? (first[0] === 0xff ? "utf-16le" : "utf-16be") : "utf-8";
  const decoder = new TextDecoder(label);
  return head.map((chunk) => decoder.decode(chunk, { stream: true })).join("");
}

/** The delimiter of the first record (outside quotes): the most frequent of comma, tab, pipe, semicolon; comma on a tie. */
export function sniffDelimiter(text: string): string {
  const counts = new Map<string, number>([[",", 0], ["\t", 0], ["|", 0], [";", 0]]);
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best = ",";
  for (const [char, count] of counts) if (count > counts.get(best)!) best = char;
  return best;
}
