import { fixedColumns } from "@/lib/engine/format";
import { normalizeSource, type ColumnObjectSource, type SourceProfile } from "@/lib/profiles/profile-schema";
import { looseName } from "@/lib/profiles/column-getters";

// The Match columns step's edits of a profile, as pure functions of (profile → profile), so the
// form holds one profile per file and every change is a new value the preview converts with.

/** How a canonical column is fed, as the step's select shows it. */
export type SourceChoice =
  | { kind: "none" }
  | { kind: "copy"; column: string }
  | { kind: "template"; template: string }
  | { kind: "constant"; value: string }
  /** firstOf and valueMap, shown as they are and kept unless the CSM picks another source. */
  | { kind: "kept"; label: string };

/** The canonical columns the step lists: the fixed ones, then the profile's comments and questions. */
export function canonicalColumnsOf(profile: SourceProfile): string[] {
  const extra = Object.keys(profile.columns).filter((column) => !(fixedColumns as readonly string[]).includes(column));
  const fixed = fixedColumns.filter((column) => !(profile.status && column === "closed_at"));
  return [...fixed, ...extra];
}

export function choiceOf(profile: SourceProfile, column: string): SourceChoice {
  const source = profile.columns[column];
  if (source === undefined) return { kind: "none" };
  const normalized: ColumnObjectSource = normalizeSource(source);
  if (normalized.kind === "copy") return { kind: "copy", column: normalized.column };
  if (normalized.kind === "template") return { kind: "template", template: normalized.template };
  if (normalized.kind === "constant") return { kind: "constant", value: normalized.value };
  if (normalized.kind === "firstOf") return { kind: "kept", label: `first of ${normalized.columns.join(", ")}` };
  return { kind: "kept", label: `${normalized.column}, mapped (${Object.keys(normalized.map).length} values)` };
}

/** A new profile in which `column` is fed by `choice` (a kept source stays as it was). */
export function withChoice(profile: SourceProfile, column: string, choice: SourceChoice): SourceProfile {
  if (choice.kind === "kept") return profile;
  const columns = { ...profile.columns };
  if (choice.kind === "none") delete columns[column];
  else if (choice.kind === "copy") columns[column] = { kind: "copy", column: choice.column };
  else if (choice.kind === "template") columns[column] = { kind: "template", template: choice.template };
  else columns[column] = { kind: "constant", value: choice.value };
  return { ...profile, columns };
}

/** The sample's distinct values of a source column, most frequent first (blank and null markers left out). */
export function distinctValues(sourceHeader: readonly string[], sample: readonly (readonly string[])[], column: string, nullMarkers: readonly string[], limit = 50): string[] {
  const at = sourceHeader.findIndex((name) => looseName(name) === looseName(column));
  if (at < 0) return [];
  const nulls = new Set(nullMarkers.map((marker) => marker.trim().toLowerCase()));
  const counts = new Map<string, number>();
  for (const row of sample) {
    const value = (row[at] ?? "").trim();
    if (value === "" || nulls.has(value.toLowerCase())) continue;
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit).map(([value]) => value);
}

export type StatusKind = "open" | "closed" | "unknown";

export function statusKindOf(profile: SourceProfile, value: string): StatusKind {
  const key = value.trim().toLowerCase();
  if (profile.status?.open.some((open) => open.trim().toLowerCase() === key)) return "open";
  if (profile.status?.closed.some((closed) => closed.trim().toLowerCase() === key)) return "closed";
  return "unknown";
}

/** A new profile in which the status value means `kind`. */
export function withStatusKind(profile: SourceProfile, value: string, kind: StatusKind): SourceProfile {
  if (!profile.status) return profile;
  const key = value.trim().toLowerCase();
  const without = (values: readonly string[]) => values.filter((item) => item.trim().toLowerCase() !== key);
  const open = kind === "open" ? [...without(profile.status.open), value] : without(profile.status.open);
  const closed = kind === "closed" ? [...without(profile.status.closed), value] : without(profile.status.closed);
  return { ...profile, status: { ...profile.status, open, closed } };
}

/** The source column the request type comes from, when it is one column (copied or mapped). */
export function requestTypeColumn(profile: SourceProfile): string | null {
  const source = profile.columns.request_type;
  if (source === undefined) return null;
  const normalized = normalizeSource(source);
  return normalized.kind === "copy" || normalized.kind === "valueMap" ? normalized.column : null;
}

/** The organization's request type a source value is mapped to ("" when it is kept as it is). */
export function requestTypeTarget(profile: SourceProfile, value: string): string {
  const source = profile.columns.request_type;
  if (source === undefined) return "";
  const normalized = normalizeSource(source);
  if (normalized.kind !== "valueMap") return "";
  const key = value.trim().toLowerCase();
  return Object.entries(normalized.map).find(([from]) => from.trim().toLowerCase() === key)?.[1] ?? "";
}

/** A new profile whose request_type maps `value` to `target` ("" removes the mapping). */
export function withRequestType(profile: SourceProfile, value: string, target: string): SourceProfile {
  const column = requestTypeColumn(profile);
  if (!column) return profile;
  const current = normalizeSource(profile.columns.request_type!);
  const map: Record<string, string> = current.kind === "valueMap" ? { ...current.map } : {};
  for (const key of Object.keys(map)) if (key.trim().toLowerCase() === value.trim().toLowerCase()) delete map[key];
  if (target) map[value] = target;
  const request_type: ColumnObjectSource = Object.keys(map).length ? { kind: "valueMap", column, map } : { kind: "copy", column };
  return { ...profile, columns: { ...profile.columns, request_type } };
}
