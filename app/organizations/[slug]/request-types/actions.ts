"use server";

import { revalidatePath } from "next/cache";
import * as z from "zod";
import { authorize } from "@/lib/auth/viewer";
import { recordIdSchema } from "@/lib/forms/record-id";
import { requestTypeFormSchema } from "@/lib/forms/request-type-form-schema";
import { saveRequestType } from "@/lib/crm/request-types";
import { recheckAfterSettingsChange } from "@/lib/imports/settings-recheck";
import type { ActionResult } from "@/lib/forms/action-result";

const inputSchema = z.object({ organizationId: recordIdSchema, requestTypeId: recordIdSchema.nullable(), values: requestTypeFormSchema });

/** Creates or saves a request type with its questions. */
export async function saveRequestTypeAction(input: unknown): Promise<ActionResult<{ id: number }>> {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues[0]?.message ?? "Bad request." };
  const access = await authorize("configure", parsed.data.organizationId);
  if (!access.ok) return { ok: false, reason: access.reason };
  const result = await saveRequestType(parsed.data.organizationId, parsed.data.requestTypeId, parsed.data.values, access.viewer.userId);
  if (result.ok) {
    const change = `request type “${parsed.data.values.title}” ${parsed.data.requestTypeId ? "changed" : "added"}`;
    await recheckAfterSettingsChange(parsed.data.organizationId, { userId: access.viewer.userId, change });
    revalidatePath("/organizations", "layout");
  }
  return result;
}
