"use server";

import { revalidatePath } from "next/cache";
import * as z from "zod";
import { authorize, authorizeStaff } from "@/lib/auth/viewer";
import { recordIdSchema } from "@/lib/forms/record-id";
import { organizationFormSchema, toOrganizationSettings } from "@/lib/forms/organization-form-schema";
import { createOrganizationSettings, updateOrganizationSettings } from "@/lib/crm/organization-settings";
import { recheckAfterSettingsChange } from "@/lib/imports/settings-recheck";
import type { ActionResult } from "@/lib/forms/action-result";

const inputSchema = z.object({ organizationId: recordIdSchema.optional(), values: organizationFormSchema });

/** Creates an organization (staff), or saves one's settings (who may configure it). */
export async function saveOrganizationAction(input: unknown): Promise<ActionResult<{ slug: string }>> {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues[0]?.message ?? "Bad request." };
  const { organizationId, values } = parsed.data;
  const access = organizationId ? await authorize("configure", organizationId) : await authorizeStaff();
  if (!access.ok) return { ok: false, reason: access.reason };
  const settings = toOrganizationSettings(values);
  const result = organizationId ? await updateOrganizationSettings(organizationId, settings, access.viewer.userId) : await createOrganizationSettings(settings, access.viewer.userId);
  if (result.ok && organizationId) await recheckAfterSettingsChange(organizationId, { userId: access.viewer.userId, change: "organization settings changed" });
  if (result.ok) revalidatePath("/organizations", "layout");
  return result;
}
