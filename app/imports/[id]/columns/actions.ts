"use server";

import { revalidatePath } from "next/cache";
import * as z from "zod";
import { authorizeImportAccess } from "@/lib/auth/import-access";
import { applyColumnMatches, proposeColumnMatches } from "@/lib/imports/source-profiles";
import { requestValidation } from "@/lib/imports/validation-requests";
import { editableStatuses } from "@/lib/jobs/import-status";
import { sourceProfileSchema } from "@/lib/profiles/profile-schema";
import type { ActionResult } from "@/lib/forms/action-result";
import { recordIdSchema } from "@/lib/forms/record-id";

// The "Match columns" step's server actions: after the upload, propose a profile for each file
// that is not canonical; once the CSM has matched its columns, keep the profiles (and save one on
// the organization) and start the validation.

const jobIdSchema = z.object({ jobId: recordIdSchema });

const applyColumnsSchema = z.object({
  jobId: recordIdSchema,
  files: z.array(z.object({ fileId: recordIdSchema, profile: sourceProfileSchema })).min(1),
  saveAs: z.string().trim().min(1).max(80).nullable(),
});

/** Where the import goes after its upload: straight to validation, or to the Match columns step. */
export async function prepareImportAction(input: unknown): Promise<ActionResult<{ next: "review" | "columns" }>> {
  const parsed = jobIdSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "No such import." };
  const access = await authorizeImportAccess(parsed.data.jobId, "upload");
  if (!access.ok) return { ok: false, reason: access.reason };
  if (!editableStatuses.has(access.job.status)) return { ok: false, reason: `Import #${access.job.id} is ${access.job.status}; its files can no longer change.` };
  try {
    const proposals = await proposeColumnMatches(access.job.id);
    if (proposals.some((proposal) => proposal.needsReview)) return { ok: true, next: "columns" };
  } catch (error) {
    return { ok: false, reason: `The files could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
  const started = await requestValidation(access.job.id, access.viewer.userId);
  return started.ok ? { ok: true, next: "review" } : started;
}

/** Keeps each file's profile, saves one on the organization when asked, and starts the validation. */
export async function applyColumnsAction(input: unknown): Promise<ActionResult<{ saved: { name: string; version: number } | null }>> {
  const parsed = applyColumnsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: issue ? `${issue.path.join(".")}: ${issue.message}` : "Check the matches." };
  }
  const access = await authorizeImportAccess(parsed.data.jobId, "upload");
  if (!access.ok) return { ok: false, reason: access.reason };
  if (!editableStatuses.has(access.job.status)) return { ok: false, reason: `Import #${access.job.id} is ${access.job.status}; its files can no longer change.` };
  try {
    const { saved } = await applyColumnMatches(access.job.id, parsed.data.files, { saveAs: parsed.data.saveAs, userId: access.viewer.userId });
    const started = await requestValidation(access.job.id, access.viewer.userId);
    if (!started.ok) return started;
    revalidatePath(`/imports/${access.job.id}`);
    return { ok: true, saved };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
