import { HeaderIndex } from "./column-getters.ts";
import { columnShape } from "./column-shapes.ts";
import { normalizeSource, type ColumnObjectSource, type SourceProfile } from "./profile-schema.ts";
import { timestampFits } from "./source-timestamps.ts";

/**
 * A detected profile's timestamp formats checked against the file's own sample. The same
 * system's export can come day-first from one city and month-first from another: when some
 * sampled value of a timestamp column fits none of the profile's formats but the formats
 * inferred from the whole column read them all, the column gets those (and a note says so).
 */
export function fitFormatsToSample(profile: SourceProfile, header: readonly string[], sample: readonly (readonly string[])[]): { profile: SourceProfile; notes: string[] } {
  const index = new HeaderIndex(header);
  const markers = new Set(profile.nullMarkers.map((m) => m.trim().toLowerCase()));
  const notes: string[] = [];
  const refit = (source: ColumnObjectSource): ColumnObjectSource => {
    if (source.kind !== "copy") return source;
    const slot = index.find(source.column);
    if (slot < 0) return source;
    const values = sample.map((fields) => (fields[slot] ?? "").trim()).filter((value) => value !== "" && !markers.has(value.toLowerCase()));
    const formats = source.formats ?? profile.timestamps.formats;
    if (values.every((value) => formats.some((format) => timestampFits(format, value)))) return source;
    const shape = columnShape(values);
    if (shape.formats.length === 0) return source;
    notes.push(`${source.column}: the profile's formats (${formats.join(" | ")}) do not read this file's values; using ${shape.formats.join(" | ")}, inferred from ${values.length} sampled values.`);
    return { ...source, formats: shape.formats };
  };
  const columns = { ...profile.columns };
  for (const column of ["created_at", "closed_at"] as const) {
    const source = columns[column];
    if (source !== undefined) columns[column] = refit(normalizeSource(source));
  }
  const status = profile.status?.closedAt !== undefined ? { ...profile.status, closedAt: refit(normalizeSource(profile.status.closedAt)) } : profile.status;
  if (notes.length === 0) return { profile, notes };
  return { profile: { ...profile, columns, ...(status ? { status } : {}) }, notes };
}
