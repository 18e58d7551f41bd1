"use server";

import { revalidatePath } from "next/cache";
import { authorizeImportAccess } from "@/lib/auth/import-access";
import { jobIdSchema } from "@/lib/forms/review-schemas";
import { submitImportForReview } from "@/lib/imports/submissions";
import type { ActionResult } from "@/lib/forms/action-result";

// The portal's own action (ADR 0015); the review's others are the staff page's, asked with the same policy.

/** "Submit for review": the CSMs see the import as ready for their review. */
export async function submitImportAction(input: unknown): Promise<ActionResult<{ submittedAt: string }>> {
  const parsed = jobIdSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "No such import." };
  const access = await authorizeImportAccess(parsed.data.jobId, "submit");
  if (!access.ok) return { ok: false, reason: access.reason };
  const result = await submitImportForReview(access.job.id, access.viewer.userId);
  if (!result.ok) return result;
  revalidatePath("/imports");
  revalidatePath(`/portal/imports/${access.job.id}`);
  return { ok: true, submittedAt: result.submittedAt.toISOString() };
}
