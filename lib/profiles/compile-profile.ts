import { fixedColumns, requiredColumns } from "../engine/format.ts";
import type { RuleFinding } from "../engine/problem.ts";
import { compileGetter, HeaderIndex, normalizeValue, sourceColumnsOf, type Getter } from "./column-getters.ts";
import { normalizeSource, type ColumnObjectSource, type SourceProfile } from "./profile-schema.ts";
import { compileTimestampReader, type TimestampReader } from "./source-timestamps.ts";

/**
 * A profile compiled against one file's header: the canonical header it writes, what feeds
 * each canonical column (for people, and for pointing problems at source headers), and the
 * pieces the per-row loop (convert-row.ts) runs.
 */

/** The canonical columns whose absence blocks the file (`unmatched_column`); summary defaults to the request type. */
export const matchRequiredColumns = ["lat", "lng", "address", "request_type", "created_at"] as const;

export type ColumnFeed = {
  /** Canonical column. */
  column: string;
  /** What feeds it, for people: `Latitude`, `template "{A}: {B}"`, `12 other columns: …`. */
  from: string;
  /** Source headers that feed it (as found in the file). */
  sourceColumns: string[];
  /** Columns the profile names that the file does not have. */
  missing: string[];
};

export type PlainColumn = { position: number; getter: Getter };
export type TimestampColumn = { position: number; getter: Getter; read: TimestampReader; source: string };
export type StatusPlan = {
  slot: number;
  kinds: Map<string, "open" | "closed">;
  closedAt: TimestampColumn | null;
  closedWithoutTime: "created" | "blank";
  column: string;
};

export type CompiledProfile = {
  profile: SourceProfile;
  sourceHeader: readonly string[];
  /** The canonical header written. */
  header: string[];
  feeds: ColumnFeed[];
  /** `unmatched_column` findings: the file cannot be converted. */
  fileFindings: RuleFinding[];
  plain: PlainColumn[];
  summary: { position: number; getter: Getter | null };
  description: { position: number; getter: Getter | null };
  requestTypePosition: number;
  created: TimestampColumn | null;
  closed: TimestampColumn | null;
  closedPosition: number;
  status: StatusPlan | null;
  /** Source columns folded into the internal comment, by index. */
  folded: number[];
  foldPosition: number;
  nullMarkers: ReadonlySet<string>;
  /** Canonical column → the problem column in the source (one source header), else itself. */
  problemColumn(canonical: string | null): string | null;
};

export type CompileOptions = { timeZone: string };

export function compileProfile(profile: SourceProfile, sourceHeader: readonly string[], options: CompileOptions): CompiledProfile {
  const index = new HeaderIndex(sourceHeader);
  const sources = new Map<string, ColumnObjectSource>();
  for (const [column, source] of Object.entries(profile.columns)) sources.set(column, normalizeSource(source));
  const closedAtSource = profile.status?.closedAt !== undefined ? normalizeSource(profile.status.closedAt) : sources.get("closed_at");
  const header = canonicalHeader(profile, sources, closedAtSource !== undefined);
  const position = (column: string) => header.indexOf(column);

  const used = new Set<number>();
  const quiet = directlyUsed(sources, profile, index);
  const feeds: ColumnFeed[] = [];
  const single = new Map<string, string>();
  const track = (column: string, source: ColumnObjectSource, suffix = "") => {
    const feed = describeFeed(column, source, index, suffix);
    feeds.push(feed);
    for (const name of feed.sourceColumns) used.add(index.find(name));
    if (feed.sourceColumns.length === 1 && source.kind !== "constant") single.set(column, feed.sourceColumns[0]!);
  };

  const readerFor = (source: ColumnObjectSource): TimestampReader => {
    const formats = "formats" in source && source.formats ? source.formats : profile.timestamps.formats;
    return compileTimestampReader({ formats, timeZone: profile.timeZone ?? options.timeZone, ambiguous: profile.timestamps.ambiguous });
  };
  const timestampColumn = (column: string, source: ColumnObjectSource): TimestampColumn => ({
    position: position(column),
    getter: compileGetter(source, index, quiet),
    read: readerFor(source),
    source: single.get(column) ?? column,
  });

  const plain: PlainColumn[] = [];
  for (const [column, source] of sources) {
    track(column, source, column === "created_at" || column === "closed_at" ? formatsNote(profile, source, options) : "");
    if (column === "created_at" || column === "closed_at" || column === "summary" || column === "description") continue;
    plain.push({ position: position(column), getter: compileGetter(source, index, quiet) });
  }
  const status = compileStatus(profile, index, closedAtSource, track, timestampColumn, position);
  // The status itself is kept too: open/closed says less than "Assigned" or "Pending".
  if (status && status.slot >= 0) used.delete(status.slot);
  const folded = profile.foldUnusedColumns ? sourceHeader.map((_, i) => i).filter((i) => !used.has(i) && sourceHeader.indexOf(sourceHeader[i]!) === i) : [];
  const foldPosition = profile.foldUnusedColumns ? header.length - 1 : -1;
  if (foldPosition >= 0) feeds.push({ column: header[foldPosition]!, from: foldDescription(folded, sourceHeader), sourceColumns: folded.map((i) => sourceHeader[i]!), missing: [] });
  addDefaultFeeds(feeds, sources);

  const getterOf = (column: string) => (sources.has(column) ? compileGetter(sources.get(column)!, index, quiet) : null);
  return {
    profile,
    sourceHeader,
    header,
    feeds,
    fileFindings: unmatched(feeds, sources),
    plain,
    summary: { position: position("summary"), getter: getterOf("summary") },
    description: { position: position("description"), getter: getterOf("description") },
    requestTypePosition: position("request_type"),
    created: sources.has("created_at") ? timestampColumn("created_at", sources.get("created_at")!) : null,
    closed: !profile.status && closedAtSource ? timestampColumn("closed_at", closedAtSource) : null,
    closedPosition: position("closed_at"),
    status,
    folded,
    foldPosition,
    nullMarkers: new Set(profile.nullMarkers.map((marker) => marker.trim().toLowerCase())),
    problemColumn: (canonical) => problemColumn(canonical, single),
  };
}

/** Source columns written by a copy, template, value map or the status: a firstOf passing over them loses nothing. */
function directlyUsed(sources: ReadonlyMap<string, ColumnObjectSource>, profile: SourceProfile, index: HeaderIndex): Set<number> {
  const slots = new Set<number>();
  const all = [...sources.values()];
  if (profile.status) all.push({ kind: "copy", column: profile.status.column });
  for (const source of all) {
    if (source.kind === "firstOf") continue;
    for (const name of sourceColumnsOf(source)) slots.add(index.find(name));
  }
  return slots;
}

function problemColumn(canonical: string | null, single: ReadonlyMap<string, string>): string | null {
  if (canonical === null) return null;
  if (canonical === "lat,lng") {
    const lat = single.get("lat");
    const lng = single.get("lng");
    return lat && lng ? `${lat},${lng}` : canonical;
  }
  return single.get(canonical) ?? canonical;
}

/** Required columns always; optional ones with a source; comment and question columns; then the fold column. */
function canonicalHeader(profile: SourceProfile, sources: ReadonlyMap<string, ColumnObjectSource>, hasClose: boolean): string[] {
  const header: string[] = fixedColumns.filter(
    (column) => requiredColumns.includes(column) || sources.has(column) || (column === "closed_at" && (hasClose || profile.status !== undefined)),
  );
  for (const column of sources.keys()) if (!header.includes(column)) header.push(column);
  if (profile.foldUnusedColumns) {
    // The first internal_comment_N the profile does not use itself.
    let n = 1;
    while (header.includes(`internal_comment_${n}`)) n++;
    header.push(`internal_comment_${n}`);
  }
  return header;
}

function compileStatus(
  profile: SourceProfile,
  index: HeaderIndex,
  closedAtSource: ColumnObjectSource | undefined,
  track: (column: string, source: ColumnObjectSource, suffix?: string) => void,
  timestampColumn: (column: string, source: ColumnObjectSource) => TimestampColumn,
  position: (column: string) => number,
): StatusPlan | null {
  const rule = profile.status;
  if (!rule) return null;
  const slot = index.find(rule.column);
  track("(status)", { kind: "copy", column: rule.column }, ` (open: ${rule.open.join(", ") || "none"}; closed: ${rule.closed.join(", ") || "none"})`);
  if (closedAtSource) track("closed_at", closedAtSource, " when the status is closed");
  const kinds = new Map<string, "open" | "closed">();
  for (const value of rule.open) kinds.set(normalizeValue(value), "open");
  for (const value of rule.closed) kinds.set(normalizeValue(value), "closed");
  if (slot < 0 && position("closed_at") < 0) return null;
  return {
    slot,
    kinds,
    closedAt: closedAtSource ? timestampColumn("closed_at", closedAtSource) : null,
    closedWithoutTime: rule.closedWithoutTime,
    column: slot < 0 ? rule.column : index.header[slot]!,
  };
}

function describeFeed(column: string, source: ColumnObjectSource, index: HeaderIndex, suffix: string): ColumnFeed {
  const named = sourceColumnsOf(source);
  const found = named.filter((name) => index.find(name) >= 0).map((name) => index.header[index.find(name)]!);
  const missing = named.filter((name) => index.find(name) < 0);
  const from = (() => {
    switch (source.kind) {
      case "copy":
        return found[0] ?? `${source.column} (not in the file)`;
      case "constant":
        return `the constant ${JSON.stringify(source.value)}`;
      case "template":
        return `template ${JSON.stringify(source.template)}`;
      case "firstOf":
        return `the first of ${source.columns.join(", ")} with a value`;
      case "valueMap":
        return `${found[0] ?? source.column} mapped (${Object.keys(source.map).length} values)`;
    }
  })();
  return { column, from: `${from}${suffix}`, sourceColumns: found, missing };
}

function formatsNote(profile: SourceProfile, source: ColumnObjectSource, options: CompileOptions): string {
  const formats = "formats" in source && source.formats ? source.formats : profile.timestamps.formats;
  return ` (${formats.join(" | ")}; zone ${profile.timeZone ?? options.timeZone})`;
}

function foldDescription(folded: readonly number[], header: readonly string[]): string {
  if (folded.length === 0) return "no other columns (every source column is used)";
  const names = folded.map((i) => header[i] || "(blank header)");
  const shown = names.length > 8 ? `${names.slice(0, 8).join(", ")}, …` : names.join(", ");
  return `${folded.length} other column${folded.length === 1 ? "" : "s"} as "Field: value" lines: ${shown}`;
}

function addDefaultFeeds(feeds: ColumnFeed[], sources: ReadonlyMap<string, ColumnObjectSource>): void {
  if (!sources.has("summary")) feeds.push({ column: "summary", from: "the request type (no summary column)", sourceColumns: [], missing: [] });
  if (!sources.has("description")) feeds.push({ column: "description", from: "the summary (no description column)", sourceColumns: [], missing: [] });
}

function unmatched(feeds: readonly ColumnFeed[], sources: ReadonlyMap<string, ColumnObjectSource>): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const column of matchRequiredColumns) {
    const source = sources.get(column);
    const feed = feeds.find((f) => f.column === column);
    if (source && (source.kind === "constant" || (feed && feed.sourceColumns.length > 0))) continue;
    const why = source ? `the profile reads it from ${feed?.missing.join(", ")}, which the file does not have` : "the profile gives it no source";
    findings.push({
      code: "unmatched_column",
      column,
      value: null,
      message: `Nothing feeds the required column \`${column}\`: ${why}. Edit the profile (--save-profile, then --profile FILE) to name the column that holds it.`,
    });
  }
  return findings;
}
