import type { RuleFinding } from "../engine/problem.ts";
import { quote } from "../engine/problem.ts";
import { trimCell } from "../engine/validate.ts";
import { normalizeValue } from "./column-getters.ts";
import type { CompiledProfile, StatusPlan, TimestampColumn } from "./compile-profile.ts";
import { clearArray } from "../utils/clear-array.ts";

/**
 * One source record → one canonical row (contract §7), with the conversion findings of the
 * row. This is the hot loop: plain code, one reused scratch array, no zod. A finding's
 * `column` is the source header it came from; `canonical` is the canonical column it feeds
 * (so `validate --profile` can drop its own duplicate of the same fault).
 */

export type ConversionFinding = RuleFinding & { canonical: string };
export type RowConverter = (fields: readonly string[], findings: ConversionFinding[]) => string[];

export function createRowConverter(compiled: CompiledProfile): RowConverter {
  const { sourceHeader, header, plain, summary, description, created, closedPosition, status, folded, foldPosition } = compiled;
  const width = header.length;
  const values = new Array<string>(sourceHeader.length).fill("");
  const extras: string[] = [];
  const clean = createCleaner(compiled, values, extras);
  const closeTime = status ? createCloseTime(status, created?.position ?? -1, values, extras) : null;
  const foldNames = folded.map((i) => sourceHeader[i] || `(column ${i + 1})`);

  function foldText(own: string): string {
    let text = own;
    for (let f = 0; f < folded.length; f++) {
      const value = values[folded[f]!]!;
      if (value !== "") text += `${text === "" ? "" : "\n"}${foldNames[f]}: ${value}`;
    }
    for (let e = 0; e < extras.length; e++) text += `${text === "" ? "" : "\n"}${extras[e]}`;
    return text;
  }

  return (fields, findings) => {
    clearArray(extras);
    clean(fields);
    const out = new Array<string>(width).fill("");
    for (let p = 0; p < plain.length; p++) out[plain[p]!.position] = plain[p]!.getter(values, extras);
    const requestType = out[compiled.requestTypePosition] ?? "";
    const summaryText = (summary.getter ? summary.getter(values, extras) : "") || requestType;
    out[summary.position] = summaryText;
    out[description.position] = (description.getter ? description.getter(values, extras) : "") || summaryText;
    if (created) out[created.position] = readTimestamp(created, created.getter(values, extras), "created_at", findings);
    if (closeTime) out[closedPosition] = closeTime(out, findings);
    else if (compiled.closed) out[closedPosition] = readTimestamp(compiled.closed, compiled.closed.getter(values, extras), "closed_at", findings);
    if (foldPosition >= 0) out[foldPosition] = foldText(out[foldPosition]!);
    return out;
  };
}

/** Fills `values` with the record's trimmed cells, null markers as "". */
function createCleaner(compiled: CompiledProfile, values: string[], extras: string[]): (fields: readonly string[]) => void {
  const sourceWidth = compiled.sourceHeader.length;
  const markers = compiled.nullMarkers;
  const markerLength = Math.max(0, ...[...markers].map((marker) => marker.length));
  return (fields) => {
    for (let i = 0; i < sourceWidth; i++) {
      const value = trimCell(fields[i] ?? "");
      values[i] = value.length <= markerLength && markers.has(value.toLowerCase()) ? "" : value;
    }
    // A record longer than the header (field_count) keeps its extra fields in the comment.
    for (let i = sourceWidth; i < fields.length; i++) {
      const value = trimCell(fields[i]!);
      if (value !== "") extras.push(`(extra field ${i + 1}): ${value}`);
    }
  };
}

/**
 * closed_at from the status (contract §7): closed → the close time (or the profile's rule and
 * `closed_without_time`); open or unknown (`status_unknown`) → blank, a close time kept in the
 * comment; a blank status leaves it to the close time.
 */
function createCloseTime(plan: StatusPlan, createdPosition: number, values: readonly string[], extras: string[]) {
  const kinds = new Map<string, "open" | "closed" | undefined>();
  const kindOf = (value: string) => {
    if (!kinds.has(value)) kinds.set(value, plan.kinds.get(normalizeValue(value)));
    return kinds.get(value);
  };
  return (out: readonly string[], findings: ConversionFinding[]): string => {
    const value = plan.slot < 0 ? "" : values[plan.slot]!;
    const kind = value === "" ? undefined : kindOf(value);
    if (value !== "" && kind === undefined) {
      findings.push({
        code: "status_unknown",
        column: plan.column,
        value,
        message: `The status ${quote(value)} is not listed as open or closed in the profile, so the row is imported open. Add it to status.open or status.closed.`,
        canonical: "closed_at",
      });
    }
    const at = plan.closedAt;
    const raw = at ? at.getter(values, extras) : "";
    if (kind === "closed" || (value === "" && raw !== "")) {
      if (raw !== "" && at) return readTimestamp(at, raw, "closed_at", findings);
      findings.push({
        code: "closed_without_time",
        column: plan.column,
        value,
        message: `The status ${quote(value)} says closed but the row has no close time: ${plan.closedWithoutTime === "created" ? "closed_at is set to the created time" : "it is imported open"}.`,
        canonical: "closed_at",
      });
      return plan.closedWithoutTime === "created" && createdPosition >= 0 ? out[createdPosition]! : "";
    }
    if (raw !== "" && at) extras.push(`${at.source}: ${raw} (not used as closed_at: the status is ${value})`);
    return "";
  };
}

/** A source timestamp as canonical text; on failure the source text is kept and the finding says why. */
function readTimestamp(column: TimestampColumn, raw: string, canonical: string, findings: ConversionFinding[]): string {
  if (raw === "") return "";
  const result = column.read(raw);
  if (result.ok) {
    if (result.placeholder) {
      findings.push({
        code: "placeholder_date",
        column: column.source,
        value: raw,
        message: `${quote(raw)} (${result.iso}) looks like a date a system writes for "unknown", not a real ${canonical === "created_at" ? "creation" : "close"} time.`,
        canonical,
      });
    }
    return result.iso;
  }
  const finding: ConversionFinding = { code: result.code, column: column.source, value: raw, message: result.message, canonical };
  if (result.hint !== undefined) finding.hint = result.hint;
  findings.push(finding);
  return raw;
}
