import "server-only";
import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import pg from "pg";
import { getDb, type Db } from "../db/client.ts";
import { CopyBuffer, copyRows } from "../db/copy-rows.ts";
import { pgConfigFromUrl } from "../db/database-url.ts";
import { ANALYZE_AFTER_ROWS, refreshPlannerStatistics } from "../db/planner-statistics.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { dumpOrgConfig } from "../crm/org-config-store.ts";
import { readMappingFile } from "../engine/mapping.ts";
import type { Problem } from "../engine/problem.ts";
import { fileSource } from "../engine/read/source.ts";
import { validateImport, type ValidationReport } from "../engine/validate.ts";
import { ProblemTally } from "./problem-counts.ts";
import { ConvertedSource } from "./converted-source.ts";
import type { SourceProfile } from "../profiles/profile-schema.ts";

/**
 * Ingest: validates an import's files with the engine (lib/engine/validate.ts) in one streaming
 * pass and stores every record as an ImportRow (its values in header order, its problems and
 * counts) in batches of multi-row INSERTs, plus each ImportFile (sha256 computed while streaming,
 * header, row count, blocked by a file-level error) and the job's report and counters. Memory is
 * bounded by one batch of rows (plus the report's problems, which the report lists in full).
 *
 * Stored values are what the rules saw: trimmed, with a re-uploaded error report's neutralised
 * formulas restored. Error rows of the reader (field_count, malformed_csv, invalid_encoding) keep
 * their raw fields, which do not line up with the header.
 */

/** A file to ingest; with a source profile, it is converted to canonical rows first (converted-source.ts). */
export type IngestFile = { name: string; path: string; profile?: SourceProfile | null };

export type IngestInput = {
  importJobId: number;
  /** The database of `db`: the rows go in with COPY on a connection of their own. */
  databaseUrl: string;
  files: readonly IngestFile[];
  mapping?: IngestFile;
  now?: Date;
  /** Rows per COPY (default 2000): also how often the progress moves. */
  batchRows?: number;
  onProgress?: (progress: { file: string; bytes: number; totalBytes: number; rows: number }) => void;
};

export type IngestedFile = { id: number; name: string; sha256: string; rows: number; blocked: boolean };
/** `counts`: the job's counters, with the rows' conversion findings (the report's summary counts the validator's problems). */
export type IngestResult = { report: ValidationReport; storedRows: number; files: IngestedFile[]; counts: IngestCounts };
export type IngestCounts = { errors: number; warnings: number; validRows: number };

const importRowColumns = ["importJobId", "importFileId", "row", "line", "values", "problems", "errorCount", "warningCount", "updatedAt"];

type PendingRow = { fileId: number; row: number; line: number; values: string[]; problems: readonly Problem[] };

/** A Postgres array literal of text (NUL cannot be stored in Postgres text, so it is dropped). */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/\0/g, "").replace(/[\\"]/g, "\\$&")}"`).join(",")}}`;
}

/** The problems as jsonb text; NUL, which Postgres cannot store, dropped from their strings. */
export function problemsJson(problems: readonly Problem[]): string {
  const json = JSON.stringify(problems);
  // A replacer costs a call per key and value (~1 us a problem): only for the rare cell with a NUL.
  return json.includes("\\u0000") ? JSON.stringify(problems, (_key, value: unknown) => (typeof value === "string" ? value.replace(/\0/g, "") : value)) : json;
}

const countBy = (problems: readonly Problem[], severity: Problem["severity"]) => problems.reduce((n, p) => n + (p.severity === severity ? 1 : 0), 0);

/** The file's bytes, hashed on the way through; a converted file is read as canonical rows and hashed apart. */
function hashedSource(path: string, converted: ConvertedSource | null = null) {
  if (converted) return { source: converted.bytes(), digest: () => sha256File(path) };
  const hash = createHash("sha256");
  let complete = false;
  async function* source(): AsyncGenerator<Uint8Array> {
    for await (const chunk of fileSource(path)) {
      const bytes = chunk as Uint8Array;
      hash.update(bytes);
      yield bytes;
    }
    complete = true;
  }
  return {
    source: source(),
    /** The reader may stop early (an unterminated quote): then the rest is hashed separately. */
    digest: async () => (complete ? hash.digest("hex") : sha256File(path)),
  };
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of fileSource(path)) hash.update(chunk as Uint8Array);
  return hash.digest("hex");
}

export async function ingestImportJob(input: IngestInput, db: Db = getDb()): Promise<IngestResult> {
  const job = await db.importJob.findUniqueOrThrow({ where: { id: input.importJobId }, include: { organization: { select: { slug: true } } } });
  const config = await dumpOrgConfig(job.organization.slug, db);
  if (!config) throw new Error(`organization ${job.organization.slug} not found`);
  const sizes = await Promise.all(input.files.map(async (file) => (await stat(file.path)).size));
  const totalBytes = sizes.reduce((sum, size) => sum + size, 0);
  const fileIds = await startOver(db, input, sizes);
  if (input.mapping) await storeJobMapping(db, job.id, input.mapping, config.requestTypes.map((type) => type.title));

  const sink = await openRowSink(db, input, job.id);
  const headers = new Map<number, readonly string[]>();
  const converted = input.files.map((file) => (file.profile ? new ConvertedSource(file.path, file.name, file.profile, config.organization.timezone) : null));
  const hashed = input.files.map((file, index) => hashedSource(file.path, converted[index]));
  const files: IngestedFile[] = [];
  let report: ValidationReport;
  try {
    report = await validateImport({
      files: input.files.map((file, index) => ({ name: file.name, source: hashed[index]!.source, sizeBytes: sizes[index] ?? 0 })),
      ...(input.mapping ? { mapping: { name: input.mapping.name, source: fileSource(input.mapping.path) } } : {}),
      config,
      ...(input.now ? { now: input.now } : {}),
      // Each row's problems are stored on the row (onRecord); the report keeps the whole-file ones and the counts.
      onRowProblems: () => undefined,
      onProgress: (progress) => {
        sink.bytesNow = Math.min(progress.bytes, sizes[progress.fileIndex] ?? 0); // a converted file's canonical bytes are not its own
        input.onProgress?.({ file: progress.file, bytes: sink.bytesBefore + progress.bytes, totalBytes, rows: sink.rowsSeen() });
      },
      onRecord: async ({ fileIndex, validator }, record, problems) => {
        if (!headers.has(fileIndex)) headers.set(fileIndex, validator.header);
        const values = record.problem ? record.fields : validator.values(record.fields);
        const source = converted[fileIndex]?.take(record.row, record.line, problems) ?? { line: record.line, problems };
        await sink.add({ fileId: fileIds[fileIndex]!, row: record.row, line: source.line, values, problems: source.problems });
      },
      onFileDone: async (fileReport, settled) => {
        await sink.flush();
        const fileIndex = input.files.findIndex((file) => file.name === fileReport.file);
        const fileId = fileIds[fileIndex]!;
        const conversion = converted[fileIndex];
        if (conversion) fileReport.problems.unshift(...conversion.fileProblems);
        for (const late of inBatches([settled, conversion ? conversion.lateProblems() : []])) {
          await addSettledProblems(db, fileId, late);
          sink.tally.add(fileId, late);
        }
        await sink.tally.write(job.id, db);
        const blocked = fileReport.problems.some((problem) => problem.row === 0 && problem.severity === "error");
        const sha256 = await hashed[fileIndex]!.digest();
        const header = [...(headers.get(fileIndex) ?? [])];
        await db.importFile.update({ where: { id: fileId }, data: { sha256, header, sourceHeader: conversion?.sourceHeader ?? header, rowCount: fileReport.rows, blocked } });
        files.push({ id: fileId, name: fileReport.file, sha256, rows: fileReport.rows, blocked });
        sink.bytesBefore += sizes[fileIndex] ?? 0;
        sink.bytesNow = 0;
      },
    });
    await sink.flush();
  } finally {
    await sink.close();
  }
  // The review's first queries are planned on the rows just stored.
  if (sink.storedRows >= ANALYZE_AFTER_ROWS) await refreshPlannerStatistics((sql) => db.$executeRawUnsafe(sql), ["ImportRow"]);
  const counts = await markValidated(db, job.id, report, sink.storedRows, totalBytes);
  return { report, storedRows: sink.storedRows, files, counts };
}

/** Start over: a job validated again replaces its rows, chunks and mapping; its files are (re)registered. */
async function startOver(db: Db, input: IngestInput, sizes: readonly number[]): Promise<number[]> {
  const { importJobId } = input;
  return db.$transaction(
    async (tx) => {
      await tx.importJob.update({
        where: { id: importJobId },
        data: {
          status: "validating", heartbeatAt: new Date(), totalBytes: BigInt(sizes.reduce((sum, size) => sum + size, 0)), validatedBytes: BigInt(0), report: Prisma.DbNull,
          totalRows: 0, validRows: 0, errorCount: 0, warningCount: 0, mappingFileName: input.mapping?.name ?? null,
        },
      });
      await tx.importChunk.deleteMany({ where: { importJobId } });
      await tx.importRow.deleteMany({ where: { importJobId } });
      await tx.importJobMapping.deleteMany({ where: { importJobId } });
      await tx.importProblemCount.deleteMany({ where: { importJobId } });
      const ids: number[] = [];
      for (const [position, file] of input.files.entries()) {
        const data = {
          kind: "data" as const, position, sha256: "", header: [], rowCount: 0, byteSize: BigInt(sizes[position] ?? 0), blocked: false,
          profile: file.profile?.name ?? "canonical", sourceProfile: file.profile ? (file.profile as unknown as Prisma.InputJsonValue) : Prisma.DbNull,
        };
        const row = await tx.importFile.upsert({
          where: { importJobId_name: { importJobId, name: file.name } },
          update: data,
          create: { importJobId, name: file.name, ...data },
          select: { id: true },
        });
        ids.push(row.id);
      }
      if (input.mapping) {
        const size = (await stat(input.mapping.path)).size;
        const data = { kind: "mapping" as const, position: 0, sha256: await sha256File(input.mapping.path), byteSize: BigInt(size) };
        await tx.importFile.upsert({ where: { importJobId_name: { importJobId, name: input.mapping.name } }, update: data, create: { importJobId, name: input.mapping.name, ...data } });
      }
      return ids;
    },
    { timeout: 120_000 },
  );
}

async function storeJobMapping(db: Db, importJobId: number, file: IngestFile, titles: readonly string[]): Promise<void> {
  const { mapping } = await readMappingFile(file.name, fileSource(file.path), [...titles]);
  if (mapping.size) await db.importJobMapping.createMany({ data: [...mapping].map(([oldValue, newValue]) => ({ importJobId, oldValue, newValue })) });
}

/**
 * Rows validated between turns of the event loop while a batch is being stored: validation runs
 * in microtasks (the reader reads ahead, so its promises are mostly settled already), and the
 * COPY's bytes go to the socket, and Postgres's replies come back, only when the loop turns.
 */
const YIELD_ROWS = 64;

/**
 * Where validated rows go: batches of `batchRows` COPYed on a connection of their own, each
 * committed on its own, and the job's byte progress advanced after each. A batch is stored while
 * the next is validated (one COPY in flight), so the file is read and checked while Postgres
 * parses the last batch's `text[]` and `jsonb` and keeps ImportRow's indexes: 200k rows whose
 * every row has an error in ~7.0 s instead of ~10.2 s, clean ones in ~4.5 s instead of ~6.8 s
 * (bench/README, session 17).
 */
async function openRowSink(db: Db, input: IngestInput, importJobId: number) {
  const batchRows = input.batchRows ?? 2000;
  const pending: PendingRow[] = [];
  const rowsClient = new pg.Client(pgConfigFromUrl(input.databaseUrl));
  await rowsClient.connect();
  /** The batch being stored (until the next send or flush takes its outcome), and its rows. */
  let inFlight: Promise<void> | null = null;
  let inFlightRows = 0;
  let storing = false; // its COPY and progress update still going (the loop need not turn after)

  async function store(rows: CopyBuffer, count: number, validatedBytes: number): Promise<void> {
    await copyRows(rowsClient, "ImportRow", importRowColumns, rows);
    sink.storedRows += count;
    const moved = await db.importJob.updateMany({ where: { id: importJobId, status: "validating" }, data: { validatedBytes: BigInt(validatedBytes), totalRows: sink.storedRows, heartbeatAt: new Date() } });
    // Discarded (or cancelled) meanwhile: stop, and write nothing more.
    if (moved.count === 0) throw new Error(`import #${importJobId} was discarded while it was being validated`);
  }

  /** Waits for the batch being stored; its failure is thrown here. */
  async function settle(): Promise<void> {
    const storing = inFlight;
    if (storing === null) return;
    try {
      await storing;
    } finally {
      if (inFlight === storing) {
        inFlight = null;
        inFlightRows = 0;
      }
    }
  }

  const sink = {
    storedRows: 0,
    /** The rows' problems counted by file, code, column and severity; written as each file ends. */
    tally: new ProblemTally(),
    /** Bytes of the files done, and of the file being read. */
    bytesBefore: 0,
    bytesNow: 0,
    rowsSeen: () => sink.storedRows + inFlightRows + pending.length,
    async add(row: PendingRow) {
      pending.push(row);
      sink.tally.add(row.fileId, row.problems);
      if (pending.length >= batchRows) await sink.send();
      // Validation goes on in microtasks; the batch being stored moves only when the event loop turns.
      else if (storing && pending.length % YIELD_ROWS === 0) await new Promise((resolve) => setImmediate(resolve));
    },
    /** The pending rows on their way to Postgres, once the batch before them is stored. */
    async send() {
      if (!pending.length) return;
      const batch = pending.splice(0, pending.length);
      const validatedBytes = sink.bytesBefore + sink.bytesNow;
      const rows = new CopyBuffer();
      const now = new Date().toISOString(); // UTC wall time, as Prisma writes timestamps
      for (const row of batch) {
        rows.add([
          importJobId, row.fileId, row.row, row.line, textArrayLiteral(row.values), problemsJson(row.problems),
          countBy(row.problems, "error"), countBy(row.problems, "warning"), now,
        ]);
      }
      await settle();
      storing = true;
      const stored = store(rows, batch.length, validatedBytes).finally(() => (storing = false));
      // Awaited by the next send or flush; until then a failure must not go unhandled.
      stored.catch(() => undefined);
      inFlight = stored;
      inFlightRows = batch.length;
    },
    /** Every row so far stored (before the file's settled problems join their rows, and at the end). */
    async flush() {
      await sink.send();
      await settle();
    },
    close: async () => {
      await settle().catch(() => undefined);
      await rowsClient.end().catch(() => undefined);
    },
  };
  return sink;
}

/** Problems settled at the end of a file (answer_for_other_type) join their rows. */
const SETTLED_BATCH = 10_000;

/** Problems in batches, so a file whose every row has a late problem is not one statement of a million. */
function* inBatches(lists: Iterable<Problem>[]): Generator<Problem[]> {
  let batch: Problem[] = [];
  for (const list of lists) {
    for (const problem of list) {
      batch.push(problem);
      if (batch.length === SETTLED_BATCH) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length) yield batch;
}

/** Appends problems to their rows (a row in two batches gets both appends, in order). */
async function addSettledProblems(db: Db, fileId: number, settled: readonly Problem[]): Promise<void> {
  const byRow = new Map<number, Problem[]>();
  for (const problem of settled) byRow.set(problem.row, [...(byRow.get(problem.row) ?? []), problem]);
  if (!byRow.size) return;
  const entries = [...byRow];
  await db.$executeRawUnsafe(
    `UPDATE "ImportRow" AS r SET problems = r.problems || u.p::jsonb, "errorCount" = r."errorCount" + u.e, "warningCount" = r."warningCount" + u.w
     FROM unnest($2::int[], $3::text[], $4::int[], $5::int[]) AS u(row, p, e, w) WHERE r."importFileId" = $1 AND r.row = u.row`,
    fileId,
    entries.map(([row]) => row),
    entries.map(([, problems]) => problemsJson(problems)),
    entries.map(([, problems]) => countBy(problems, "error")),
    entries.map(([, problems]) => countBy(problems, "warning")),
  );
}

/**
 * Validated: ready to review, unless it was cancelled meanwhile. The counters are the stored
 * rows' (a converted file's rows also carry the conversion's findings) plus the whole-file problems.
 */
async function markValidated(db: Db, importJobId: number, report: ValidationReport, storedRows: number, totalBytes: number): Promise<IngestCounts> {
  const [rows] = await db.$queryRaw<{ errors: bigint; warnings: bigint; valid: bigint }[]>`
    SELECT coalesce(sum(r."errorCount"), 0) AS errors, coalesce(sum(r."warningCount"), 0) AS warnings,
           count(*) FILTER (WHERE r."errorCount" = 0 AND NOT f.blocked) AS valid
      FROM "ImportRow" r JOIN "ImportFile" f ON f.id = r."importFileId" WHERE r."importJobId" = ${importJobId}`;
  const whole = [...report.files.flatMap((file) => file.problems.filter((problem) => problem.row === 0)), ...(report.mapping?.problems ?? [])];
  const count = (severity: string) => whole.filter((problem) => problem.severity === severity).length;
  const counts = { errors: Number(rows?.errors ?? 0) + count("error"), warnings: Number(rows?.warnings ?? 0) + count("warning"), validRows: Number(rows?.valid ?? 0) };
  await db.importJob.updateMany({
    where: { id: importJobId, status: "validating" },
    data: {
      status: "ready",
      report: storedReport(report) as unknown as Prisma.InputJsonValue,
      totalRows: storedRows,
      validRows: counts.validRows,
      errorCount: counts.errors,
      warningCount: counts.warnings,
      validatedBytes: BigInt(totalBytes),
      validatedAt: new Date(),
      heartbeatAt: new Date(),
    },
  });
  return counts;
}

/**
 * What the job keeps of the report: the summary, the mapping file's problems and each file's
 * whole-file problems (row 0). Row problems live on their rows and in ImportProblemCount, so no
 * page ever loads a report that grows with the file.
 */
export function storedReport(report: ValidationReport): ValidationReport {
  return { ...report, files: report.files.map((file) => ({ ...file, problems: file.problems.filter((problem) => problem.row === 0) })) };
}
