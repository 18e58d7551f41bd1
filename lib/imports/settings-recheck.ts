import "server-only";
import { randomUUID } from "node:crypto";
import { getDb, type Db } from "../db/client.ts";
import { getEnv } from "../env.ts";
import { sendFixJob } from "../jobs/fix-queue.ts";
import { forgetRevalidationContext } from "./row-edits.ts";
import { recheckKind, type RecheckOutcome } from "./settings-recheck-run.ts";
import { describeRecheck } from "./recheck-outcome.ts";

// A change to an organization's settings (a request type, a question, a boundary, the time zone,
// a settings file) changes what its imports' rows are worth: a row with an unknown request type
// may now be fine. Every import of the organization still under review (validated, not queued)
// is re-checked: its rows, unchanged and with their edits, are validated again against the
// settings as they are now, by the worker, as an ImportFix of kind "recheck" (ADR 0017). It runs
// all or nothing like a bulk fix, shows in the import's history with its progress, and records
// what changed ("412 rows no longer have errors").

export { describeRecheck, recheckKind, type RecheckOutcome };

/** What the re-check's options hold: the settings changes it answers, and (once done) what it found. */
export type RecheckOptions = { changes: string[]; outcome?: RecheckOutcome };

/** Statuses whose rows can still change, and which have rows: a draft has none yet. */
const recheckedStatuses = ["ready"] as const;

/**
 * Queues a re-check of each of the organization's imports under review, after `change` (a few
 * words: "Request type “Sink hole” added"). A re-check already queued and not started takes the
 * change too: it reads the settings when it starts. Returns the imports queued for.
 */
export async function recheckAfterSettingsChange(
  organizationId: number,
  input: { userId: number | null; change: string },
  options: { databaseUrl?: string; /** Only these imports (one whose validation read settings since changed). */ importJobIds?: readonly number[] } = {},
  db: Db = getDb(),
): Promise<number[]> {
  const jobs = await db.importJob.findMany({
    where: { organizationId, status: { in: [...recheckedStatuses] }, ...(options.importJobIds ? { id: { in: [...options.importJobIds] } } : {}) },
    select: { id: true, totalRows: true },
    orderBy: { id: "asc" },
  });
  const queued: number[] = [];
  for (const job of jobs) {
    // The web process's cached engine for inline edits holds the old settings.
    forgetRevalidationContext(job.id);
    if (job.totalRows === 0) continue;
    const waiting = await db.importFix.findFirst({ where: { importJobId: job.id, kind: recheckKind, status: "queued", startedAt: null }, select: { id: true, options: true } });
    if (waiting) {
      const previous = waiting.options as unknown as RecheckOptions;
      await db.importFix.update({ where: { id: waiting.id }, data: { options: { changes: [...(previous.changes ?? []), input.change] } } });
      queued.push(job.id);
      continue;
    }
    const fix = await db.importFix.create({
      data: { importJobId: job.id, kind: recheckKind, batchId: randomUUID(), rowsTotal: job.totalRows, createdById: input.userId, options: { changes: [input.change] } satisfies RecheckOptions },
      select: { id: true },
    });
    await sendFixJob(fix.id, options.databaseUrl ?? getEnv().DATABASE_URL);
    queued.push(job.id);
  }
  return queued;
}
