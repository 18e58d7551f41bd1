"use server";

import { revalidatePath } from "next/cache";
import * as z from "zod";
import { authorizeImportAccess } from "@/lib/auth/import-access";
import { discardImport } from "@/lib/imports/discard";
import { recordIdSchema } from "@/lib/forms/record-id";
import type { ActionResult } from "@/lib/forms/action-result";

// The imports list's server actions (the review page hands them on too, ADR 0011).

const jobIdSchema = z.object({ jobId: recordIdSchema });

/** Discards an import that was never queued, with its uploaded files. */
export async function discardImportAction(input: unknown): Promise<ActionResult<{ removedFiles: number }>> {
  const parsed = jobIdSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "No such import." };
  const access = await authorizeImportAccess(parsed.data.jobId, "discard");
  if (!access.ok) return { ok: false, reason: access.reason };
  const result = await discardImport(access.job.id, access.viewer.userId);
  if (result.ok) {
    revalidatePath("/imports");
    revalidatePath(`/imports/${access.job.id}`);
  }
  return result;
}
