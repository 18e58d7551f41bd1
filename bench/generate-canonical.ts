/**
 * A realistic canonical import file (contract §2) for the demo organization
 * (prisma/seed/demo-organization.json, City of Springfield), for benchmarks.
 *
 *   npx tsx bench/generate-canonical.ts --rows 1000000 -o bench/out/canonical-1000000.csv [--seed 311] [--error-share 0.01]
 *
 * What the rows look like (about 285 bytes a row on average, deterministic for a seed):
 * - three request types: Pothole (~55%, Public Works: a polygon with a hole), Streetlight Outage
 *   (~35%, Transportation) and Park Maintenance (~10%, Parks & Recreation: a MultiPolygon). The
 *   `Q:` columns are questions of exactly one of them: the pothole's size (select, required) and
 *   depth (number; its header holds a comma, so it is quoted) and the streetlight's pole number;
 *   rows of the other types leave them blank.
 * - points inside the agency's boundary, drawn from a pool of a few thousand per agency,
 *   rejection-sampled with the engine's own lib/geo/boundary-index.ts (6 decimals, checked after
 *   rounding).
 * - created_at in chronological order over 2016–2025 with America/New_York offsets (-05:00 or
 *   -04:00 by the US DST rule), ~65% closed a few hours to weeks later, a fifth with a seconds
 *   fraction;
 * - quoted multi-line descriptions (about a third), some with embedded quotes and commas, a few
 *   non-ASCII names; public comments (about half), an internal comment on every row carrying the
 *   source system's id (so no two rows are duplicates); reporter emails (~40% blank);
 *   auto_assignment Yes/No/blank; an acknowledgement message on some rows; CRLF record ends
 *   (as Excel writes them), LF inside quoted fields (as web forms store them).
 * - about `errorShare` (default 1%) of rows with one realistic error each: swapped coordinates,
 *   created_at without an offset, `yes`, a lower-case or missing pothole size, an email without
 *   a top-level domain, closed before created, a pothole in the hole of the Public Works boundary.
 *   And ~0.2% of rows with HTML in a comment (a warning, `markup_in_comment`).
 *
 * Written streaming in ~4 MB chunks with back-pressure: memory is bounded whatever the row count.
 *
 * `--plain` (option `plain`) writes the same kind of rows with no problem at all and no quoted
 * multi-line field. `--strip-offsets IN -o OUT` (`stripOffsetsCsv`) copies a file with the UTC
 * offset removed from every timestamp, so every row has a `missing_offset` error (issue 11).
 */
import { fixedColumns } from "../lib/engine/format.ts";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readFile, rename, rm } from "node:fs/promises";
import { once } from "node:events";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { indexBoundary } from "../lib/geo/boundary-index.ts";
import { parseOrgConfig, type Boundary, type OrgConfig } from "../lib/org/org-config-schema.ts";
import { mulberry32 } from "../lib/utils/seeded-random.ts";

export const demoOrganizationFile = path.join(import.meta.dirname, "..", "prisma", "seed", "demo-organization.json");

export type GenerateOptions = {
  /** PRNG seed; the same seed and row count give the same bytes. Default 311. */
  seed?: number;
  /** Share of rows with one error each. Default 0.01. */
  errorShare?: number;
  /** Share of rows with HTML markup in a public comment (a warning). Default 0.002. */
  markupShare?: number;
  /** Points precomputed per agency boundary. Default 4096. */
  pointPool?: number;
  /** The organization configuration. Default: prisma/seed/demo-organization.json. */
  configFile?: string;
  /** Record separator. Default "\r\n". */
  lineEnding?: "\r\n" | "\n";
  /**
   * A plain file: the same rows with no problem at all (no injected error, no markup warning) and
   * no quoted multi-line field (every description is its one-line form), so the file is also all
   * ASCII. Still deterministic for a seed. Default false.
   */
  plain?: boolean;
};

export type GenerateResult = {
  path: string;
  rows: number;
  bytes: number;
  /** Rows generated with an error, by the problem code the validator should report. */
  injectedErrors: Record<string, number>;
  /** Rows with HTML markup in a comment (warning `markup_in_comment`). */
  injectedWarnings: Record<string, number>;
  seconds: number;
};

export const canonicalHeader = [
  ...fixedColumns,
  "public_comment_1",
  "public_comment_2",
  "internal_comment_1",
  "Q: What is the size of the pothole?",
  "Q: How deep is it, in inches?",
  "Q: Pole number",
] as const;

// ---------------------------------------------------------------------------------------------
// Vocabulary

const streets = [
  "Main St", "State St", "Sumner Ave", "Boston Rd", "Allen St", "Page Blvd", "Dickinson St", "Carew St",
  "Liberty St", "Wilbraham Rd", "Plumtree Rd", "Roosevelt Ave", "Parker St", "Cooley St", "St James Ave",
  "Belmont Ave", "Chestnut St", "Worthington St", "Maple St", "Union St", "Columbus Ave", "Dwight St",
  "Bay St", "Berkshire Ave", "Breckwood Blvd", "Island Pond Rd", "Oakland St", "Forest Park Ave",
  "White St", "Locust St", "Hancock St", "Eastern Ave", "Alden St", "Armory St", "Wason Ave", "Tapley St",
];
const firstNames = [
  "james", "mary", "robert", "patricia", "john", "jennifer", "michael", "linda", "david", "elizabeth",
  "william", "barbara", "richard", "susan", "joseph", "jessica", "thomas", "karen", "carlos", "maria",
  "luis", "ana", "jose", "rosa", "kevin", "nicole", "brian", "ashley", "wei", "priya", "omar", "fatima",
];
const lastNames = [
  "smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "rodriguez", "martinez",
  "hernandez", "lopez", "gonzalez", "wilson", "anderson", "thomas", "taylor", "moore", "jackson", "martin",
  "lee", "perez", "thompson", "white", "harris", "sanchez", "clark", "ramirez", "lewis", "robinson", "oconnor",
];
const emailDomains = ["gmail.com", "yahoo.com", "comcast.net", "outlook.com", "hotmail.com", "aol.com", "verizon.net", "springfieldcityhall.com"];
const accentedNames = ["José", "Zoë", "Renée", "Łukasz", "Chloé", "Nuñez", "Björn"];

const potholeLead = [
  "Large pothole in the travel lane",
  "Pothole near the curb, cars swerving around it",
  "Several potholes in a row after the last freeze",
  "Deep hole at the crosswalk",
  "Pothole in front of the bus stop",
  "Road surface breaking up by the storm drain",
];
const potholeMore = [
  'Caller says it is "at least a foot across", and it fills with water when it rains.',
  "Flat tire reported by a neighbour, rim damaged.",
  "Bicyclists have to ride into traffic to avoid it.",
  'Resident: "this is the third time I have reported it, please fix it properly this time."',
  "Near the school entrance, busy at drop-off and pick-up.",
  "Marked with a cone by a resident, cone now knocked over.",
];
const lightLead = [
  "Streetlight out",
  "Light cycling on and off all night",
  "Two lights out in a row on this block",
  "Streetlight on during the day",
  "Light out at the intersection, very dark",
  "Pole leaning after a car hit it",
];
const lightMore = [
  "Pole has a tag on it, number written below.",
  'Caller: "the whole corner is pitch black, people walk their dogs here."',
  "Out since last week, possibly since the storm.",
  "Flickers, then goes off for hours, then comes back.",
  "Wires visible at the base of the pole, please check soon.",
];
const parkLead = [
  "Broken bench in the playground",
  "Overflowing trash barrels by the pond",
  "Graffiti on the pavilion, swings broken",
  "Grass not mowed near the ball fields",
  "Water fountain leaking",
];
const parkMore = [
  "Kids' area, sharp edges exposed.",
  'Visitor says "it has been like this all summer".',
  "Geese everywhere, path is slippery.",
  "Leak has made a large puddle across the walking path.",
];
const publicComments = [
  "Thank you for your report. A crew has been scheduled.",
  "A crew inspected the location and will return to make the repair.",
  "This has been repaired. Thank you for helping keep Springfield safe.",
  "The utility company has been notified, as they own this pole.",
  "Work order created; please allow 5-7 business days.",
  "We could not find the problem at this location, please add more detail.",
];
const publicFollowUps = [
  "Repaired on the second visit, thanks for your patience.",
  "Closed: duplicate of an earlier report at the same location.",
  "Follow-up: the crew replaced the bulb and the photocell.",
];
const internalNotes = ["crew 4", "truck 12", "night shift", "called resident back", "needs a bucket truck", "asphalt hot patch", "cold patch, revisit in spring"];
const ackMessages = [
  "Thank you for contacting the City of Springfield. Your request has been received.",
  "Thanks! We have forwarded this to the responsible department.",
];
const markupComments = ["See photo<br>attached", "Crew &amp; supervisor notified", "<b>Urgent</b>: near school"];

// ---------------------------------------------------------------------------------------------
// PRNG and helpers


/** RFC 4180: quote a value holding a quote, comma or line break; double its quotes. */
const needsQuotes = /[",\r\n]/;
function csv(value: string): string {
  return needsQuotes.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

// America/New_York offsets by the US rule since 2007: EDT (-04:00) from the second Sunday of
// March 02:00 EST (07:00 UTC) to the first Sunday of November 02:00 EDT (06:00 UTC).
const dstByYear = new Map<number, [number, number]>();
function dstRange(year: number): [number, number] {
  let range = dstByYear.get(year);
  if (!range) {
    const march1 = new Date(Date.UTC(year, 2, 1)).getUTCDay();
    const secondSundayMarch = 1 + ((7 - march1) % 7) + 7;
    const nov1 = new Date(Date.UTC(year, 10, 1)).getUTCDay();
    const firstSundayNov = 1 + ((7 - nov1) % 7);
    range = [Date.UTC(year, 2, secondSundayMarch, 7), Date.UTC(year, 10, firstSundayNov, 6)];
    dstByYear.set(year, range);
  }
  return range;
}

/** The instant as local New York time with its offset: `2019-07-04T09:15:02-04:00`; optionally a fraction, or no offset (an error). */
function newYorkTimestamp(epochMs: number, fraction: boolean, withOffset = true): string {
  const year = new Date(epochMs).getUTCFullYear();
  const [start, end] = dstRange(year);
  const dst = epochMs >= start && epochMs < end;
  const local = new Date(epochMs + (dst ? -4 : -5) * 3_600_000);
  const text =
    `${local.getUTCFullYear()}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}` +
    `T${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:${pad2(local.getUTCSeconds())}` +
    (fraction ? `.${String(local.getUTCMilliseconds()).padStart(3, "0")}` : "");
  return withOffset ? `${text}${dst ? "-04:00" : "-05:00"}` : text;
}

type Point = { lat: string; lng: string };

/** `count` points inside the boundary (6 decimals, checked after rounding), rejection-sampled in its bbox. */
export function pointPool(boundary: Boundary, count: number, random: () => number): Point[] {
  const index = indexBoundary(boundary);
  const [minLng, minLat, maxLng, maxLat] = index.bbox;
  const points: Point[] = [];
  for (let tries = 0; points.length < count; tries++) {
    if (tries > count * 1000) throw new Error("pointPool: the boundary is too thin to sample");
    const lng = (minLng + random() * (maxLng - minLng)).toFixed(6);
    const lat = (minLat + random() * (maxLat - minLat)).toFixed(6);
    if (index.contains(Number(lng), Number(lat))) points.push({ lat, lng });
  }
  return points;
}

/** Points inside `inner` but outside `outer` (e.g. a hole of a polygon). */
function holePool(holeRing: Boundary, outer: Boundary, count: number, random: () => number): Point[] {
  const outerIndex = indexBoundary(outer);
  return pointPool(holeRing, count * 4, random)
    .filter((p) => !outerIndex.contains(Number(p.lng), Number(p.lat)))
    .slice(0, count);
}

async function loadConfig(file: string): Promise<OrgConfig> {
  const parsed = parseOrgConfig(JSON.parse(await readFile(file, "utf8")));
  if (!parsed.ok) throw new Error(`${file} is not a valid organization configuration`);
  return parsed.config;
}

function boundaryOf(config: OrgConfig, typeTitle: string): Boundary {
  const type = config.requestTypes.find((t) => t.title === typeTitle);
  const agency = config.agencies.find((a) => a.name === type?.agency);
  if (!agency?.boundary) throw new Error(`the demo organization has no boundary for ${typeTitle}`);
  return agency.boundary;
}

// ---------------------------------------------------------------------------------------------

type ErrorKind =
  | "coordinates_swapped"
  | "missing_offset"
  | "invalid_yes_no"
  | "invalid_answer"
  | "required"
  | "invalid_email"
  | "closed_before_created"
  | "outside_boundary";

/** How the injected errors are shared out (cumulative thresholds over [0, 1)). */
const errorMix: [number, ErrorKind][] = [
  [0.3, "coordinates_swapped"],
  [0.55, "missing_offset"],
  [0.72, "invalid_yes_no"],
  [0.78, "invalid_answer"],
  [0.82, "required"],
  [0.9, "invalid_email"],
  [0.95, "closed_before_created"],
  [1, "outside_boundary"],
];

/** Writes `rows` data records (plus the header) to `file`, streaming; see the file comment. */
export async function generateCanonicalCsv(file: string, rows: number, options: GenerateOptions = {}): Promise<GenerateResult> {
  const started = performance.now();
  if (!Number.isInteger(rows) || rows < 0) throw new Error(`rows must be a non-negative integer, got ${rows}`);
  const seed = options.seed ?? 311;
  const plain = options.plain ?? false;
  const errorShare = plain ? 0 : (options.errorShare ?? 0.01);
  const markupShare = plain ? 0 : (options.markupShare ?? 0.002);
  const poolSize = options.pointPool ?? 4096;
  const eol = options.lineEnding ?? "\r\n";
  const config = await loadConfig(options.configFile ?? demoOrganizationFile);
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

  const potholeBoundary = boundaryOf(config, "Pothole");
  const pools = {
    Pothole: pointPool(potholeBoundary, poolSize, random),
    "Streetlight Outage": pointPool(boundaryOf(config, "Streetlight Outage"), poolSize, random),
    "Park Maintenance": pointPool(boundaryOf(config, "Park Maintenance"), Math.max(64, poolSize >> 2), random),
  };
  // Points in the hole of the Public Works polygon: outside the boundary for a pothole.
  const holes = potholeBoundary.type === "Polygon" ? potholeBoundary.coordinates.slice(1) : [];
  const inHole = holes.length > 0 ? holePool({ type: "Polygon", coordinates: [holes[0]!] }, potholeBoundary, 256, random) : [];

  const emails: string[] = [];
  for (let i = 0; i < 5000; i++) {
    const first = pick(firstNames);
    const last = pick(lastNames);
    const style = random();
    const local = style < 0.4 ? `${first}.${last}` : style < 0.7 ? `${first[0]}${last}${Math.floor(random() * 100)}` : `${first}${last}${1950 + Math.floor(random() * 55)}`;
    emails.push(`${local}@${pick(emailDomains)}`);
  }

  const injectedErrors: Record<string, number> = {};
  const injectedWarnings: Record<string, number> = {};
  const startMs = Date.UTC(2016, 0, 1, 5);
  const spanMs = Date.UTC(2025, 11, 31) - startMs;
  const step = rows > 0 ? spanMs / rows : 0;

  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const out = createWriteStream(file);
  const failed = new Promise<never>((_, reject) => out.once("error", reject));
  failed.catch(() => undefined);
  const flushAt = 4 * 1024 * 1024;
  let buffer = `${canonicalHeader.map(csv).join(",")}${eol}`;
  let bytes = 0;
  const flush = async () => {
    bytes += Buffer.byteLength(buffer);
    const ok = out.write(buffer);
    buffer = "";
    if (!ok) await Promise.race([once(out, "drain"), failed]);
  };

  for (let n = 1; n <= rows; n++) {
    const typeDraw = random();
    const type = typeDraw < 0.55 ? "Pothole" : typeDraw < 0.9 ? "Streetlight Outage" : "Park Maintenance";
    let error: ErrorKind | null = null;
    if (random() < errorShare) {
      const draw = random();
      error = errorMix.find(([limit]) => draw < limit)![1];
      // The pothole-only errors fall back to swapped coordinates on other types.
      if (type !== "Pothole" && (error === "invalid_answer" || error === "required" || error === "outside_boundary")) error = "coordinates_swapped";
      injectedErrors[error] = (injectedErrors[error] ?? 0) + 1;
    }

    let point = pick(pools[type]);
    if (error === "outside_boundary") point = pick(inHole);
    const [lat, lng] = error === "coordinates_swapped" ? [point.lng, point.lat] : [point.lat, point.lng];

    const street = pick(streets);
    const addressDraw = random();
    const address =
      addressDraw < 0.12
        ? `${street} and ${pick(streets)}`
        : addressDraw < 0.2
          ? `${1 + Math.floor(random() * 2400)} ${street}, Springfield, MA`
          : `${1 + Math.floor(random() * 2400)} ${street}`;

    let summary: string;
    let description: string;
    const multiLine = random() < 0.35 && !plain;
    if (type === "Pothole") {
      summary = random() < 0.6 ? "Pothole" : `Pothole on ${street}`;
      description = multiLine ? `${pick(potholeLead)} on ${street}.\n${pick(potholeMore)}` : `${pick(potholeLead)}, ${street} side.`;
    } else if (type === "Streetlight Outage") {
      summary = random() < 0.6 ? "Streetlight Outage" : `Light out on ${street}`;
      description = multiLine ? `${pick(lightLead)} near ${address}.\n${pick(lightMore)}` : `${pick(lightLead)} on ${street}.`;
    } else {
      summary = random() < 0.7 ? "Park Maintenance" : `Park: ${pick(parkLead).toLowerCase()}`;
      description = multiLine ? `${pick(parkLead)}.\n${pick(parkMore)}\n- reported by ${pick(accentedNames)}` : `${pick(parkLead)}.`;
    }

    let email = random() < 0.4 ? "" : pick(emails);
    if (error === "invalid_email") email = `${pick(firstNames)}.${pick(lastNames)}@gmail`;

    const createdMs = startMs + Math.floor((n - 1) * step + random() * step);
    const created = newYorkTimestamp(createdMs, random() < 0.2, error !== "missing_offset");
    const closedDraw = random();
    let closed = "";
    if (error === "closed_before_created") closed = newYorkTimestamp(createdMs - (1 + Math.floor(random() * 72)) * 3_600_000, false);
    else if (closedDraw < 0.65) closed = newYorkTimestamp(createdMs + Math.floor(2 * 3_600_000 + random() * 45 * 86_400_000), false);

    const ack = random() < 0.08 ? pick(ackMessages) : "";
    const autoDraw = random();
    const auto = error === "invalid_yes_no" ? "yes" : autoDraw < 0.45 ? "Yes" : autoDraw < 0.8 ? "No" : "";

    let public1 = random() < 0.45 ? pick(publicComments) : "";
    const public2 = public1 !== "" && random() < 0.2 ? pick(publicFollowUps) : "";
    if (random() < markupShare) {
      public1 = pick(markupComments);
      injectedWarnings.markup_in_comment = (injectedWarnings.markup_in_comment ?? 0) + 1;
    }
    const internal = random() < 0.3 ? `Original ID: SR-${1000000 + n}; ${pick(internalNotes)}` : `Original ID: SR-${1000000 + n}`;

    let size = "";
    let depth = "";
    let pole = "";
    if (type === "Pothole") {
      const sizeDraw = random();
      size = sizeDraw < 0.45 ? "Small" : sizeDraw < 0.85 ? "Medium" : "Large";
      if (error === "invalid_answer") size = size.toLowerCase();
      if (error === "required") size = "";
      depth = random() < 0.5 ? String(1 + Math.floor(random() * 10)) : random() < 0.3 ? `${Math.floor(random() * 8)}.5` : "";
    } else if (type === "Streetlight Outage") {
      pole = random() < 0.7 ? `SL-${String(Math.floor(random() * 100000)).padStart(5, "0")}` : "";
    }

    buffer +=
      `${lat},${lng},${csv(address)},${type},${csv(summary)},${csv(description)},${email},${created},${csv(ack)},${closed},${auto},` +
      `${csv(public1)},${csv(public2)},${csv(internal)},${size},${depth},${pole}${eol}`;
    if (buffer.length >= flushAt) await flush();
  }
  await flush();
  out.end();
  await Promise.race([once(out, "finish"), failed]);
  return { path: file, rows, bytes, injectedErrors, injectedWarnings, seconds: (performance.now() - started) / 1000 };
}

/** Writes to `file` through a temporary name, so an interrupted run never leaves a partial file behind under the final name. */
export async function generateCanonicalCsvAtomically(file: string, rows: number, options: GenerateOptions = {}): Promise<GenerateResult> {
  const temporary = `${file}.partial-${process.pid}`;
  try {
    const result = await generateCanonicalCsv(temporary, rows, options);
    await rename(temporary, file);
    return { ...result, path: file };
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Every timestamp without its offset: the commonest real defect (issue 11)

/**
 * A timestamp's UTC offset as the generator writes it (America/New_York: -05:00 or -04:00). The
 * issue's `sed -E 's/T([0-9:]{8})-0[45]:00/T\1/g'` misses the fifth of created_at values that
 * have a fraction of a second; this one strips those too, so that every timestamp loses its offset.
 */
const offsetPattern = /T([0-9:]{8}(?:\.[0-9]+)?)-0[45]:00/g;

export type StripOffsetsResult = { path: string; records: number; timestamps: number; bytes: number; seconds: number };

/**
 * Copies `input` to `output` with the UTC offset removed from every timestamp, streaming (a line
 * at a time, so a match is never split between chunks: bounded memory whatever the size).
 * `records` counts record ends (header included) and `timestamps` the offsets removed. Written
 * through a temporary name like generateCanonicalCsvAtomically.
 */
export async function stripOffsetsCsv(input: string, output: string): Promise<StripOffsetsResult> {
  const started = performance.now();
  let records = 0;
  let timestamps = 0;
  const bytes = await rewriteByLines(input, output, (text) => {
    for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) records++;
    return text.replace(offsetPattern, (_match, time: string) => {
      timestamps++;
      return `T${time}`;
    });
  });
  return { path: output, records, timestamps, bytes, seconds: (performance.now() - started) / 1000 };
}

/**
 * Copies `input` to `output` through `rewrite`, streaming whole lines (a match is never split
 * between chunks; memory bounded whatever the size), through a temporary name. Returns the bytes written.
 */
export async function rewriteByLines(input: string, output: string, rewrite: (lines: string) => string): Promise<number> {
  const temporary = `${output}.partial-${process.pid}`;
  let bytes = 0;
  try {
    const out = createWriteStream(temporary);
    const failed = new Promise<never>((_, reject) => out.once("error", reject));
    failed.catch(() => undefined);
    const write = async (text: string) => {
      bytes += Buffer.byteLength(text);
      if (!out.write(text)) await Promise.race([once(out, "drain"), failed]);
    };
    let carry = "";
    for await (const chunk of createReadStream(input, { encoding: "utf8", highWaterMark: 1024 * 1024 })) {
      const text = carry + (chunk as string);
      const end = text.lastIndexOf("\n") + 1;
      carry = text.slice(end);
      if (end > 0) await write(rewrite(text.slice(0, end)));
    }
    if (carry !== "") await write(rewrite(carry));
    out.end();
    await Promise.race([once(out, "finish"), failed]);
    await rename(temporary, output);
    return bytes;
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Standalone: npx tsx bench/generate-canonical.ts --rows N -o file.csv [--seed S] [--error-share R] [--lf] [--plain]
//             npx tsx bench/generate-canonical.ts --strip-offsets IN.csv -o OUT.csv

function argument(argv: string[], ...names: string[]): string | undefined {
  for (const name of names) {
    const at = argv.indexOf(name);
    if (at >= 0) return argv[at + 1];
    const inline = argv.find((arg) => arg.startsWith(`${name}=`));
    if (inline) return inline.slice(name.length + 1);
  }
  return undefined;
}

const usage =
  "usage: npx tsx bench/generate-canonical.ts --rows N -o FILE.csv [--seed N] [--error-share 0.01] [--lf] [--plain]\n" +
  "       npx tsx bench/generate-canonical.ts --strip-offsets IN.csv -o OUT.csv\n";

async function cli(argv: string[]): Promise<void> {
  const stripFrom = argument(argv, "--strip-offsets");
  if (stripFrom !== undefined) {
    const output = argument(argv, "-o", "--output");
    if (!output) {
      process.stderr.write(usage);
      process.exitCode = 2;
      return;
    }
    const result = await stripOffsetsCsv(stripFrom, output);
    process.stdout.write(
      `${result.path}: ${result.records.toLocaleString("en-US")} records (header included), ` +
        `${result.timestamps.toLocaleString("en-US")} offsets removed, ${(result.bytes / 1e6).toFixed(1)} MB, in ${result.seconds.toFixed(1)} s\n`,
    );
    return;
  }
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(usage);
    return;
  }
  const rows = Number((argument(argv, "--rows") ?? "").replace(/_/g, ""));
  const output = argument(argv, "-o", "--output");
  if (!Number.isInteger(rows) || rows < 0 || !output) {
    process.stderr.write(usage);
    process.exitCode = 2;
    return;
  }
  const seed = argument(argv, "--seed");
  const errorShare = argument(argv, "--error-share");
  const result = await generateCanonicalCsvAtomically(output, rows, {
    ...(seed !== undefined ? { seed: Number(seed) } : {}),
    ...(errorShare !== undefined ? { errorShare: Number(errorShare) } : {}),
    ...(argv.includes("--lf") ? { lineEnding: "\n" as const } : {}),
    ...(argv.includes("--plain") ? { plain: true } : {}),
  });
  const injected = Object.values(result.injectedErrors).reduce((sum, n) => sum + n, 0);
  process.stdout.write(
    `${result.path}: ${result.rows.toLocaleString("en-US")} rows, ${(result.bytes / 1e6).toFixed(1)} MB ` +
      `(${rows > 0 ? Math.round(result.bytes / rows) : 0} bytes/row), ${injected.toLocaleString("en-US")} rows with an error ` +
      `${JSON.stringify(result.injectedErrors)}, warnings ${JSON.stringify(result.injectedWarnings)}, in ${result.seconds.toFixed(1)} s\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await cli(process.argv.slice(2));
}
