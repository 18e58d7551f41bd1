import { Temporal } from "temporal-polyfill";
import { civilFromDays, daysInMonth, formatOffset, MONTH_NAMES, pad2, parseCanonicalTimestamp, utcMs } from "./timestamp.ts";

/**
 * Local wall time in an IANA zone → instant, with DST gaps (a time that never happened) and
 * repeats (an hour that happened twice) reported rather than guessed.
 *
 * Why not call Temporal per value: the polyfill's toZonedDateTime costs ~12 µs, i.e. tens of
 * seconds for a million-row conversion. Temporal (and through it the platform's tz database)
 * stays the only source of zone rules, but is asked only for each zone's offset transitions,
 * about a year at a time, and cached; each value then costs a few array lookups. A test
 * cross-checks this against Temporal's own disambiguation.
 */

export type LocalDateTime = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanosecond?: number;
};

export type ZonedResult =
  | { ok: true; epochMs: number; offset: string; iso: string }
  | { ok: false; reason: "gap" | "repeat" | "invalid"; message: string };

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** Transitions are fetched from Temporal one chunk (365 days of instants) at a time. */
const CHUNK_MS = 365 * 24 * HOUR;
/** Every offset a wall time could resolve with lies within this window (real offsets are < 16 h; the window adds slack for historic LMT). */
const SEARCH_MS = 26 * HOUR;
/** Instants whose text fits the canonical 4-digit year (0000-01-01 to 9999-12-31, with ±14 h slack). */
const MIN_EPOCH_MS = -62_167_219_200_000 + 14 * HOUR;
const MAX_EPOCH_MS = 253_402_300_799_999 - 14 * HOUR;

type Chunk = { startOffset: number; times: number[]; offsets: number[] };

class ZoneRules {
  private readonly chunks = new Map<number, Chunk>();
  /** By hour of wall time (ms / HOUR): the one offset of every wall time in it, or NaN (see singleOffset). */
  private readonly hourOffsets = new Map<number, number>();
  private lastHour = Number.NaN;
  private lastHourOffset = Number.NaN;
  private lastKey = Number.NaN;
  private last: Chunk = { startOffset: 0, times: [], offsets: [] };

  constructor(private readonly zone: string) {}

  private chunk(key: number): Chunk {
    if (key === this.lastKey) return this.last;
    let chunk = this.chunks.get(key);
    if (!chunk) {
      const start = key * CHUNK_MS;
      const end = start + CHUNK_MS;
      let zoned = Temporal.Instant.fromEpochMilliseconds(start).toZonedDateTimeISO(this.zone);
      chunk = { startOffset: zoned.offsetNanoseconds / 1e6, times: [], offsets: [] };
      for (;;) {
        const next = zoned.getTimeZoneTransition("next");
        if (!next || next.epochMilliseconds >= end) break;
        chunk.times.push(next.epochMilliseconds);
        chunk.offsets.push(next.offsetNanoseconds / 1e6);
        zoned = next;
      }
      this.chunks.set(key, chunk);
    }
    this.lastKey = key;
    this.last = chunk;
    return chunk;
  }

  /** UTC offset in ms at an instant. */
  offsetAt(epochMs: number): number {
    const chunk = this.chunk(Math.floor(epochMs / CHUNK_MS));
    let offset = chunk.startOffset;
    const { times, offsets } = chunk;
    for (let i = 0; i < times.length; i++) {
      if (epochMs < (times[i] as number)) break;
      offset = offsets[i] as number;
    }
    return offset;
  }

  /**
   * The offset every wall time of the hour containing `wall` resolves to, when there is exactly
   * one: then no instant within SEARCH_MS of the hour has another offset, so resolve's search
   * would find this one alone. NaN otherwise (near a transition): then resolve searches.
   */
  singleOffset(wall: number): number {
    const hour = Math.floor(wall / HOUR);
    if (hour === this.lastHour) return this.lastHourOffset;
    let offset = this.hourOffsets.get(hour);
    if (offset === undefined) {
      const start = hour * HOUR;
      const count = this.offsetsBetween(start - SEARCH_MS, start + HOUR + SEARCH_MS, hourCandidates);
      offset = count === 1 ? (hourCandidates[0] as number) : Number.NaN;
      if (this.hourOffsets.size >= 1 << 20) this.hourOffsets.clear();
      this.hourOffsets.set(hour, offset);
    }
    this.lastHour = hour;
    this.lastHourOffset = offset;
    return offset;
  }

  /** Writes each distinct offset in force at some instant of [from, to] into out; returns how many. */
  offsetsBetween(from: number, to: number, out: Float64Array): number {
    out[0] = this.offsetAt(from);
    let count = 1;
    for (let key = Math.floor(from / CHUNK_MS); key <= Math.floor(to / CHUNK_MS); key++) {
      const { times, offsets } = this.chunk(key);
      for (let i = 0; i < times.length && count < out.length; i++) {
        const time = times[i] as number;
        const offset = offsets[i] as number;
        if (time <= from || time > to) continue;
        let seen = false;
        for (let j = 0; j < count; j++) if (out[j] === offset) seen = true;
        if (!seen) out[count++] = offset;
      }
    }
    return count;
  }
}

const zoneCache = new Map<string, ZoneRules | null>();

function rulesFor(zone: string): ZoneRules | null {
  let rules = zoneCache.get(zone);
  if (rules !== undefined) return rules;
  try {
    Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(zone);
    rules = new ZoneRules(zone);
  } catch {
    rules = null;
  }
  zoneCache.set(zone, rules);
  return rules;
}

function badZone(zone: string): ZonedResult {
  return { ok: false, reason: "invalid", message: `"${zone}" is not a time zone; use an IANA name such as America/New_York.` };
}

export function localToInstant(local: LocalDateTime, timeZone: string): ZonedResult {
  return resolve(local, undefined, timeZone);
}

// Scratch space reused across calls (the hot path allocates only its result).
const candidates = new Float64Array(8);
const hourCandidates = new Float64Array(8);
const valid = new Float64Array(8);

/** `fraction` is the literal fraction text (".5") to keep in `iso`, else derived from nanosecond. */
function resolve(local: LocalDateTime, fraction: string | undefined, timeZone: string): ZonedResult {
  const fault = localFault(local);
  if (fault) return { ok: false, reason: "invalid", message: fault };
  const rules = rulesFor(timeZone);
  if (!rules) return badZone(timeZone);

  const { year, month, day, hour, minute, second } = local;
  const nanosecond = local.nanosecond ?? 0;
  const wall = utcMs(year, month, day, hour, minute, second, Math.floor(nanosecond / 1e6));

  let found = 0;
  const single = rules.singleOffset(wall);
  if (!Number.isNaN(single)) valid[found++] = single;
  else {
    const count = rules.offsetsBetween(wall - SEARCH_MS, wall + SEARCH_MS, candidates);
    for (let i = 0; i < count; i++) {
      const candidate = candidates[i] as number;
      if (rules.offsetAt(wall - candidate) === candidate) valid[found++] = candidate;
    }
  }

  if (found === 1) {
    const offset = valid[0] as number;
    const epochMs = wall - offset;
    const text = fraction ?? nanoFraction(nanosecond);
    if (offset % MINUTE === 0) {
      const offsetText = formatOffset(offset / MINUTE);
      const iso = `${year < 1000 ? String(year).padStart(4, "0") : year}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}${text}${offsetText}`;
      return { ok: true, epochMs, offset: offsetText, iso };
    }
    const iso = isoAt(epochMs, offset, text);
    return { ok: true, epochMs, offset: iso.slice(-6), iso };
  }
  const when = `${clock(hour, minute, second)} on ${day} ${MONTH_NAMES[month - 1]} ${year}`;
  if (found === 0) {
    return { ok: false, reason: "gap", message: `${when} never happened in ${timeZone} (clocks jumped forward).` };
  }
  // The earlier instant carries the larger offset.
  const offsets = Array.from(valid.subarray(0, found))
    .sort((a, b) => b - a)
    .map((o) => formatOffset(Math.round(o / MINUTE)));
  return {
    ok: false,
    reason: "repeat",
    message: `${when} happened twice in ${timeZone} (clocks went back): give the offset explicitly (${offsets[0]} for the first, ${offsets[1]} for the second).`,
  };
}

function localFault(local: LocalDateTime): string | undefined {
  const { year, month, day, hour, minute, second } = local;
  const nanosecond = local.nanosecond ?? 0;
  const whole =
    Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) && Number.isInteger(hour) &&
    Number.isInteger(minute) && Number.isInteger(second) && Number.isInteger(nanosecond);
  if (!whole) return "The date and time must be whole numbers.";
  if (year < 0 || year > 9999) return `Year ${year} is outside 0000–9999.`;
  if (month < 1 || month > 12) return `Month ${month} is not a real month.`;
  const monthName = MONTH_NAMES[month - 1] as string;
  if (day < 1 || day > daysInMonth(year, month)) {
    if (month === 2 && day === 29) return `February 29, ${year} is not a real date (${year} is not a leap year).`;
    return `${monthName} ${day}, ${year} is not a real date.`;
  }
  if (hour === 24) return "Hour 24 is not allowed; use 00:00 of the next day.";
  if (hour < 0 || hour > 23) return `Hour ${hour} is not a real hour (0–23).`;
  if (minute < 0 || minute > 59) return `Minute ${minute} is not a real minute (0–59).`;
  if (second < 0 || second > 59) return `Second ${second} is not a real second (0–59).`;
  if (nanosecond < 0 || nanosecond > 999_999_999) return "The fraction of a second is out of range.";
  return undefined;
}

/** "2:30 AM", with seconds only when they are not zero. */
function clock(hour: number, minute: number, second: number): string {
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${h12}:${pad2(minute)}${second ? `:${pad2(second)}` : ""} ${hour < 12 ? "AM" : "PM"}`;
}

/** ".5" style fraction text, in groups of three digits (".500"), or "" for whole seconds. */
function nanoFraction(nanosecond: number): string {
  if (nanosecond === 0) return "";
  const digits = String(nanosecond).padStart(9, "0");
  if (nanosecond % 1e6 === 0) return `.${digits.slice(0, 3)}`;
  if (nanosecond % 1e3 === 0) return `.${digits.slice(0, 6)}`;
  return `.${digits}`;
}

/**
 * Canonical text of an instant at an offset. The canonical grammar has whole-minute offsets,
 * so a historic offset with seconds (local mean time, e.g. -04:56:02) is rounded to the minute
 * and the wall time shifted with it: the text still names the exact instant.
 */
function isoAt(epochMs: number, offsetMs: number, fraction: string): string {
  const offsetMinutes = Math.round(offsetMs / MINUTE);
  const wallSeconds = Math.floor(epochMs / 1000) + offsetMinutes * 60;
  const days = Math.floor(wallSeconds / 86_400);
  const secondOfDay = wallSeconds - days * 86_400;
  const { year, month, day } = civilFromDays(days);
  const time = `${pad2(Math.floor(secondOfDay / 3600))}:${pad2(Math.floor(secondOfDay / 60) % 60)}:${pad2(secondOfDay % 60)}`;
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}T${time}${fraction}${formatOffset(offsetMinutes)}`;
}

/**
 * `/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?$/.exec(value)`, read by hand
 * (every missing_offset hint comes through here).
 */
export function wallTimeMatch(value: string): (string | undefined)[] | null {
  const len = value.length;
  if (len !== 19 && !(len > 20 && value.charCodeAt(19) === 46 /* . */)) return null;
  for (let i = 0; i < len; i++) {
    const c = value.charCodeAt(i);
    const expected = i === 4 || i === 7 ? 45 /* - */ : i === 10 ? 84 /* T */ : i === 13 || i === 16 ? 58 /* : */ : i === 19 ? 46 : -1;
    if (expected >= 0 ? c !== expected : c < 48 || c > 57) return null;
  }
  return [value, value.slice(0, 4), value.slice(5, 7), value.slice(8, 10), value.slice(11, 13), value.slice(14, 16), value.slice(17, 19), len > 19 ? value.slice(19) : undefined];
}

/** The number of the two digits at `at`, or -1 when they are not two digits. */
function twoDigitsAt(value: string, at: number): number {
  const a = value.charCodeAt(at) - 48;
  const b = value.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * addZoneOffset's common case, read in one pass with no intermediate strings: a value of
 * wallTimeMatch's shape on a real date (year 0000 included), in an hour of wall time with one
 * offset (singleOffset) of whole minutes. The result is what resolve returns for it (its iso is
 * the value with the offset: the same digits); null for anything else, which the general path
 * decides. The missing_offset rule reads its commonest case with it too.
 */
export function wallTimeInSteadyHour(value: string, timeZone: string): ZonedResult | null {
  const offset = steadyOffsetMs(value, timeZone);
  if (Number.isNaN(offset)) return null;
  const offsetText = formatOffset(offset / MINUTE);
  return { ok: true, epochMs: steadyWallMs - offset, offset: offsetText, iso: `${value}${offsetText}` };
}

/**
 * The offset wallTimeInSteadyHour gives `value`, in minutes, without its result object and
 * strings (a report writer that makes missing_offset texts itself); NaN where it gives null.
 */
export function steadyOffsetMinutes(value: string, timeZone: string): number {
  return steadyOffsetMs(value, timeZone) / MINUTE;
}

/** The wall time (as UTC ms) of the last value steadyOffsetMs read. */
let steadyWallMs = 0;

/** wallTimeInSteadyHour's offset in ms (NaN where it gives null); the wall time goes to steadyWallMs. */
function steadyOffsetMs(value: string, timeZone: string): number {
  const len = value.length;
  if (len !== 19 && !(len > 20 && value.charCodeAt(19) === 46 /* . */)) return Number.NaN;
  // `YYYY-MM-DDTHH:MM:SS`, then `.` and digits to the end when longer.
  const c0 = twoDigitsAt(value, 0);
  const c1 = twoDigitsAt(value, 2);
  const month = twoDigitsAt(value, 5);
  const day = twoDigitsAt(value, 8);
  const hour = twoDigitsAt(value, 11);
  const minute = twoDigitsAt(value, 14);
  const second = twoDigitsAt(value, 17);
  if (
    (c0 | c1 | month | day | hour | minute | second) < 0 ||
    value.charCodeAt(4) !== 45 /* - */ || value.charCodeAt(7) !== 45 || value.charCodeAt(10) !== 84 /* T */ ||
    value.charCodeAt(13) !== 58 /* : */ || value.charCodeAt(16) !== 58
  ) {
    return Number.NaN;
  }
  for (let i = 20; i < len; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return Number.NaN;
  }
  const year = c0 * 100 + c1;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return Number.NaN;
  const rules = rulesFor(timeZone);
  if (!rules) return Number.NaN;
  const nanosecond = len > 19 ? Number(value.slice(20, 29).padEnd(9, "0")) : 0;
  const wall = utcMs(year, month, day, hour, minute, second, Math.floor(nanosecond / 1e6));
  const offset = rules.singleOffset(wall);
  if (Number.isNaN(offset) || offset % MINUTE !== 0) return Number.NaN;
  steadyWallMs = wall;
  return offset;
}

/**
 * "2015-12-05T13:11:59" → "2015-12-05T13:11:59-05:00": the same wall time with the zone's
 * offset at that instant (the "add the organization's UTC offset" fix). A value that already
 * has a valid offset is returned unchanged, so applying the fix twice is harmless.
 */
export function addZoneOffset(value: string, timeZone: string): ZonedResult {
  const fast = wallTimeInSteadyHour(value, timeZone);
  if (fast !== null) return fast;
  const match = wallTimeMatch(value);
  if (!match) {
    const parsed = parseCanonicalTimestamp(value);
    if (parsed.ok) {
      if (!rulesFor(timeZone)) return badZone(timeZone);
      return { ok: true, epochMs: parsed.epochMs, offset: formatOffset(parsed.offsetMinutes), iso: value };
    }
    return { ok: false, reason: "invalid", message: `"${value}" is not a date and time in the form 2015-12-05T13:11:59.` };
  }
  const fraction = match[7] ?? "";
  const local: LocalDateTime = {
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    hour: Number(match[4]),
    minute: Number(match[5]),
    second: Number(match[6]),
    nanosecond: fraction ? Number(fraction.slice(1, 10).padEnd(9, "0")) : 0,
  };
  return resolve(local, fraction, timeZone);
}

/** An instant as a ZonedResult in a zone (for sources that give instants, e.g. epoch seconds). */
export function instantInZone(epochMs: number, timeZone: string): ZonedResult {
  const rules = rulesFor(timeZone);
  if (!rules) return badZone(timeZone);
  if (!Number.isFinite(epochMs) || epochMs < MIN_EPOCH_MS || epochMs > MAX_EPOCH_MS) {
    return { ok: false, reason: "invalid", message: `${epochMs} ms since 1970 is outside the years 0000–9999.` };
  }
  const offset = rules.offsetAt(epochMs);
  const ms = ((epochMs % 1000) + 1000) % 1000;
  const iso = isoAt(epochMs, offset, ms ? `.${String(ms).padStart(3, "0")}` : "");
  return { ok: true, epochMs, offset: iso.slice(-6), iso };
}

/** Canonical ISO text of an instant with the zone's offset at that instant (used by export). */
export function formatInstant(epochMs: number, timeZone: string): string {
  const result = instantInZone(epochMs, timeZone);
  if (!result.ok) throw new RangeError(result.message);
  return result.iso;
}

let canonicalZones: ReadonlySet<string> | null = null;

/** An IANA zone name ("America/New_York", "UTC"); bare abbreviations such as "EST" are refused. */
export function isIanaTimeZone(zone: string): boolean {
  // A canonical name is known from the runtime's list (~2 ms the first time); only another name
  // (a link such as "Asia/Calcutta", or none) pays for a formatter (~20 ms the first time, at
  // every CLI start that reads an organization's configuration).
  canonicalZones ??= new Set(typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : []);
  if (canonicalZones.has(zone)) return zone.includes("/") || zone === "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone.includes("/") || zone === "UTC";
  } catch {
    return false;
  }
}
