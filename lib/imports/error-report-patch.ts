import "server-only";
import { getDb, type Db } from "../db/client.ts";
import type { ByteSource } from "../engine/read/read-csv.ts";
import { refuseFixStart, requestReportMatch, requestStagedFix, type FixView } from "./fix-jobs.ts";
import { saveUpload } from "../uploads/upload-storage.ts";
import { getEnvWithoutDatabase } from "../env.ts";
import { errorReportKind, type StagedChange } from "./fix-run.ts";
import { matchErrorReport, type PatchSummary } from "./error-report-match.ts";

// "Upload fixes": a fixed error report re-uploaded patches only the rows it lists. Its rows are
// matched to the import's error rows (error-report-match.ts) and their changes written as a fix.

export type { PatchSummary };

/**
 * Matches the uploaded report's rows (in the request) and asks for their changes as a fix
 * (requestStagedFix): written at once when few, else by the worker with the fixes panel following
 * it; either way all or nothing, and undone from the history.
 */
export async function patchFromErrorReport(
  jobId: number,
  source: ByteSource,
  userId: number | null,
  db: Db = getDb(),
  options: { databaseUrl?: string } = {},
): Promise<{ ok: true; summary: PatchSummary; fix: FixView | null } | { ok: false; reason: string }> {
  const changes = new Map<bigint, StagedChange[]>();
  const matched = await matchErrorReport(jobId, source, db, { onChanges: (batch) => batch.forEach(([rowId, cells]) => changes.set(rowId, cells)) });
  if (!matched.ok) return matched;
  const { summary } = matched;
  let fix: FixView | null = null;
  if (changes.size) {
    const requested = await requestStagedFix({ jobId, userId, kind: errorReportKind, changes, options: { report: summary } }, options, db);
    if (!requested.ok) return requested;
    if (requested.fix.status === "failed") return { ok: false, reason: `No row was changed: ${requested.fix.error ?? "the fix failed"}` };
    fix = requested.fix;
  }
  return { ok: true, summary, fix };
}

/** A fixed error report may be this many times UPLOAD_MAX_BYTES. */
const REPORT_UPLOAD_FACTOR = 4;

export type ReceivedReport = { ok: true; summary: PatchSummary | null; fix: FixView | null } | { ok: false; reason: string };

/**
 * "Upload fixes": matched in the request for an import with few error rows (the summary comes
 * back at once); otherwise saved and matched by the worker, the summary then coming with the fix.
 */
export async function receiveFixedErrorReport(
  jobId: number,
  body: ReadableStream<Uint8Array>,
  userId: number | null,
  upload: { expectedBytes: number | null },
  db: Db = getDb(),
  options: { databaseUrl?: string; matchInRequestRows?: number } = {},
): Promise<ReceivedReport> {
  // The job's counters, as the review shows them (no count of 1M rows per upload); a blocked
  // file's rows count too, which only sends a report to the worker sooner.
  const job = await db.importJob.findUniqueOrThrow({ where: { id: jobId }, select: { totalRows: true, validRows: true } });
  const errorRows = job.totalRows - job.validRows;
  // Above FIXED_REPORT_IN_REQUEST_ROWS (default 20,000) the index of error rows would live in the
  // web server and matching 1M rows takes a minute: the report is saved and the worker matches it.
  if (errorRows <= (options.matchInRequestRows ?? getEnvWithoutDatabase().FIXED_REPORT_IN_REQUEST_ROWS)) return patchFromErrorReport(jobId, body, userId, db, options);
  // Refused before the upload is saved: a 400 MB report should not travel only to be turned away.
  const refused = await refuseFixStart(jobId, db);
  if (refused) return refused;
  // The report is the import's error rows plus their problems in words: for an import of files
  // near the upload limit it is bigger than any one of them (1M rows: 288 MB of data, 420 MB of report).
  const maxBytes = REPORT_UPLOAD_FACTOR * getEnvWithoutDatabase().UPLOAD_MAX_BYTES;
  const saved = await saveUpload({ jobId, fileName: "The fixed error report", body, expectedBytes: upload.expectedBytes, maxBytes });
  if (!saved.ok) return saved;
  const requested = await requestReportMatch({ jobId, userId, storageKey: saved.upload.storageKey, errorRows }, options, db);
  return requested.ok ? { ok: true, summary: null, fix: requested.fix } : requested;
}
