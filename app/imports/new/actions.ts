"use server";

import { authorize } from "@/lib/auth/viewer";
import { createDraftImportJob } from "@/lib/imports/import-drafts";
import { newImportSchema } from "@/lib/forms/new-import-schema";
import { getOrganizationConfig } from "@/lib/crm/organizations";
import type { OrgConfig } from "@/lib/org/org-config-schema";
import type { ActionResult } from "@/lib/forms/action-result";

// The new-import form's server actions; the page hands them to it as NewImportActions (ADR 0011).

export async function createImportJobAction(input: unknown): Promise<ActionResult<{ jobId: number }>> {
  const parsed = newImportSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues[0]?.message ?? "Check the form." };
  const access = await authorize("upload", parsed.data.organizationId);
  if (!access.ok) return { ok: false, reason: access.status === 404 ? "You cannot import into that organization." : access.reason };
  const job = await createDraftImportJob({ organizationId: parsed.data.organizationId, createdById: access.viewer.userId });
  return { ok: true, jobId: job.id };
}

/** The organization's configuration, for the in-browser first look. */
export async function getOrgConfigAction(input: unknown): Promise<ActionResult<{ config: OrgConfig }>> {
  const parsed = newImportSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "No such organization." };
  const access = await authorize("view", parsed.data.organizationId);
  if (!access.ok) return { ok: false, reason: access.status === 404 ? "No such organization." : access.reason };
  const config = await getOrganizationConfig(parsed.data.organizationId);
  return config ? { ok: true, config } : { ok: false, reason: "No such organization." };
}
