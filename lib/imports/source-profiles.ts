import "server-only";
import { getDb, type Db } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { readCsv } from "../engine/read/read-csv.ts";
import { fileSource } from "../engine/read/source.ts";
import { builtinProfiles } from "../profiles/builtin-profiles.ts";
import { convertCsv, type ProfileChoice } from "../profiles/convert-csv.ts";
import { looseName } from "../profiles/column-getters.ts";
import { parseSourceProfile, type SourceProfile } from "../profiles/profile-schema.ts";
import { uploadPath } from "../uploads/upload-storage.ts";
import { recordAuditEvent } from "../auth/audit-log.ts";

// The "Match columns" step (contract §7 in the browser): before a non-canonical file is
// validated, each of its canonical columns gets a source. A file whose columns match a profile
// the organization saved skips the step, unless its status values changed.

export type ColumnProposal = {
  fileId: number;
  name: string;
  sourceHeader: string[];
  delimiter: string;
  /** How the profile was found: the file is canonical, a saved profile, a built-in one, or inferred. */
  how: "canonical" | "saved" | "detected" | "inferred";
  profile: SourceProfile | null;
  /** Detection: the identifying headers that matched and those that did not. */
  matched: string[];
  missing: string[];
  /** Inference: a confidence (0–1) and why, per canonical column. */
  confidence: Record<string, { confidence: number; reason: string }>;
  notes: string[];
  /** Status values in the file the saved profile does not list (the step is shown again). */
  newStatusValues: string[];
  needsReview: boolean;
};

/** Records read to propose matches and to preview them. */
const SAMPLE_ROWS = 500;

/**
 * The profile a file is imported with from the command line: the one given, or with `auto` a
 * profile the organization saved for these columns, else a built-in one by its headers, else
 * one inferred from the file; null for a canonical file.
 */
export async function profileForFile(path: string, given: SourceProfile | "auto", organizationId: number, db: Db = getDb()): Promise<{ profile: SourceProfile | null; how: ColumnProposal["how"] | "given" }> {
  if (given !== "auto") return { profile: given, how: "given" };
  const organization = await db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { timezone: true } });
  const proposal = await proposeFor(0, path, path, organization.timezone, await listSavedProfiles(organizationId, db));
  return { profile: proposal.profile, how: proposal.how };
}

/** Proposes a profile for each data file, keeps it on the file, and says which files need the step. */
export async function proposeColumnMatches(jobId: number, db: Db = getDb()): Promise<ColumnProposal[]> {
  const job = await db.importJob.findUniqueOrThrow({
    where: { id: jobId },
    omit: { report: true },
    include: { organization: { select: { id: true, timezone: true } }, files: { where: { kind: "data" }, orderBy: { position: "asc" } } },
  });
  const saved = await listSavedProfiles(job.organization.id, db);
  const proposals: ColumnProposal[] = [];
  for (const file of job.files) {
    if (!file.storageKey) continue;
    const proposal = await proposeFor(file.id, file.name, uploadPath(file.storageKey), job.organization.timezone, saved);
    await db.importFile.update({
      where: { id: file.id },
      data: {
        sourceHeader: proposal.sourceHeader,
        profile: proposal.profile?.name ?? "canonical",
        sourceProfile: (proposal.profile ?? null) as Prisma.InputJsonValue,
      },
    });
    proposals.push(proposal);
  }
  return proposals;
}

async function proposeFor(fileId: number, name: string, path: string, timeZone: string, saved: readonly SavedProfile[]): Promise<ColumnProposal> {
  const start = await firstEvent(path, timeZone, name);
  const base = { fileId, name, delimiter: start?.delimiter ?? ",", matched: [], missing: [], confidence: {}, notes: [], newStatusValues: [] };
  if (!start) return { ...base, sourceHeader: [], how: "canonical", profile: null, needsReview: false };
  const { choice, sourceHeader } = start;
  if (choice.how === "canonical") return { ...base, sourceHeader, how: "canonical", profile: null, needsReview: false };
  const known = saved.find((profile) => sameColumns(profile.sourceHeader, sourceHeader));
  if (known) {
    const sample = await readSourceSample(path, base.delimiter, SAMPLE_ROWS);
    const newStatusValues = unknownStatusValues(known.definition, sourceHeader, sample);
    return { ...base, sourceHeader, how: "saved", profile: known.definition, notes: [`Saved profile ${known.name} (version ${known.version})`], newStatusValues, needsReview: newStatusValues.length > 0 };
  }
  if (choice.how === "detected") {
    return { ...base, sourceHeader, how: "detected", profile: choice.profile, matched: choice.detection.matched, missing: choice.detection.missing, notes: choice.notes, needsReview: true };
  }
  if (choice.how === "inferred") {
    const confidence = Object.fromEntries(choice.inference.matches.map((match) => [match.column, { confidence: match.confidence, reason: match.reason }]));
    return { ...base, sourceHeader, how: "inferred", profile: choice.profile, confidence, notes: choice.inference.notes, needsReview: true };
  }
  return { ...base, sourceHeader, how: "detected", profile: choice.profile, needsReview: true };
}

/** The converter's first decision on the file: its header and the profile it would use. */
async function firstEvent(path: string, timeZone: string, fileName: string): Promise<{ choice: ProfileChoice; sourceHeader: string[]; delimiter: string } | null> {
  let sourceHeader: string[] = [];
  const iterator = convertCsv(fileSource(path), { profile: "auto", timeZone, fileName, builtins: builtinProfiles(), sampleRows: SAMPLE_ROWS })[Symbol.asyncIterator]();
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      if (next.value.kind !== "start") continue;
      sourceHeader = [...(next.value.compiled?.sourceHeader ?? next.value.header)];
      return { choice: next.value.choice, sourceHeader, delimiter: next.value.delimiter };
    }
    return null;
  } finally {
    await iterator.return?.(undefined);
  }
}

/** The first `limit` records of a source file, as read with its delimiter. */
export async function readSourceSample(path: string, delimiter: string, limit: number): Promise<string[][]> {
  const rows: string[][] = [];
  const iterator = readCsv(fileSource(path), { delimiter })[Symbol.asyncIterator]();
  try {
    for (let next = await iterator.next(); !next.done && rows.length < limit; next = await iterator.next()) {
      if (next.value.kind === "records") for (const record of next.value.records) if (rows.length < limit) rows.push(record.fields);
    }
  } finally {
    await iterator.return?.(undefined);
  }
  return rows;
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  const key = (header: readonly string[]) => [...header].map(looseName).sort().join("\u0000");
  return key(a) === key(b);
}

/** Status values in the sample that the profile lists neither as open nor as closed. */
export function unknownStatusValues(profile: SourceProfile, sourceHeader: readonly string[], sample: readonly (readonly string[])[]): string[] {
  const status = profile.status;
  if (!status) return [];
  const at = sourceHeader.findIndex((name) => looseName(name) === looseName(status.column));
  if (at < 0) return [];
  const known = new Set([...status.open, ...status.closed].map((value) => value.trim().toLowerCase()));
  const nulls = new Set(profile.nullMarkers.map((value) => value.trim().toLowerCase()));
  const found = new Set<string>();
  for (const row of sample) {
    const value = (row[at] ?? "").trim();
    if (!known.has(value.toLowerCase()) && !nulls.has(value.toLowerCase())) found.add(value);
  }
  return [...found].sort();
}

export type SavedProfile = { id: number; name: string; version: number; definition: SourceProfile; sourceHeader: string[]; createdAt: Date };

/** The organization's saved profiles, newest version first. */
export async function listSavedProfiles(organizationId: number, db: Db = getDb()): Promise<SavedProfile[]> {
  const rows = await db.sourceProfile.findMany({ where: { organizationId }, orderBy: [{ version: "desc" }, { id: "desc" }] });
  return rows.flatMap((row) => {
    const parsed = parseSourceProfile(row.definition);
    return parsed.ok ? [{ id: row.id, name: row.name, version: row.version, definition: parsed.profile, sourceHeader: row.sourceHeader, createdAt: row.createdAt }] : [];
  });
}

/**
 * Keeps the profile each file is converted with and, when asked, saves it on the organization
 * as the next version of `saveAs`.
 */
export async function applyColumnMatches(
  jobId: number,
  files: readonly { fileId: number; profile: SourceProfile }[],
  options: { saveAs: string | null; userId: number | null },
  db: Db = getDb(),
): Promise<{ saved: { name: string; version: number } | null }> {
  return db.$transaction(async (tx) => {
    const job = await tx.importJob.findUniqueOrThrow({ where: { id: jobId }, select: { organizationId: true, files: { where: { kind: "data" }, select: { id: true, sourceHeader: true } } } });
    const headers = new Map(job.files.map((file) => [file.id, file.sourceHeader]));
    for (const { fileId, profile } of files) {
      if (!headers.has(fileId)) throw new Error(`File ${fileId} is not a data file of import #${jobId}.`);
      await tx.importFile.update({ where: { id: fileId }, data: { profile: profile.name, sourceProfile: profile as unknown as Prisma.InputJsonValue } });
    }
    const first = files[0];
    await recordAuditEvent({ action: "columns.matched", actorId: options.userId, organizationId: job.organizationId, importJobId: jobId, summary: `Matched the columns of ${files.length} file${files.length === 1 ? "" : "s"} (${[...new Set(files.map((file) => file.profile.name))].join(", ")})` }, tx);
    if (!options.saveAs || !first) return { saved: null };
    const latest = await tx.sourceProfile.findFirst({ where: { organizationId: job.organizationId, name: options.saveAs }, orderBy: { version: "desc" }, select: { version: true } });
    const version = (latest?.version ?? 0) + 1;
    const definition = { ...first.profile, name: options.saveAs };
    await tx.sourceProfile.create({
      data: { organizationId: job.organizationId, name: options.saveAs, version, definition: definition as unknown as Prisma.InputJsonValue, sourceHeader: [...(headers.get(first.fileId) ?? [])].sort(), createdById: options.userId },
    });
    await recordAuditEvent({ action: "profile.saved", actorId: options.userId, organizationId: job.organizationId, summary: `Saved the column profile ${options.saveAs} (version ${version})`, detail: { name: options.saveAs, version, importJobId: jobId } }, tx);
    return { saved: { name: options.saveAs, version } };
  });
}

export type ColumnStepFile = { proposal: ColumnProposal; sample: string[][] };

/** What the Match columns step shows: each data file's proposal and its first source rows. */
export async function loadColumnStep(jobId: number, db: Db = getDb()): Promise<ColumnStepFile[]> {
  const job = await db.importJob.findUniqueOrThrow({
    where: { id: jobId },
    omit: { report: true },
    include: { organization: { select: { id: true, timezone: true } }, files: { where: { kind: "data" }, orderBy: { position: "asc" } } },
  });
  const saved = await listSavedProfiles(job.organization.id, db);
  const files: ColumnStepFile[] = [];
  for (const file of job.files) {
    if (!file.storageKey) continue;
    const path = uploadPath(file.storageKey);
    const proposal = await proposeFor(file.id, file.name, path, job.organization.timezone, saved);
    files.push({ proposal, sample: proposal.how === "canonical" ? [] : await readSourceSample(path, proposal.delimiter, PREVIEW_ROWS) });
  }
  return files;
}

/** Source rows the step previews (and reads values from: statuses, request types). */
const PREVIEW_ROWS = 200;
