import "server-only";
import { getDb, type Db } from "../db/client.ts";
import { recordAuditEvent } from "../auth/audit-log.ts";

// "Submit for review": the customer says the files are as good as they can make them, and the CSMs
// see the import as ready for review (ADR 0015). Only a validated import that was never queued
// can be submitted; submitting again after more fixes moves the time on.

export type SubmitResult = { ok: true; submittedAt: Date } | { ok: false; reason: string };

export async function submitImportForReview(jobId: number, userId: number, db: Db = getDb(), now = new Date()): Promise<SubmitResult> {
  const submitted = await db.$transaction(async (tx) => {
    const { count } = await tx.importJob.updateMany({ where: { id: jobId, status: "ready", queuedAt: null }, data: { submittedAt: now, submittedById: userId } });
    if (count === 1) await recordAuditEvent({ action: "import.submitted", actorId: userId, importJobId: jobId, summary: "Submitted the import for review" }, tx);
    return count === 1;
  });
  if (submitted) return { ok: true, submittedAt: now };
  const job = await db.importJob.findUnique({ where: { id: jobId }, select: { status: true } });
  if (!job) return { ok: false, reason: "No such import." };
  return { ok: false, reason: job.status === "validating" || job.status === "draft" ? "Wait until the files are checked, then submit." : `Import #${jobId} is ${job.status}; it can no longer be submitted.` };
}

export type Submission = { submittedAt: Date; by: string };

/** Who submitted the import for review, and when; null when nobody has. */
export async function getSubmission(jobId: number, db: Db = getDb()): Promise<Submission | null> {
  const job = await db.importJob.findUnique({ where: { id: jobId }, select: { submittedAt: true, submittedBy: { select: { name: true, email: true } } } });
  if (!job?.submittedAt) return null;
  return { submittedAt: job.submittedAt, by: job.submittedBy ? (job.submittedBy.name ?? job.submittedBy.email) : "a former user" };
}
