import { distance } from "fastest-levenshtein";
import { looseName, normalizeValue } from "./column-getters.ts";
import { columnShape, type ColumnShape } from "./column-shapes.ts";
import { defaultNullMarkers, sourceProfileSchema, type SourceProfile, type SourceProfileInput } from "./profile-schema.ts";

/**
 * Inference for an export no built-in profile recognises (contract §7): each canonical column
 * is matched to a source column by name (exact, ignoring case and spacing, known synonyms, edit
 * distance) and checked against the shape of the column's sampled values; coordinates and the
 * created time fall back to shape alone. Every match carries a confidence, and the result is a
 * profile like any other, to save, review and edit.
 */

type Target = "lat" | "lng" | "address" | "request_type" | "summary" | "description" | "reporter_email" | "created_at" | "closed_at" | "status";

export type ColumnMatch = { column: Target; source: string; confidence: number; reason: string };
export type Inference = { profile: SourceProfile; matches: ColumnMatch[]; notes: string[] };

const SYNONYMS: Record<Target, string[]> = {
  lat: ["lat", "latitude", "y", "ycoord", "ycoordinate", "gpslat", "locationlat", "geolocationlatitude", "point_y"],
  lng: ["lng", "lon", "long", "longitude", "x", "xcoord", "xcoordinate", "gpslon", "gpslng", "locationlng", "geolocationlongitude", "point_x"],
  address: ["address", "street", "incidentaddress", "streetaddress", "fulladdress", "location", "locationaddress", "addressline1", "address1", "postaladdress", "locationstreetname", "streetname"],
  request_type: ["request_type", "requesttype", "complainttype", "type", "servicename", "servicerequesttype", "category", "problemtype", "issuetype", "casetype", "kind", "requestcategory", "requesttypename", "service", "problem"],
  summary: ["summary", "title", "subject", "casetitle", "headline", "shortdescription"],
  description: ["description", "details", "descriptor", "comments", "notes", "requestdescription", "problemdescription", "narrative", "body"],
  reporter_email: ["reporter_email", "email", "reporteremail", "contactemail", "requesteremail", "emailaddress", "citizenemail"],
  created_at: ["created_at", "createddate", "createdat", "opendt", "opened", "opendate", "dateopened", "datecreated", "created", "requesteddatetime", "submitted", "submitteddate", "datesubmitted", "reporteddate", "datereported", "createdon", "requestdate", "datetimeopened"],
  closed_at: ["closed_at", "closeddate", "closedat", "closeddt", "dateclosed", "closedate", "closed", "resolveddate", "resolvedat", "completedat", "datecompleted", "completeddate", "closedon", "resolutiondate"],
  status: ["status", "casestatus", "state", "requeststatus", "currentstatus"],
};

/** Matched in this order, so a column is not taken by a weaker claim first. */
const TARGETS: Target[] = ["lat", "lng", "created_at", "closed_at", "status", "request_type", "reporter_email", "address", "summary", "description"];
const CLOSED_WORDS = /clos|complet|resolv|done|cancel|archiv|finish/;

/** How well a header names a target: 1 exact, .95 loose, .85 synonym, .6–.75 near a synonym, 0 none. */
export function nameScore(header: string, target: Target): number {
  if (header === target) return 1;
  const loose = looseName(header);
  const synonyms = SYNONYMS[target].map(looseName);
  if (loose === looseName(target)) return 0.95;
  if (synonyms.includes(loose)) return 0.85;
  let best = 0;
  for (const synonym of synonyms) {
    if (synonym.length < 5) continue;
    const d = distance(loose, synonym);
    if (d === 1) best = Math.max(best, 0.75);
    else if (d === 2 && synonym.length >= 8) best = Math.max(best, 0.6);
  }
  return best;
}

/** Whether a column's values fit a target at all. */
function shapeFits(shape: ColumnShape, target: Target): boolean {
  if (shape.filled === 0) return target !== "lat" && target !== "lng";
  const numeric = shape.numeric >= shape.filled * 0.9;
  switch (target) {
    case "lat":
      return numeric && shape.min >= -90 && shape.max <= 90;
    case "lng":
      return numeric && shape.min >= -180 && shape.max <= 180;
    case "created_at":
    case "closed_at":
      return shape.formats.length > 0;
    case "reporter_email":
      return shape.emails >= shape.filled * 0.5;
    case "status":
      return shape.distinct.size < 50;
    default:
      return !numeric || target === "request_type";
  }
}

export type InferOptions = { fileName?: string; delimiter?: SourceProfileInput["delimiter"]; nullMarkers?: string[] };

export function inferProfile(header: readonly string[], sample: readonly (readonly string[])[], options: InferOptions = {}): Inference {
  const markers = new Set((options.nullMarkers ?? defaultNullMarkers).map((m) => m.toLowerCase()));
  const columns = header.map((_, i) => sample.map((fields) => cleanSample(fields[i], markers)));
  let shapes = columns.map((values) => columnShape(values));
  // One file has one date order: a column whose dates read both ways follows a decided day-first column.
  if (shapes.some((shape) => !shape.ambiguousDayOrder && shape.formats[0]?.startsWith("d/"))) {
    shapes = shapes.map((shape, i) => (shape.ambiguousDayOrder ? columnShape(columns[i]!, "day-first") : shape));
  }
  const matches = matchByName(header, shapes);
  const notes: string[] = [];
  if (!matches.has("lat") || !matches.has("lng")) matchCoordinatePair(header, shapes, matches);
  if (!matches.has("created_at")) matchCreatedByShape(header, shapes, matches);
  const profile = buildProfile(header, shapes, matches, { ...options, sampleRows: sample.length }, notes);
  return { profile, matches: [...matches.values()], notes };
}

function cleanSample(value: string | undefined, markers: ReadonlySet<string>): string {
  const trimmed = (value ?? "").trim();
  return markers.has(trimmed.toLowerCase()) ? "" : trimmed;
}

function matchByName(header: readonly string[], shapes: readonly ColumnShape[]): Map<Target, ColumnMatch> {
  const matches = new Map<Target, ColumnMatch>();
  const taken = new Set<number>();
  for (const target of TARGETS) {
    let best = -1;
    let bestScore = 0;
    header.forEach((name, i) => {
      if (taken.has(i)) return;
      const score = nameScore(name, target);
      if (score > bestScore && shapeFits(shapes[i]!, target)) {
        best = i;
        bestScore = score;
      }
    });
    if (best < 0) continue;
    taken.add(best);
    const shape = shapes[best]!;
    const reason = bestScore >= 0.95 ? "same name" : bestScore >= 0.85 ? "known synonym" : "name close to a synonym";
    const formats = shape.formats.length > 0 && (target === "created_at" || target === "closed_at") ? `; ${shape.formats.join(" | ")}` : "";
    matches.set(target, { column: target, source: header[best]!, confidence: round(bestScore * (shape.ambiguousDayOrder ? 0.8 : 1)), reason: `${reason}${formats}` });
  }
  return matches;
}

/** Two neighbouring decimal columns of city-sized spread, one within ±90: a coordinate pair. */
function matchCoordinatePair(header: readonly string[], shapes: readonly ColumnShape[], matches: Map<Target, ColumnMatch>): void {
  const taken = new Set([...matches.values()].map((m) => m.source));
  const coordinate = (i: number) => {
    const s = shapes[i];
    return !!s && !taken.has(header[i]!) && s.filled > 0 && s.decimals >= s.filled * 0.9 && s.max - s.min < 10 && s.min >= -180 && s.max <= 180;
  };
  for (let i = 0; i + 1 < header.length; i++) {
    if (!coordinate(i) || !coordinate(i + 1)) continue;
    const a = shapes[i]!;
    const b = shapes[i + 1]!;
    const aIsLat = Math.max(Math.abs(a.min), Math.abs(a.max)) <= 90 && !(Math.max(Math.abs(b.min), Math.abs(b.max)) <= 90 && Math.abs(a.min) > Math.abs(b.min));
    const [lat, lng] = aIsLat ? [i, i + 1] : [i + 1, i];
    matches.set("lat", { column: "lat", source: header[lat]!, confidence: 0.5, reason: "values look like latitudes beside longitudes" });
    matches.set("lng", { column: "lng", source: header[lng]!, confidence: 0.5, reason: "values look like longitudes beside latitudes" });
    return;
  }
}

function matchCreatedByShape(header: readonly string[], shapes: readonly ColumnShape[], matches: Map<Target, ColumnMatch>): void {
  const taken = new Set([...matches.values()].map((m) => m.source));
  const candidates = header.map((name, i) => ({ name, shape: shapes[i]! })).filter(({ name, shape }) => !taken.has(name) && shape.filled > 0 && shape.formats.length > 0);
  const hinted = candidates.find(({ name }) => /creat|open|submit|report|receiv/i.test(name)) ?? candidates[0];
  if (hinted) matches.set("created_at", { column: "created_at", source: hinted.name, confidence: 0.5, reason: `first column of timestamps (${hinted.shape.formats.join(" | ")})` });
}

/** The format's own name of a source header that is one of its optional columns (contract §2), else null. */
export function formatColumnNamed(header: string): string | null {
  const name = header.trim();
  if (/^Q:\s*\S/.test(name)) return name;
  const lower = name.toLowerCase();
  if (/^(?:public|internal)_comment_[1-9]\d*$/.test(lower) || lower === "acknowledge_message" || lower === "auto_assignment") return lower;
  return null;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function buildProfile(
  header: readonly string[],
  shapes: readonly ColumnShape[],
  matches: ReadonlyMap<Target, ColumnMatch>,
  options: InferOptions & { sampleRows: number },
  notes: string[],
): SourceProfile {
  const shapeOf = (target: Target) => shapes[header.indexOf(matches.get(target)?.source ?? "\u0000")];
  const timestamp = (target: Target) => {
    const shape = shapeOf(target)!;
    if (shape.ambiguousDayOrder) notes.push(`${matches.get(target)!.source}: every sampled date reads both month-first and day-first; month-first was taken. Check a date whose day is above 12.`);
    const column = matches.get(target)!.source;
    // A column blank throughout the sample has no formats of its own: the profile's apply.
    return shape.formats.length > 0 ? { kind: "copy" as const, column, formats: shape.formats } : { kind: "copy" as const, column };
  };
  const columns: NonNullable<SourceProfileInput["columns"]> = {};
  for (const target of ["lat", "lng", "address", "request_type", "summary", "description", "reporter_email"] as const) {
    const match = matches.get(target);
    if (match) columns[target] = match.source;
  }
  // A column the source already names as the format does (a question, a comment, the
  // acknowledgement or auto-assignment) is that column, not a line of the folded comment.
  for (const name of header) {
    const canonical = formatColumnNamed(name);
    if (canonical && columns[canonical] === undefined) columns[canonical] = name;
  }
  if (matches.has("created_at")) columns.created_at = timestamp("created_at");
  const closedAt = matches.has("closed_at") ? timestamp("closed_at") : undefined;
  let status: SourceProfileInput["status"];
  const statusMatch = matches.get("status");
  if (statusMatch) {
    const values = [...shapeOf("status")!.distinct];
    const closed = values.filter((value) => CLOSED_WORDS.test(normalizeValue(value)));
    status = { column: statusMatch.source, open: values.filter((value) => !closed.includes(value)), closed, ...(closedAt ? { closedAt } : {}) };
    notes.push(`Status values read as closed: ${closed.join(", ") || "none"}; as open: ${status.open.join(", ") || "none"}.`);
  } else if (closedAt) {
    columns.closed_at = closedAt;
  }
  const created = columns.created_at;
  const input: SourceProfileInput = {
    name: "inferred",
    description: `Inferred from ${options.fileName ?? "the file"}'s header and first ${options.sampleRows} rows. Review every column before relying on it.`,
    identifyingHeaders: header.filter((name) => name !== ""),
    delimiter: options.delimiter ?? "auto",
    timestamps: { formats: typeof created === "object" && created.kind === "copy" && created.formats?.length ? created.formats : ["iso"] },
    columns,
    ...(status ? { status } : {}),
  };
  return sourceProfileSchema.parse(input);
}
