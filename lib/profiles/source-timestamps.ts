import { compileLocalFormat, isPlaceholderDate, type LocalParser } from "../time/local-formats.ts";
import { instantInZone, localToInstant, type ZonedResult } from "../time/zoned.ts";

/**
 * Reads a source timestamp with a profile's formats and writes it canonically: ISO 8601 with
 * the offset in force in the profile's zone at that instant (2022-01-21T13:47:00-05:00).
 * Naive local times in a DST gap or repeat are reported, not guessed (contract §3), unless the
 * profile chose `earlier` or `later` for repeats.
 */

export type TimestampCode = "unparsed_timestamp" | "nonexistent_local_time" | "ambiguous_local_time";

export type TimestampOutcome =
  | { ok: true; iso: string; placeholder: boolean }
  | { ok: false; code: TimestampCode; message: string; hint?: string };

export type TimestampReader = (value: string) => TimestampOutcome;

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)? ?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const EPOCH_SECONDS = /^\d{1,11}(\.\d+)?$/;
const EPOCH_MILLIS = /^\d{1,14}$/;
/** Before 1970-01-03 or after 9998-12-31: only there can a placeholder date fall. */
const PLACEHOLDER_LOW_MS = 2 * 86_400_000;
const PLACEHOLDER_HIGH_MS = 253_370_764_800_000;

/** The iso format: an offset gives an instant; without one the wall time is in the zone. */
const parseIso: LocalParser = (value, timeZone) => {
  const m = ISO.exec(value);
  if (!m) return null;
  const fraction = m[7] ? Number(m[7].slice(1).padEnd(9, "0")) : 0;
  const local = { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +(m[4] ?? 0), minute: +(m[5] ?? 0), second: +(m[6] ?? 0), nanosecond: fraction };
  const offset = m[8];
  if (offset === undefined) return localToInstant(local, timeZone);
  const wall = localToInstant(local, "UTC");
  if (!wall.ok) return wall;
  const minutes = offset === "Z" || offset === "z" ? 0 : offsetMinutes(offset);
  if (Math.abs(minutes) > 14 * 60) return { ok: false, reason: "invalid", message: `The offset ${offset} is more than 14 hours.` };
  return instantInZone(wall.epochMs - minutes * 60_000, timeZone);
};

function offsetMinutes(offset: string): number {
  const digits = offset.slice(1).replace(":", "");
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  return offset[0] === "-" ? -minutes : minutes;
}

const parseEpochSeconds: LocalParser = (value, timeZone) =>
  EPOCH_SECONDS.test(value) ? instantInZone(Math.round(Number(value) * 1000), timeZone) : null;
const parseEpochMillis: LocalParser = (value, timeZone) => (EPOCH_MILLIS.test(value) ? instantInZone(Number(value), timeZone) : null);

function parserFor(format: string): LocalParser {
  if (format === "iso") return parseIso;
  if (format === "epoch-seconds") return parseEpochSeconds;
  if (format === "epoch-millis") return parseEpochMillis;
  return compileLocalFormat(format);
}

/** Whether a format reads naive wall times (so it needs a time zone to mean an instant). */
export function formatNeedsZone(format: string): boolean {
  return format !== "epoch-seconds" && format !== "epoch-millis";
}

export type TimestampReaderOptions = { formats: readonly string[]; timeZone: string; ambiguous?: "earlier" | "later" | undefined };

/** Compiles the formats once; the reader is called per cell. */
export function compileTimestampReader(options: TimestampReaderOptions): TimestampReader {
  const { formats, timeZone, ambiguous } = options;
  const parsers = formats.map(parserFor);
  const count = parsers.length;
  const listed = formats.map((f) => `"${f}"`).join(", ");
  return (value) => {
    let invalid: ZonedResult | undefined;
    for (let i = 0; i < count; i++) {
      const result = parsers[i]!(value, timeZone);
      if (result === null) continue;
      if (result.ok) return { ok: true, iso: result.iso, placeholder: isPlaceholder(result.epochMs, result.iso) };
      if (result.reason === "invalid") {
        invalid ??= result;
        continue;
      }
      return gapOrRepeat(result.reason, result.message, value, parsers[i]!, timeZone, ambiguous);
    }
    const reason = invalid && !invalid.ok ? ` ${invalid.message}` : "";
    return { ok: false, code: "unparsed_timestamp", message: `The timestamp \`${shorten(value)}\` fits none of the profile's formats (${listed}).${reason}` };
  };
}

function isPlaceholder(epochMs: number, iso: string): boolean {
  return (epochMs < PLACEHOLDER_LOW_MS || epochMs > PLACEHOLDER_HIGH_MS) && isPlaceholderDate(iso);
}

/** A DST gap (hint: one hour later) or repeat (resolved when the profile chose a side). */
function gapOrRepeat(
  reason: "gap" | "repeat",
  message: string,
  value: string,
  parser: LocalParser,
  timeZone: string,
  ambiguous: "earlier" | "later" | undefined,
): TimestampOutcome {
  // The wall time as if it were UTC, then the zone's offsets a day either side of it.
  const wall = parser(value, "UTC");
  if (!wall || !wall.ok) return { ok: false, code: "unparsed_timestamp", message };
  const before = offsetMsAt(wall.epochMs - 86_400_000, timeZone);
  const after = offsetMsAt(wall.epochMs + 86_400_000, timeZone);
  if (reason === "gap") {
    const later = instantInZone(wall.epochMs - before, timeZone);
    const hint = later.ok ? `the instant one hour later is ${later.iso}` : undefined;
    return { ok: false, code: "nonexistent_local_time", message, ...(hint ? { hint } : {}) };
  }
  if (ambiguous) {
    const chosen = instantInZone(wall.epochMs - (ambiguous === "earlier" ? before : after), timeZone);
    if (chosen.ok) return { ok: true, iso: chosen.iso, placeholder: false };
  }
  return { ok: false, code: "ambiguous_local_time", message, hint: 'set timestamps.ambiguous to "earlier" or "later" in the profile' };
}

function offsetMsAt(epochMs: number, timeZone: string): number {
  const result = instantInZone(epochMs, timeZone);
  return result.ok ? offsetMinutes(result.offset) * 60_000 : 0;
}

function shorten(value: string): string {
  return value.length > 40 ? `${value.slice(0, 39)}…` : value;
}

/** Whether a value reads as a real time under a format (for inference; zone-free, so no DST faults). */
export function timestampFits(format: string, value: string): boolean {
  const result = parserFor(format)(value, "UTC");
  return result !== null && result.ok;
}
