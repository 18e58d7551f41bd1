import { daysInMonth, MAX_OFFSET_MINUTES, parseCanonicalTimestamp, utcMs } from "../../time/timestamp.ts";
import { addZoneOffset, wallTimeInSteadyHour } from "../../time/zoned.ts";
import { asciiScratch, scratchBytes } from "../cell-bytes.ts";
import { QUOTE_MAX_CHARS, quote, type RuleFinding } from "../problem.ts";

/**
 * Timestamp rules for `created_at` and `closed_at`: `invalid_timestamp`, `missing_offset`
 * (a value that would match the grammar but has no offset), `future_timestamp` (later than the
 * time of validation, warning) and `closed_before_created` (reported on `closed_at`).
 * Blank values are left to `required` (created_at) or allowed (closed_at).
 */

export type TimestampContext = { nowMs: number; timeZone: string };

export type TimestampResult = { findings: RuleFinding[]; epochMs: number | null };

const example = "2015-12-05T13:11:59-05:00";

export function checkTimestamp(column: string, value: string, context: TimestampContext): TimestampResult {
  if (value === "") return { findings: [], epochMs: null };
  // The commonest fault (every row of an export without offsets): a wall time on a real date, in
  // an hour with one offset, read once; its text needs no quoting (digits and separators).
  const steady = wallTimeInSteadyHour(value, context.timeZone);
  if (steady?.ok && hasSteadyText(value)) {
    return { findings: [steadyMissingOffset(column, value, steady.offset, context.timeZone)], epochMs: null };
  }
  const parsed = parseCanonicalTimestamp(value);
  if (!parsed.ok) {
    if (parsed.reason === "missing_offset") {
      return { findings: [missingOffset(column, value, quote(value), missingOffsetHint(value, context.timeZone))], epochMs: null };
    }
    return {
      findings: [
        {
          code: "invalid_timestamp",
          column,
          value,
          message: parsed.message
            ? `${column} is not a full ISO 8601 timestamp like ${example}: ${parsed.message}`
            : `${quote(value)} in ${column} is not a full ISO 8601 timestamp like ${example}.`,
          ...(parsed.hint ? { hint: parsed.hint } : {}),
        },
      ],
      epochMs: null,
    };
  }
  const findings: RuleFinding[] = [];
  if (parsed.epochMs > context.nowMs) {
    findings.push({
      code: "future_timestamp",
      column,
      value,
      message: `The timestamp ${quote(value)} in ${column} is in the future. Check the date and its offset.`,
    });
  }
  return { findings, epochMs: parsed.epochMs };
}

/**
 * The instant of a value `checkTimestamp` has nothing to say about (a canonical timestamp, not
 * in the future), else null; `checkTimestamp` explains the rest. This is the per-row fast path
 * (two timestamps a row): it reads `YYYY-MM-DDTHH:MM:SS[.f…](Z|±HH:MM)` in one function, with no
 * calls per character and no result object, and returns null for anything else. It must agree
 * with parseCanonicalTimestamp (lib/time), the definition: it accepts a subset of what that
 * accepts, with the same instant (utcMs is shared; timestamps.test.ts compares the two).
 * A value that is not ASCII is not canonical (null).
 */
export function acceptedTimestampMs(value: string, nowMs: number): number | null {
  const n = asciiScratch(value);
  return n < 0 ? null : acceptedTimestampMsAt(scratchBytes(), 0, n, nowMs);
}

/** `acceptedTimestampMs` of the value in `bytes[start]` to `bytes[start + len - 1]` (lib/engine/cell-bytes.ts). */
export function acceptedTimestampMsAt(bytes: Uint8Array, start: number, len: number, nowMs: number): number | null {
  if (len < 20 || !readWallTime(bytes, start)) return null;
  // Fraction: milliseconds from the first three digits, further digits truncated.
  const end = start + len;
  let i = start + 19;
  let ms = 0;
  if (bytes[i] === 46 /* . */) {
    i++;
    const fractionStart = i;
    let scale = 100;
    for (; i < end; i++) {
      const d = bytes[i]! - 48;
      if (!isDigit(d)) break;
      ms += d * scale;
      scale = scale >= 10 ? scale / 10 : 0;
    }
    if (i === fractionStart) return null;
  }
  // Offset: `Z` or `±HH:MM`, ending the value.
  let offsetMinutes = 0;
  const sign = i < end ? bytes[i]! : -1;
  if (sign === 90 /* Z */) {
    if (i + 1 !== end) return null;
  } else if (sign === 43 /* + */ || sign === 45 /* - */) {
    if (i + 6 !== end) return null;
    const oh0 = bytes[i + 1]! - 48;
    const oh1 = bytes[i + 2]! - 48;
    const om0 = bytes[i + 4]! - 48;
    const om1 = bytes[i + 5]! - 48;
    if (bytes[i + 3] !== 58 || !isDigit(oh0) || !isDigit(oh1) || !isDigit(om0) || !isDigit(om1)) return null;
    const offsetMins = om0 * 10 + om1;
    offsetMinutes = (oh0 * 10 + oh1) * 60 + offsetMins;
    if (offsetMins > 59 || offsetMinutes > MAX_OFFSET_MINUTES) return null;
    if (sign === 45 && offsetMinutes !== 0) offsetMinutes = -offsetMinutes; // -00:00 is 0, not -0
  } else {
    return null;
  }
  if (!realWallTime()) return null;
  const epochMs = utcMs(wall[0]!, wall[1]!, wall[2]!, wall[3]!, wall[4]!, wall[5]!, ms) - offsetMinutes * 60_000;
  return epochMs <= nowMs ? epochMs : null;
}

/**
 * Whether `checkTimestamp` says exactly one thing of the value, `missing_offset`: a wall time
 * `YYYY-MM-DDTHH:MM:SS[.f…]` on a real date (year 0001 or later) with nothing after it. The
 * commonest fault of real exports (every timestamp of a file without offsets), told apart
 * without making the finding's text: a caller that defers the text (lib/engine/deferred-text.ts)
 * has the writer make it. timestamps.test.ts compares this with checkTimestamp.
 */
export function isMissingOffsetOnly(value: string): boolean {
  const n = asciiScratch(value);
  return n >= 0 && isMissingOffsetOnlyAt(scratchBytes(), 0, n);
}

/** `isMissingOffsetOnly` of the value in `bytes[start]` to `bytes[start + len - 1]`. */
export function isMissingOffsetOnlyAt(bytes: Uint8Array, start: number, len: number): boolean {
  if (len !== 19 && !(len > 20 && bytes[start + 19] === 46 /* . */)) return false;
  if (!readWallTime(bytes, start)) return false;
  for (let i = start + 20; i < start + len; i++) if (!isDigit(bytes[i]! - 48)) return false;
  return realWallTime();
}

/** The fields readWallTime read last: year, month, day, hour, minute, second (no object a call). */
const wall = new Int32Array(6);

/**
 * Reads `YYYY-MM-DDTHH:MM:SS` at `bytes[start]` into `wall`: false when a position is not its
 * digit or separator. Every position is read before any is tested (no branch a character). The
 * caller has checked that the value has at least 19 bytes.
 */
function readWallTime(bytes: Uint8Array, start: number): boolean {
  const y0 = bytes[start]! - 48;
  const y1 = bytes[start + 1]! - 48;
  const y2 = bytes[start + 2]! - 48;
  const y3 = bytes[start + 3]! - 48;
  const mo0 = bytes[start + 5]! - 48;
  const mo1 = bytes[start + 6]! - 48;
  const d0 = bytes[start + 8]! - 48;
  const d1 = bytes[start + 9]! - 48;
  const h0 = bytes[start + 11]! - 48;
  const h1 = bytes[start + 12]! - 48;
  const mi0 = bytes[start + 14]! - 48;
  const mi1 = bytes[start + 15]! - 48;
  const s0 = bytes[start + 17]! - 48;
  const s1 = bytes[start + 18]! - 48;
  if (
    !isDigit(y0) || !isDigit(y1) || !isDigit(y2) || !isDigit(y3) || !isDigit(mo0) || !isDigit(mo1) ||
    !isDigit(d0) || !isDigit(d1) || !isDigit(h0) || !isDigit(h1) || !isDigit(mi0) || !isDigit(mi1) ||
    !isDigit(s0) || !isDigit(s1) ||
    bytes[start + 4] !== 45 /* - */ || bytes[start + 7] !== 45 || bytes[start + 10] !== 84 /* T */ ||
    bytes[start + 13] !== 58 /* : */ || bytes[start + 16] !== 58
  ) {
    return false;
  }
  wall[0] = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  wall[1] = mo0 * 10 + mo1;
  wall[2] = d0 * 10 + d1;
  wall[3] = h0 * 10 + h1;
  wall[4] = mi0 * 10 + mi1;
  wall[5] = s0 * 10 + s1;
  return true;
}

/** Whether the date and time readWallTime read are real: year 0001 on, a day of its month, a time of day. */
function realWallTime(): boolean {
  const year = wall[0]!;
  const month = wall[1]!;
  return year !== 0 && month >= 1 && month <= 12 && wall[2]! >= 1 && wall[2]! <= daysInMonth(year, month) && wall[3]! <= 23 && wall[4]! <= 59 && wall[5]! <= 59;
}

function isDigit(d: number): boolean {
  return d >= 0 && d <= 9;
}

export function checkClosedAfterCreated(
  closedValue: string,
  closedMs: number | null,
  createdValue: string,
  createdMs: number | null,
  column = "closed_at",
): RuleFinding | null {
  if (closedMs === null || createdMs === null || closedMs >= createdMs) return null;
  return {
    code: "closed_before_created",
    column,
    value: closedValue,
    message: `closed_at ${quote(closedValue)} is earlier than created_at ${quote(createdValue)}: an issue cannot close before it was created.`,
  };
}

function missingOffset(column: string, value: string, quoted: string, hint: string): RuleFinding {
  return { code: "missing_offset", column, value, message: `The timestamp ${quoted} in ${column} has no time-zone offset.`, hint };
}

const steadyHint = (zoned: { offset: string; iso: string }, timeZone: string) => `add the offset, e.g. ${zoned.offset} (\`${zoned.iso}\` in ${timeZone})`;

/**
 * Whether a value wallTimeInSteadyHour reads gets the steady text (steadyMissingOffset): it is
 * quoted whole (not shortened) and its year is not 0000.
 */
export function hasSteadyText(value: string): boolean {
  return value.length <= QUOTE_MAX_CHARS && !value.startsWith("0000");
}

/** `hasSteadyText` of the value `length` long at `start` in `text`. */
export function hasSteadyTextIn(text: string, start: number, length: number): boolean {
  return length <= QUOTE_MAX_CHARS && !(length >= 4 && text.startsWith("0000", start));
}

/**
 * missing_offset of a wall time in an hour with one offset (`offset`, "-05:00"), the commonest
 * case: its value needs no quoting (digits and separators). The one source of its text, for the
 * rule and for a report writer that lays it out itself (lib/engine/report/missing-offset-json.ts).
 */
export function steadyMissingOffset(column: string, value: string, offset: string, timeZone: string): RuleFinding {
  return missingOffset(column, value, `\`${value}\``, steadyHint({ offset, iso: `${value}${offset}` }, timeZone));
}

/** "add the offset, e.g. -05:00 (…)", with the organization's offset at that local time. */
export function missingOffsetHint(value: string, timeZone: string): string {
  const zoned = addZoneOffset(value, timeZone);
  if (zoned.ok) return steadyHint(zoned, timeZone);
  if (zoned.reason === "gap" || zoned.reason === "repeat") return `add the offset: ${zoned.message}`;
  return `add the offset, e.g. \`${value}-05:00\``;
}
