import { parseCanonicalTimestamp } from "../../time/timestamp.ts";
import { addZoneOffset } from "../../time/zoned.ts";
import { quote, type RuleFinding } from "../problem.ts";

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
  const parsed = parseCanonicalTimestamp(value);
  if (!parsed.ok) {
    if (parsed.reason === "missing_offset") {
      return {
        findings: [
          {
            code: "missing_offset",
            column,
            value,
            message: `The timestamp ${quote(value)} in ${column} has no time-zone offset.`,
            hint: missingOffsetHint(value, context.timeZone),
          },
        ],
        epochMs: null,
      };
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

/** "add the offset, e.g. -05:00 (…)", with the organization's offset at that local time. */
export function missingOffsetHint(value: string, timeZone: string): string {
  const zoned = addZoneOffset(value, timeZone);
  if (zoned.ok) return `add the offset, e.g. ${zoned.offset} (\`${zoned.iso}\` in ${timeZone})`;
  if (zoned.reason === "gap" || zoned.reason === "repeat") return `add the offset: ${zoned.message}`;
  return `add the offset, e.g. \`${value}-05:00\``;
}
