import { makeProblem, type Problem } from "../problem.ts";
import { hasSteadyTextIn, steadyMissingOffset } from "../rules/timestamps.ts";
import { steadyOffsetMinutes } from "../../time/zoned.ts";
import { problemText } from "./json-report.ts";

/**
 * A deferred `missing_offset` problem (lib/engine/deferred-text.ts) written as bytes, as
 * `problemText` writes it, in its commonest case: a wall time in an hour with one offset. An
 * export without offsets has one on every timestamp, and making each problem's ~250 characters
 * of text and then encoding the ~540 bytes of its JSON cost more than finding all the file's
 * faults. Here only the row, the line, the value and the offset are written per problem; the
 * rest is copied from a template of the problem's file and column.
 *
 * The template is the writer's and the rule's own output, not a copy of it: problemText of the
 * rule's finding (`steadyMissingOffset`) made with markers for the four parts, cut at the
 * markers. It is checked once against problemText of a real finding, and a file or column whose
 * template does not come out the same (a marker's digits in the file's name) is written the
 * general way, as is any value outside the common case (`write` returns false).
 */

const ROW_MARK = 1_999_999_991;
const LINE_MARK = 1_999_999_992;
const VALUE_MARK = "\u0001";
const OFFSET_MARK = "\u0002";

/** MissingOffsetJson's slots of offsets by hour: a power of two. */
export const HOUR_SLOTS = 1 << 16;

/**
 * A zone's offsets in minutes by hour of wall time (`hourKey`; an hour has one: a steady hour), in
 * HOUR_SLOTS slots by the key's low bits (a slot keeps its last hour: ~7 years without a clash).
 * A Map hashed its number for each problem (~0.1 s on the every-row-error file). One table a
 * zone for the thread (768 KiB), shared by its writers: a block's writer is made for each block.
 */
type HourOffsets = { keys: Int32Array; minutes: Float64Array };
const hourOffsetsByZone = new Map<string, HourOffsets>();

function hourOffsetsOf(timeZone: string): HourOffsets {
  let hours = hourOffsetsByZone.get(timeZone);
  if (hours === undefined) {
    // A long-lived process may serve many organizations: a few zones' tables at most.
    if (hourOffsetsByZone.size >= 8) hourOffsetsByZone.clear();
    hours = { keys: new Int32Array(HOUR_SLOTS).fill(-1), minutes: new Float64Array(HOUR_SLOTS) };
    hourOffsetsByZone.set(timeZone, hours);
  }
  return hours;
}

const ROW = 0;
const LINE = 1;
const VALUE = 2;
const OFFSET = 3;

/** The texts of the markers in the problem's JSON, by part. */
const markTexts = [String(ROW_MARK), String(LINE_MARK), JSON.stringify(VALUE_MARK).slice(1, -1), JSON.stringify(OFFSET_MARK).slice(1, -1)];

type Template = {
  /** UTF-8 bytes between the parts: one more than `parts`. */
  segments: Uint8Array[];
  /** The part after each segment but the last (ROW, LINE, VALUE or OFFSET). */
  parts: number[];
  /** Bytes of the segments. */
  fixedBytes: number;
  /** Its layouts by shape (MissingOffsetJson's `write`). */
  layouts: Map<number, Layout>;
  /** The last layout used and its shape: a column's problems come with one shape for many rows. */
  lastKey: number;
  lastLayout: Layout | null;
};

const encoder = new TextEncoder();

/** Where a problem's JSON goes: a buffer with room, and where its bytes start and end. */
export type ByteTarget = {
  /** A buffer with room for `maxBytes` at `position`. */
  reserve(maxBytes: number): Uint8Array;
  readonly position: number;
  /** The bytes written after `reserve` end at `to`. */
  advance(to: number): void;
};

/**
 * One problem's bytes for one shape (the digits of its row and line, its value's length, the
 * first problem of a list or not): the template's bytes laid out once, copied whole, and the
 * variable parts written over their places.
 */
type Layout = {
  bytes: Uint8Array;
  rowAt: number;
  lineAt: number;
  valueAts: number[];
  offsetAts: number[];
};

export class MissingOffsetJson {
  private readonly templates = new Map<string, Map<string, Template | null>>();
  /** The last problem's file and its templates by column (a file's problems come together). */
  private lastFile = "";
  private lastTemplates: Map<string, Template | null> | null = null;
  /** The last two columns' templates (created_at and closed_at, row after row), of `lastFile`. */
  private column0: string | null = null;
  private template0: Template | null = null;
  private column1: string | null = null;
  private template1: Template | null = null;
  /** The zone's offsets by hour (hourOffsetsOf), when the first is asked for. */
  private hours: HourOffsets | null = null;
  private lastBuffer: Uint8Array | null = null;
  private lastView: Uint8Array = new Uint8Array(0);
  private lastDataView: DataView | null = null;

  constructor(private readonly timeZone: string) {}

  /**
   * Writes a deferred missing_offset problem as `problemText(problem, first)` would with its text
   * made, and returns true; false (nothing written) when it is not of the common case: the
   * caller then writes it the general way. Its value is one `isMissingOffsetOnly` accepted, as
   * for every deferred missing_offset problem.
   */
  write(problem: Problem, first: boolean, target: ByteTarget): boolean {
    const { value, column, row, line } = problem;
    if (value === null || column === null || line === null) return false;
    return this.writeAt(problem.file, column, row, line, value, 0, value.length, first, target);
  }

  /**
   * `write` of a deferred missing_offset problem given by its parts, its value `length` long at
   * `from` in `text` (a packed batch's texts, packed-problems.ts: no string is sliced and
   * no Problem made for it).
   */
  writeAt(file: string, column: string, row: number, line: number, text: string, from: number, length: number, first: boolean, target: ByteTarget): boolean {
    if (!hasSteadyTextIn(text, from, length)) return false;
    if (!(row >= 0 && row < 1e10 && line >= 0 && line < 1e10 && Number.isInteger(row) && Number.isInteger(line))) return false;
    const minutes = this.offsetMinutes(text, from, length);
    if (Number.isNaN(minutes)) return false;
    const template = this.template(file, column);
    if (template === null) return false;
    const rowDigits = digits(row);
    const lineDigits = digits(line);
    const key = ((rowDigits * 16 + lineDigits) * 64 + length) * 2 + (first ? 1 : 0);
    let layout = template.lastKey === key ? template.lastLayout : null;
    if (layout === null) {
      layout = template.layouts.get(key) ?? null;
      if (layout === null) {
        layout = makeLayout(template, rowDigits, lineDigits, length, first);
        template.layouts.set(key, layout);
      }
      template.lastKey = key;
      template.lastLayout = layout;
    }
    const into = this.view(target.reserve(layout.bytes.byteLength));
    const at = target.position;
    fill(layout, row, line, text, from, length, minutes, into, at, this.lastDataView!);
    target.advance(at + layout.bytes.byteLength);
    return true;
  }

  /**
   * A plain Uint8Array over the target's buffer: a Node Buffer's methods are looked up through
   * Buffer.prototype, whose many properties V8 keeps as a dictionary, at each call.
   */
  private view(buffer: Uint8Array): Uint8Array {
    if (buffer !== this.lastBuffer) {
      this.lastBuffer = buffer;
      this.lastView = buffer.constructor === Uint8Array ? buffer : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      this.lastDataView = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    }
    return this.lastView;
  }

  /** steadyOffsetMinutes, by the value's hour (its offset is the hour's: singleOffset). */
  private offsetMinutes(text: string, from: number, length: number): number {
    const hours = (this.hours ??= hourOffsetsOf(this.timeZone));
    const key = hourKey(text, from);
    const slot = key & (HOUR_SLOTS - 1);
    if (hours.keys[slot] === key) return hours.minutes[slot]!;
    const minutes = steadyOffsetMinutes(text.slice(from, from + length), this.timeZone);
    hours.keys[slot] = key;
    hours.minutes[slot] = minutes;
    return minutes;
  }

  private template(file: string, column: string): Template | null {
    let byColumn = this.lastTemplates;
    if (file !== this.lastFile || byColumn === null) {
      byColumn = this.templates.get(file) ?? new Map<string, Template | null>();
      this.templates.set(file, byColumn);
      this.lastFile = file;
      this.lastTemplates = byColumn;
      this.column0 = this.column1 = null;
    }
    if (column === this.column0) return this.template0;
    if (column === this.column1) return this.template1;
    let template = byColumn.get(column);
    if (template === undefined) {
      template = makeTemplate(file, column, this.timeZone);
      byColumn.set(column, template);
    }
    this.column1 = this.column0;
    this.template1 = this.template0;
    this.column0 = column;
    this.template0 = template;
    return template;
  }
}

/** The layout's bytes at `at`, with the problem's row, line, value and offset written over their places. */
function fill(layout: Layout, row: number, line: number, text: string, from: number, length: number, minutes: number, into: Uint8Array, at: number, view = new DataView(into.buffer, into.byteOffset, into.byteLength)): void {
  into.set(layout.bytes, at);
  writeDigits(row, into, at + layout.rowAt + digits(row));
  writeDigits(line, into, at + layout.lineAt + digits(line));
  // The value once, then copied to its other places four bytes at a time.
  const valueAts = layout.valueAts;
  const first = at + valueAts[0]!;
  for (let i = 0; i < length; i++) into[first + i] = text.charCodeAt(from + i);
  const words = length & ~3;
  for (let v = 1; v < valueAts.length; v++) {
    const to = at + valueAts[v]!;
    for (let i = 0; i < words; i += 4) view.setInt32(to + i, view.getInt32(first + i, true), true);
    for (let i = words; i < length; i++) into[to + i] = into[first + i]!;
  }
  // "+HH:MM" / "-HH:MM", as formatOffset writes it.
  const sign = minutes < 0 ? 45 /* - */ : 43; /* + */
  const abs = Math.abs(minutes);
  const hours = Math.floor(abs / 60);
  const mins = abs % 60;
  const offsetAts = layout.offsetAts;
  for (let o = 0; o < offsetAts.length; o++) {
    const p = at + offsetAts[o]!;
    into[p] = sign;
    into[p + 1] = 48 + Math.floor(hours / 10);
    into[p + 2] = 48 + (hours % 10);
    into[p + 3] = 58; /* : */
    into[p + 4] = 48 + Math.floor(mins / 10);
    into[p + 5] = 48 + (mins % 10);
  }
}

/** `YYYY-MM-DDTHH` of the wall time at `at` in `text` as one number (the digits are checked: isMissingOffsetOnly). */
export function hourKey(text: string, at: number): number {
  const digit = (i: number) => text.charCodeAt(at + i) - 48;
  const year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
  const month = digit(5) * 10 + digit(6);
  const day = digit(8) * 10 + digit(9);
  const hour = digit(11) * 10 + digit(12);
  return ((year * 13 + month) * 32 + day) * 24 + hour;
}

/** Decimal digits of a whole number below 10^10. */
function digits(n: number): number {
  let count = 1;
  for (let limit = 10; n >= limit && count < 10; limit *= 10) count++;
  return count;
}

/** `n`'s digits ending just before `end`. */
function writeDigits(n: number, into: Uint8Array, end: number): void {
  let p = end - 1;
  if (n <= 0x7fffffff) {
    // In 32-bit integers: a double's `%` is a call to fmod, most of a problem's time here.
    let rest = n | 0;
    do {
      const tenth = (rest / 10) | 0;
      into[p--] = 48 + rest - tenth * 10;
      rest = tenth;
    } while (rest > 0);
    return;
  }
  let rest = n;
  do {
    into[p--] = 48 + (rest % 10);
    rest = Math.floor(rest / 10);
  } while (rest > 0);
}

function makeLayout(template: Template, rowDigits: number, lineDigits: number, valueLength: number, first: boolean): Layout {
  const { segments, parts } = template;
  const width = (part: number) => (part === ROW ? rowDigits : part === LINE ? lineDigits : part === VALUE ? valueLength : 6);
  // A marker's digits in the file's name make a part too many: the check then rejects the template.
  const size = template.fixedBytes - (first ? 1 : 0) + parts.reduce((sum, part) => sum + width(part), 0);
  const bytes = new Uint8Array(size);
  const layout: Layout = { bytes, rowAt: 0, lineAt: 0, valueAts: [], offsetAts: [] };
  let to = copy(segments[0]!, first ? 1 : 0, bytes, 0);
  parts.forEach((part, i) => {
    if (part === ROW) layout.rowAt = to;
    else if (part === LINE) layout.lineAt = to;
    else if (part === VALUE) layout.valueAts.push(to);
    else if (part === OFFSET) layout.offsetAts.push(to);
    to = copy(segments[i + 1]!, 0, bytes, to + width(part));
  });
  return layout;
}

function makeTemplate(file: string, column: string, timeZone: string): Template | null {
  const marked = problemText(makeProblem(steadyMissingOffset(column, VALUE_MARK, OFFSET_MARK, timeZone), { file, row: ROW_MARK, line: LINE_MARK }, false), false);
  const texts: string[] = [];
  const parts: number[] = [];
  let from = 0;
  for (;;) {
    let next = -1;
    let part = -1;
    for (let p = 0; p < markTexts.length; p++) {
      const found = marked.indexOf(markTexts[p]!, from);
      if (found !== -1 && (next === -1 || found < next)) {
        next = found;
        part = p;
      }
    }
    if (next === -1) break;
    texts.push(marked.slice(from, next));
    parts.push(part);
    from = next + markTexts[part]!.length;
  }
  texts.push(marked.slice(from));
  const segments = texts.map((text) => encoder.encode(text));
  const template: Template = {
    segments,
    parts,
    fixedBytes: segments.reduce((sum, segment) => sum + segment.byteLength, 0),
    layouts: new Map(),
    lastKey: -1,
    lastLayout: null,
  };
  // The check: a real problem comes out as problemText writes it, through `fill` as `write` uses it.
  const value = "2016-01-01T00:03:52";
  const sample: Problem = makeProblem(steadyMissingOffset(column, value, "-05:00", timeZone), { file, row: 12, line: 345 }, false);
  const want = encoder.encode(problemText(sample, false));
  const layout = makeLayout(template, 2, 3, value.length, false);
  const got = new Uint8Array(layout.bytes.byteLength);
  fill(layout, 12, 345, value, 0, value.length, -300, got, 0);
  return got.byteLength === want.byteLength && got.every((byte, i) => byte === want[i]) ? template : null;
}

/** Bytes of `segment` from `from`, at `at`; returns the end. */
function copy(segment: Uint8Array, from: number, into: Uint8Array, at: number): number {
  into.set(segment.subarray(from), at);
  return at + segment.byteLength - from;
}
