import { stat, writeFile } from "node:fs/promises";
import { Option, type Command } from "commander";
import cliProgress from "cli-progress";
import type { Db } from "../../db/client.ts";
import { createImportJob, enqueueImportJob, findImportJobForFiles, listAlreadyImported, resumeImportJob, cancelImportJob } from "../../imports/import-jobs.ts";
import { ingestImportJob, sha256File } from "../../imports/ingest.ts";
import { getImportProgress, type ImportProgress } from "../../imports/progress.ts";
import { listRowOutcomeReasons } from "../../imports/import-counts.ts";
import { rollbackImportJob } from "../../imports/rollback.ts";
import { listImportCreatedUsers, newUsersCsv } from "../../imports/new-users.ts";
import { startImportWorker } from "../../jobs/worker.ts";
import { withDb } from "../with-db.ts";
import { UsageError, cannotWrite, exitCodes, parseImportNumber } from "../cli-errors.ts";
import { formatTextReport } from "../text-report.ts";
import { resumableStatuses } from "../../jobs/import-status.ts";
import { profileForFile } from "../../imports/source-profiles.ts";
import { resolveProfileOption } from "./convert-profile-option.ts";

/**
 * `import` (contract §4), `jobs status|cancel|rollback|list` and `users --import ID`.
 *
 * `import` validates the files into a new import (or the unfinished import of the same files,
 * after a crash), refuses when validation found errors unless --only-valid, queues it through
 * the same queue and executor as the web app, and runs a worker in this process until it is done
 * (unless --no-wait), with progress on stderr. Exit status: 0 the import completed; 1 refused
 * because of validation errors; 2 usage error, unreadable input, or the import failed, was
 * cancelled or a job command was refused.
 */

type ImportOptions = { org?: string; mapping?: string; profile?: string; onlyValid?: boolean; wait: boolean; resume?: string };

const importFailed = 2;

const log = (line: string) => process.stderr.write(`${line}\n`);
const plural = (count: number, noun: string) => `${count.toLocaleString("en-US")} ${noun}${count === 1 ? "" : "s"}`;

const jobId = parseImportNumber;

async function readable(file: string): Promise<void> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
  });
  if (info.isDirectory()) throw new UsageError(`cannot read ${file}: it is a directory`);
}

type SetExitCode = (code: number) => void;

export function registerImportCommands(program: Command, setExitCode: SetExitCode): void {
  registerImport(program, setExitCode);
  const jobs = program.command("jobs").description("Follow and control imports: status, cancel, roll back, list.");
  registerJobStatus(jobs, setExitCode);
  registerJobControl(jobs, setExitCode);
  registerJobList(jobs, setExitCode);
  registerUsers(program, setExitCode);
}

function registerImport(program: Command, setExitCode: SetExitCode): void {
  program
    .command("import")
    .description(
      "Import canonical files into an organization through the import queue, with progress. Refuses when the files have validation errors, unless --only-valid. " +
        "Run it again after a crash and it resumes the unfinished import of the same files. Follow or control imports with `bulk-import jobs`.",
    )
    .option("--org <slug>", "the organization to import into")
    .option("--mapping <map.csv>", "request-type mapping file (old_request_type,request_type or from,to)")
    .option("--profile <auto|name|file>", "source profile of the files: auto (default: a profile the organization saved for these columns, a built-in one by the headers, else one inferred), a built-in profile or a profile file")
    .option("--only-valid", "import the valid rows and keep the rows with errors in the import's report")
    .option("--no-wait", "queue the import and exit; a worker (npm run worker, npm start) does the work")
    .option("--resume <id>", "continue import ID (after a crash, a failure or a cancel) instead of starting one")
    .argument("[files...]", "the canonical CSV files")
    .action(async (files: string[], options: ImportOptions) => {
      if (options.resume !== undefined) {
        if (files.length) throw new UsageError("--resume takes no files: the import already has them");
        const id = jobId(options.resume);
        setExitCode(await withDb((db, url) => resumeAndFollow(db, url, id, options.wait)));
        return;
      }
      if (!options.org) throw new UsageError("--org <slug> is required");
      if (!files.length) throw new UsageError("no files to import");
      for (const file of files) await readable(file);
      if (options.mapping) await readable(options.mapping);
      setExitCode(await withDb((db, url) => runImport(db, url, files, { ...options, org: options.org! })));
    });
}

function registerJobStatus(jobs: Command, setExitCode: SetExitCode): void {
  jobs
    .command("status")
    .description("Show an import's progress and outcome.")
    .argument("<id>", "the import number")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .action(async (id: string, options: { format: "text" | "json" }) => {
      const importJobId = jobId(id);
      const found = await withDb(async (db) => {
        const progress = await getImportProgress(importJobId, db);
        return progress ? { progress, reasons: await listRowOutcomeReasons(importJobId, {}, db) } : null;
      });
      if (!found) throw new UsageError(`there is no import #${importJobId}`);
      if (options.format === "json") process.stdout.write(`${JSON.stringify({ ...found.progress, reasons: found.reasons }, null, 2)}\n`);
      else process.stdout.write(`${[describeProgress(found.progress), ...found.reasons.map((r) => `  ${r.status} ${r.rows}: ${r.reason}`)].join("\n")}\n`);
      setExitCode(exitCodes.ok);
    });
}

/** `jobs cancel` and `jobs rollback`: a refusal says why and exits 2. */
function registerJobControl(jobs: Command, setExitCode: SetExitCode): void {
  // The command line has no signed-in user: its audit events have no actor.
  const control = <T extends { ok: true } | { ok: false; reason: string }>(run: (importJobId: number, actorId: null, db: Db) => Promise<T>, done: (importJobId: number, result: Extract<T, { ok: true }>) => string) =>
    async (id: string) => {
      const importJobId = jobId(id);
      const result = await withDb((db) => run(importJobId, null, db));
      if (!result.ok) {
        log((result as { reason: string }).reason);
        setExitCode(importFailed);
        return;
      }
      log(done(importJobId, result as Extract<T, { ok: true }>));
      setExitCode(exitCodes.ok);
    };

  jobs
    .command("cancel")
    .description("Cancel an import: it stops after the chunks being written (cancelling → cancelled).")
    .argument("<id>", "the import number")
    .action(control(cancelImportJob, (importJobId, result) =>
      result.status === "cancelled" ? `Import #${importJobId} is cancelled.` : `Import #${importJobId} is cancelling: it stops after the chunks being written.`,
    ));

  jobs
    .command("rollback")
    .description(
      "Remove everything an import created (issues with their events, comments and answers, and the guest users it created that have nothing else), in one transaction. " +
        "Refused when any of its issues changed after the import.",
    )
    .argument("<id>", "the import number")
    .action(control(rollbackImportJob, (importJobId, result) =>
      `Rolled back import #${importJobId}: removed ${plural(result.issuesDeleted, "issue")} and ${plural(result.usersDeleted, "guest user")}.`,
    ));
}

function registerJobList(jobs: Command, setExitCode: SetExitCode): void {
  jobs
    .command("list")
    .description("List recent imports.")
    .option("--org <slug>", "only this organization's")
    .action(async (options: { org?: string }) => {
      const lines = await withDb(async (db) => {
        const rows = await db.importJob.findMany({
          where: options.org ? { organization: { slug: options.org } } : {},
          orderBy: { id: "desc" },
          take: 50,
          omit: { report: true },
          include: { organization: { select: { slug: true } }, files: { where: { kind: "data" }, select: { name: true }, orderBy: { position: "asc" } } },
        });
        return rows.map((job) => `#${job.id}  ${job.organization.slug}  ${job.status}  ${job.rowsDone}/${job.totalRows} rows, ${job.issuesCreated} issues  ${job.files.map((f) => f.name).join(", ")}`);
      });
      process.stdout.write(lines.length ? `${lines.join("\n")}\n` : "No imports.\n");
      setExitCode(exitCodes.ok);
    });
}

function registerUsers(program: Command, setExitCode: SetExitCode): void {
  program
    .command("users")
    .description("Write the users an import created (guest reporters, invitation pending) as CSV, for the later invitation task. The import sends no email.")
    .requiredOption("--import <id>", "the import number")
    .requiredOption("-o, --output <file>", "the CSV file to write (- for stdout)")
    .action(async (options: { import: string; output: string }) => {
      const importJobId = jobId(options.import);
      const csv = await withDb(async (db) => {
        if (!(await db.importJob.findUnique({ where: { id: importJobId }, select: { id: true } }))) throw new UsageError(`there is no import #${importJobId}`);
        const users = await listImportCreatedUsers(importJobId, db);
        return { text: newUsersCsv(importJobId, users), count: users.length };
      });
      if (options.output === "-") process.stdout.write(csv.text);
      else {
        await writeFile(options.output, csv.text).catch((error: NodeJS.ErrnoException) => {
          throw cannotWrite(options.output, error);
        });
        log(`Wrote ${plural(csv.count, "user")} created by import #${importJobId} to ${options.output}.`);
      }
      setExitCode(exitCodes.ok);
    });
}

async function runImport(db: Db, databaseUrl: string, files: string[], options: ImportOptions & { org: string }): Promise<number> {
  const organization = await db.organization.findUnique({ where: { slug: options.org }, select: { id: true } });
  if (!organization) throw new UsageError(`no organization with slug "${options.org}" (create it with bulk-import org apply)`);
  const hashes = await Promise.all(files.map(async (file) => ({ name: file, sha256: await sha256File(file) })));
  const mapping = options.mapping ? { name: options.mapping, sha256: await sha256File(options.mapping) } : null;

  const unfinished = await findImportJobForFiles({ organizationId: organization.id, files: hashes, mapping }, db);
  if (unfinished && resumableStatuses.has(unfinished.status)) {
    log(`Resuming import #${unfinished.id} (${unfinished.status}) of these files.`);
    return resumeAndFollow(db, databaseUrl, unfinished.id, options.wait);
  }
  const importJobId = unfinished?.id ?? (await createImportJob({ organizationId: organization.id, onlyValid: options.onlyValid ?? false }, db)).id;
  const given = options.profile === "canonical" ? null : await resolveProfileOption(options.profile);
  const profiles = await Promise.all(files.map(async (file) => (given ? (await profileForFile(file, given, organization.id, db)).profile : null)));
  for (const [index, profile] of profiles.entries()) if (profile) log(`${files[index]}: converted with the source profile ${profile.name}.`);
  log(`Validating ${plural(files.length, "file")} for import #${importJobId}…`);
  const { report, files: stored, counts } = await ingestImportJob({
    importJobId,
    databaseUrl,
    files: files.map((file, index) => ({ name: file, path: file, profile: profiles[index] ?? null })),
    ...(options.mapping ? { mapping: { name: options.mapping, path: options.mapping } } : {}),
  }, db);

  const already = await listAlreadyImported(organization.id, stored.map((file) => file.sha256), db);
  for (const file of stored) {
    for (const earlier of already.filter((entry) => entry.sha256 === file.sha256)) {
      log(
        `${file.name}: ${plural(earlier.rows, "row")} of it ${earlier.rows === 1 ? "was" : "were"} already imported into ${options.org}${earlier.importJobId ? ` by import #${earlier.importJobId}` : ""}; ${earlier.rows === 1 ? "it" : "they"} will be skipped.`,
      );
    }
  }

  const summary = { ...report.summary, errors: counts.errors, warnings: counts.warnings, validRows: counts.validRows };
  if (counts.errors > 0 && !options.onlyValid) {
    process.stderr.write(formatTextReport(report));
    log("");
    log(
      `Import #${importJobId} was not started: the files have ${plural(summary.errors, "validation error")}. ` +
        `Fix them (bulk-import error-report writes the rows with errors to a CSV to fix and upload again), ` +
        `or import the ${plural(summary.validRows, "valid row")} and keep the rest in the import's report with --only-valid.`,
    );
    return exitCodes.validationErrors;
  }
  if (counts.errors > 0) log(`${plural(summary.rows - summary.validRows, "row")} with errors will not be imported (--only-valid).`);

  const queued = await enqueueImportJob(importJobId, { databaseUrl, onlyValid: options.onlyValid ?? false }, db);
  if (!queued.ok) throw new UsageError(queued.reason);
  return follow(db, databaseUrl, importJobId, options.wait);
}

async function resumeAndFollow(db: Db, databaseUrl: string, importJobId: number, wait: boolean): Promise<number> {
  const resumed = await resumeImportJob(importJobId, { databaseUrl }, db);
  if (!resumed.ok) throw new UsageError(resumed.reason);
  return follow(db, databaseUrl, importJobId, wait);
}

/** Runs a worker in this process and shows progress until the import finishes. */
async function follow(db: Db, databaseUrl: string, importJobId: number, wait: boolean): Promise<number> {
  if (!wait) {
    log(`Import #${importJobId} is queued; a worker will run it. Follow it with: bulk-import jobs status ${importJobId}`);
    return exitCodes.ok;
  }
  const debug = process.env.BULK_IMPORT_DEBUG ? (line: string) => log(`[worker] ${line}`) : undefined;
  const worker = await startImportWorker({ databaseUrl, ...(debug ? { log: debug } : {}), supervise: false });
  let progress: ImportProgress | null;
  try {
    progress = await showProgress(db, importJobId);
  } finally {
    await worker.stop();
  }
  return summarize(db, progress);
}

async function showProgress(db: Db, importJobId: number): Promise<ImportProgress | null> {
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { stream: process.stderr, format: `import #${importJobId} [{bar}] {percentage}% | {value}/{total} rows | {rate} rows/s | ETA {eta_left}`, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  let started = false;
  let lastLine = 0;
  try {
    for (;;) {
      const progress = await getImportProgress(importJobId, db);
      if (!progress) return null;
      if (bar) {
        const payload = { rate: Math.round(progress.rowsPerSecond ?? 0).toLocaleString("en-US"), eta_left: progress.etaSeconds === null ? "…" : `${progress.etaSeconds}s` };
        if (!started) bar.start(progress.totalRows, progress.rowsDone, payload);
        else bar.update(progress.rowsDone, payload);
        started = true;
      } else if (progress.finished || Date.now() - lastLine >= 2000) {
        lastLine = Date.now();
        log(describeProgress(progress));
      }
      if (progress.finished) return progress;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  } finally {
    bar?.stop();
  }
}

function describeProgress(progress: ImportProgress): string {
  const rate = progress.rowsPerSecond ? `, ${Math.round(progress.rowsPerSecond).toLocaleString("en-US")} rows/s` : "";
  const eta = !progress.finished && progress.etaSeconds !== null ? `, about ${progress.etaSeconds} s left` : "";
  const rows = progress.outcome ?? { imported: 0, skipped: 0, failed: 0, rolledBack: 0, usersCreated: 0 };
  const rolledBack = rows.rolledBack ? `, ${plural(rows.rolledBack, "issue")} rolled back` : "";
  const outcome = `${plural(rows.imported, "issue")} created, ${plural(rows.skipped, "row")} skipped, ${plural(rows.failed, "row")} failed${rolledBack}, ${plural(rows.usersCreated, "new user")}`;
  return `import #${progress.id} ${progress.status}: ${progress.rowsDone.toLocaleString("en-US")}/${progress.totalRows.toLocaleString("en-US")} rows (${progress.percent}%)${rate}${eta}; ${outcome}${progress.error ? `; ${progress.error}` : ""}`;
}

async function summarize(db: Db, progress: ImportProgress | null): Promise<number> {
  if (!progress) throw new UsageError("the import disappeared");
  const reasons = await listRowOutcomeReasons(progress.id, {}, db);
  if (process.stderr.isTTY) log(describeProgress(progress));
  for (const reason of reasons) log(`  ${reason.status} ${reason.rows.toLocaleString("en-US")}: ${reason.reason}`);
  if (progress.usersCreated > 0) log(`New users (no email was sent): bulk-import users --import ${progress.id} -o new-users.csv`);
  if (progress.status === "completed") return exitCodes.ok;
  log(`Import #${progress.id} did not complete (${progress.status}). Continue it with: bulk-import import --resume ${progress.id}`);
  return importFailed;
}
