import { formatOffset, MONTH_NAMES, parseCanonicalTimestamp } from "./timestamp.ts";
import { instantInZone, localToInstant, type ZonedResult } from "./zoned.ts";

/**
 * Other systems' timestamp formats, for source profiles (contract §7).
 *
 * A format is a pattern of tokens (the Unicode/Java letters most exports are described in):
 *   yyyy 4-digit year · yy 2-digit year (00–68 → 20xx, 69–99 → 19xx, as POSIX strptime)
 *   MM / M month (2 / 1–2 digits) · MMM Jan… · MMMM January…  (English, any case)
 *   dd / d day · HH / H hour 0–23 · hh / h hour 1–12 with `a` (AM/PM, a.m./p.m., any case)
 *   mm / m minute · ss / s second · S… fraction (1–9 digits, however many S are written)
 *   'text' literal letters ('' is a quote); any other non-letter is itself.
 * Year, month and day are required; a missing time of day is midnight.
 * Special formats: "epoch" (Unix seconds, optional fraction), "epoch_ms", and "iso" (the
 * canonical timestamp with its offset, passed through).
 *
 * Each format compiles once to one anchored RegExp; the zone-less ones go through
 * localToInstant, so DST gaps and repeats are reported, not guessed.
 */

export type LocalTimestampResult = ZonedResult | { ok: false; reason: "no_format"; message: string };

/**
 * A compiled format. Returns null when the value does not have the format's shape, or a
 * result: ok, a gap/repeat, or `invalid` when the shape fits but a field is out of range.
 */
export type LocalParser = (value: string, timeZone: string) => ZonedResult | null;

export class LocalFormatError extends Error {
  override name = "LocalFormatError";
}

type Field = "year" | "year2" | "month" | "monthName" | "day" | "hour" | "hour12" | "minute" | "second" | "fraction" | "ampm";

const TOKENS: Record<string, { field: Field; pattern: string }> = {
  yyyy: { field: "year", pattern: "(\\d{4})" },
  yy: { field: "year2", pattern: "(\\d{2})" },
  MMMM: { field: "monthName", pattern: "([A-Za-z]{3,9})" },
  MMM: { field: "monthName", pattern: "([A-Za-z]{3})" },
  MM: { field: "month", pattern: "(\\d{2})" },
  M: { field: "month", pattern: "(\\d{1,2})" },
  dd: { field: "day", pattern: "(\\d{2})" },
  d: { field: "day", pattern: "(\\d{1,2})" },
  HH: { field: "hour", pattern: "(\\d{2})" },
  H: { field: "hour", pattern: "(\\d{1,2})" },
  hh: { field: "hour12", pattern: "(\\d{2})" },
  h: { field: "hour12", pattern: "(\\d{1,2})" },
  mm: { field: "minute", pattern: "(\\d{2})" },
  m: { field: "minute", pattern: "(\\d{1,2})" },
  ss: { field: "second", pattern: "(\\d{2})" },
  s: { field: "second", pattern: "(\\d{1,2})" },
  a: { field: "ampm", pattern: "([AaPp])\\.?[Mm]\\.?" },
};

const MONTHS = new Map<string, number>();
MONTH_NAMES.forEach((name, index) => {
  MONTHS.set(name.toLowerCase(), index + 1);
  MONTHS.set(name.slice(0, 3).toLowerCase(), index + 1);
});

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const EPOCH_SECONDS = /^-?\d+(\.\d+)?$/;
const EPOCH_MS = /^-?\d+$/;

const parseIso: LocalParser = (value) => {
  const parsed = parseCanonicalTimestamp(value);
  if (parsed.ok) return { ok: true, epochMs: parsed.epochMs, offset: formatOffset(parsed.offsetMinutes), iso: value };
  // The canonical shape with an impossible field is this format's fault; anything else is not this format.
  return CANONICAL.test(value) ? { ok: false, reason: "invalid", message: parsed.message } : null;
};

const parseEpochSeconds: LocalParser = (value, timeZone) =>
  EPOCH_SECONDS.test(value) ? instantInZone(Math.round(Number(value) * 1000), timeZone) : null;

const parseEpochMs: LocalParser = (value, timeZone) => (EPOCH_MS.test(value) ? instantInZone(Number(value), timeZone) : null);

/** Why a format string cannot be compiled, or undefined when it can (for profile validation). */
export function localFormatProblem(format: string): string | undefined {
  try {
    compileLocalFormat(format);
    return undefined;
  } catch (error) {
    if (error instanceof LocalFormatError) return error.message;
    throw error;
  }
}

const compiled = new Map<string, LocalParser>();

/** Compiles a format once (cached); throws LocalFormatError for a format that makes no sense. */
export function compileLocalFormat(format: string): LocalParser {
  let parser = compiled.get(format);
  if (!parser) {
    parser = compile(format);
    compiled.set(format, parser);
  }
  return parser;
}

function compile(format: string): LocalParser {
  if (format === "iso") return parseIso;
  if (format === "epoch") return parseEpochSeconds;
  if (format === "epoch_ms") return parseEpochMs;

  let source = "^";
  const fields: Field[] = [];
  let i = 0;
  while (i < format.length) {
    const char = format[i] as string;
    if (char === "'") {
      // 'text' is literal; '' is a quote, inside or outside quoted text.
      if (format[i + 1] === "'") {
        source += "'";
        i += 2;
        continue;
      }
      let literal = "";
      for (i++; ; i++) {
        if (i >= format.length) throw new LocalFormatError(`Format "${format}" has an unclosed quote.`);
        if (format[i] !== "'") literal += format[i];
        else if (format[i + 1] === "'") literal += format[i++];
        else break;
      }
      source += escapeRegExp(literal);
      i++;
    } else if (/[A-Za-z]/.test(char)) {
      let run = char;
      while (format[i + run.length] === char) run += char;
      i += run.length;
      if (char === "S") {
        fields.push("fraction");
        source += "(\\d{1,9})";
        continue;
      }
      const token = TOKENS[run];
      if (!token) throw new LocalFormatError(`Format "${format}": "${run}" is not a format letter${suggest(run)}.`);
      if (fields.includes(token.field)) throw new LocalFormatError(`Format "${format}" names ${token.field} twice.`);
      fields.push(token.field);
      source += token.pattern;
    } else {
      source += escapeRegExp(char);
      i++;
    }
  }
  source += "$";

  const has = (field: Field) => fields.includes(field);
  if (!(has("year") || has("year2")) || !(has("month") || has("monthName")) || !has("day")) {
    throw new LocalFormatError(`Format "${format}" needs a year (yyyy), a month (MM) and a day (dd).`);
  }
  if (has("hour12") !== has("ampm")) {
    throw new LocalFormatError(`Format "${format}": a 12-hour clock (h, hh) goes with an AM/PM marker (a); use HH for a 24-hour clock.`);
  }
  if (has("hour") && has("hour12")) throw new LocalFormatError(`Format "${format}" names the hour twice.`);

  const pattern = new RegExp(source);
  const slot = (field: Field) => fields.indexOf(field) + 1; // capture group, 0 when absent
  const [year4, year2, month, monthName, day, hour, hour12, minute, second, fraction, ampm] = (
    ["year", "year2", "month", "monthName", "day", "hour", "hour12", "minute", "second", "fraction", "ampm"] as const
  ).map(slot) as [number, number, number, number, number, number, number, number, number, number, number];

  return (value, timeZone) => {
    const match = pattern.exec(value);
    if (!match) return null;
    let y = year4 ? int(match, year4) : int(match, year2);
    if (!year4) y += y < 69 ? 2000 : 1900;
    const m = monthName ? (MONTHS.get((match[monthName] as string).toLowerCase()) ?? 0) : int(match, month);
    if (m === 0) return { ok: false, reason: "invalid", message: `"${match[monthName]}" is not a month name.` };
    let h = int(match, hour);
    if (hour12) {
      h = int(match, hour12);
      if (h < 1 || h > 12) return { ok: false, reason: "invalid", message: `Hour ${h} is not a 12-hour clock hour (1–12).` };
      const pm = match[ampm] === "p" || match[ampm] === "P";
      h = (h % 12) + (pm ? 12 : 0);
    }
    const nanosecond = fraction ? Number((match[fraction] as string).padEnd(9, "0")) : 0;
    return localToInstant({ year: y, month: m, day: int(match, day), hour: h, minute: int(match, minute), second: int(match, second), nanosecond }, timeZone);
  };
}

/** The number in a capture group, 0 for an absent field (group 0). */
function int(match: RegExpExecArray, group: number): number {
  return group ? Number(match[group]) : 0;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function suggest(run: string): string {
  const fixes: Record<string, string> = { YYYY: "yyyy", YY: "yy", DD: "dd", D: "d", A: "a", ii: "mm", MI: "mm", SS: "ss" };
  const fix = fixes[run];
  return fix ? `; did you mean "${fix}"?` : "";
}

/**
 * Reads a value with the first format that fits. A value that fits a format's shape but not its
 * ranges (month 21 under MM/dd) tries the next format; gaps and repeats are answers, not
 * misfits, so they stop the search.
 */
export function parseLocalTimestamp(value: string, formats: string[], timeZone: string): LocalTimestampResult {
  let firstInvalid: ZonedResult | undefined;
  for (const format of formats) {
    const result = compileLocalFormat(format)(value, timeZone);
    if (result === null) continue;
    if (result.ok || result.reason !== "invalid") return result;
    firstInvalid ??= result;
  }
  if (firstInvalid) return firstInvalid;
  const shown = value.length > 40 ? `${value.slice(0, 37)}…` : value;
  return {
    ok: false,
    reason: "no_format",
    message: `"${shown}" fits none of the timestamp formats ${formats.map((f) => `"${f}"`).join(", ") || "(none given)"}.`,
  };
}

/** Dates systems write when they have none: zero dates of .NET, SQL Server, Excel/OLE, Unix, and "never". */
const PLACEHOLDER_DATES = new Set(["0001-01-01", "1753-01-01", "1899-12-30", "1899-12-31", "1900-01-01", "1970-01-01", "9999-12-31"]);

/**
 * Whether canonical timestamp text (a parse result's `iso`, or a canonical value) is a
 * placeholder rather than a real event: one of those dates, or exactly the Unix epoch in any
 * zone (1969-12-31T19:00:00-05:00).
 */
export function isPlaceholderDate(iso: string): boolean {
  if (PLACEHOLDER_DATES.has(iso.slice(0, 10))) return true;
  const parsed = parseCanonicalTimestamp(iso);
  return parsed.ok && parsed.epochMs === 0;
}
