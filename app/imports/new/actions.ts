"use server";

import { canAccessOrganization, getViewer } from "@/lib/auth/viewer";
import { createDraftImportJob } from "@/lib/imports/import-drafts";
import { newImportSchema } from "@/lib/forms/new-import-schema";
import { getOrganizationConfig } from "@/lib/crm/organizations";
import type { OrgConfig } from "@/lib/org/org-config-schema";
import type { ActionResult } from "@/lib/forms/action-result";

// The new-import form's server actions; the page hands them to it as NewImportActions (ADR 0011).

export async function createImportJobAction(input: unknown): Promise<ActionResult<{ jobId: number }>> {
  const viewer = await getViewer();
  if (!viewer) return { ok: false, reason: "Sign in first." };
  const parsed = newImportSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues[0]?.message ?? "Check the form." };
  if (!canAccessOrganization(viewer, parsed.data.organizationId)) return { ok: false, reason: "You cannot import into that organization." };
  const job = await createDraftImportJob({ organizationId: parsed.data.organizationId, createdById: viewer.userId });
  return { ok: true, jobId: job.id };
}

/** The organization's configuration, for the in-browser first look. */
export async function getOrgConfigAction(input: unknown): Promise<ActionResult<{ config: OrgConfig }>> {
  const viewer = await getViewer();
  if (!viewer) return { ok: false, reason: "Sign in first." };
  const parsed = newImportSchema.safeParse(input);
  if (!parsed.success || !canAccessOrganization(viewer, parsed.data.organizationId)) return { ok: false, reason: "No such organization." };
  const config = await getOrganizationConfig(parsed.data.organizationId);
  return config ? { ok: true, config } : { ok: false, reason: "No such organization." };
}
