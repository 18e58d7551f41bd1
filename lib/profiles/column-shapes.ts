import { timestampFits } from "./source-timestamps.ts";

/**
 * What a sample of a column's values looks like, for inference: numbers and their range,
 * emails, and which timestamp formats read them. Day-first or month-first is decided from the
 * whole sample (one value with 13–31 first settles it for the column).
 */

export type ColumnShape = {
  /** Non-blank values in the sample. */
  filled: number;
  numeric: number;
  /** Numbers with a decimal point. */
  decimals: number;
  min: number;
  max: number;
  emails: number;
  distinct: Set<string>;
  /** Timestamp formats that read every filled value, in order of preference; empty when none does. */
  formats: string[];
  /** Both month-first and day-first read every value: month-first was taken. */
  ambiguousDayOrder: boolean;
};

const NUMBER = /^[+-]?\d+(\.\d+)?$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$/;
const DISTINCT_CAP = 50;

const TIMES = ["h:mm:ss a", "h:mm a", "H:mm:ss", "H:mm", "H:mm:ss.SSS"];
const monthFirst = ["M/d/yyyy", "M/d/yy", "M-d-yyyy"].flatMap((date) => [...TIMES.map((time) => `${date} ${time}`), date]);
const dayFirst = ["d/M/yyyy", "d/M/yy", "d.M.yyyy", "d-M-yyyy"].flatMap((date) => [...TIMES.map((time) => `${date} ${time}`), date]);
const otherFormats = ["iso", "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd", "d MMM yyyy HH:mm", "MMM d yyyy h:mm a"];

/** `dayOrder`: "day-first" when the file's other dates settled it. */
export function columnShape(values: readonly string[], dayOrder?: "day-first"): ColumnShape {
  const shape: ColumnShape = { filled: 0, numeric: 0, decimals: 0, min: Infinity, max: -Infinity, emails: 0, distinct: new Set(), formats: [], ambiguousDayOrder: false };
  const filled: string[] = [];
  for (const value of values) {
    if (value === "") continue;
    filled.push(value);
    if (shape.distinct.size < DISTINCT_CAP) shape.distinct.add(value);
    if (NUMBER.test(value)) {
      const n = Number(value);
      shape.numeric++;
      if (value.includes(".")) shape.decimals++;
      shape.min = Math.min(shape.min, n);
      shape.max = Math.max(shape.max, n);
    }
    if (EMAIL.test(value)) shape.emails++;
  }
  shape.filled = filled.length;
  if (filled.length > 0) Object.assign(shape, timestampFormats(filled, shape, dayOrder));
  return shape;
}

function timestampFormats(values: readonly string[], shape: ColumnShape, dayOrder?: "day-first"): { formats: string[]; ambiguousDayOrder: boolean } {
  const none = { formats: [], ambiguousDayOrder: false };
  if (shape.numeric === values.length) return { formats: epochFormat(values), ambiguousDayOrder: false };
  const first = values.slice(0, 200);
  const looksLikeDate = first.filter((value) => /\d/.test(value) && /[-/.: ]/.test(value) && value.length >= 6).length;
  if (looksLikeDate < first.length * 0.9) return none;
  const iso = fitting(otherFormats, values);
  if (iso.length > 0) return { formats: iso, ambiguousDayOrder: false };
  const us = fitting(monthFirst, values);
  const eu = fitting(dayFirst, values);
  if (dayOrder === "day-first" && eu.length > 0) return { formats: eu, ambiguousDayOrder: false };
  if (us.length > 0) return { formats: us, ambiguousDayOrder: eu.length > 0 };
  return { formats: eu, ambiguousDayOrder: false };
}

/** The formats that together read every value (each kept only if it reads some), or [] when some value fits none. */
function fitting(candidates: readonly string[], values: readonly string[]): string[] {
  const used = new Set<string>();
  let lastHit = candidates[0]!;
  for (const value of values) {
    if (timestampFits(lastHit, value)) {
      used.add(lastHit);
      continue;
    }
    const hit = candidates.find((format) => timestampFits(format, value));
    if (hit === undefined) return [];
    used.add(hit);
    lastHit = hit;
  }
  return candidates.filter((format) => used.has(format));
}

/** Whole numbers of 1979–2103 in seconds, or in milliseconds; other numbers (IDs, counts) are no timestamps. */
function epochFormat(values: readonly string[]): string[] {
  const inRange = (low: number, high: number) => values.every((value) => /^\d+$/.test(value) && Number(value) >= low && Number(value) <= high);
  if (inRange(3e8, 4.2e9)) return ["epoch-seconds"];
  if (inRange(3e11, 4.2e12)) return ["epoch-millis"];
  return [];
}
