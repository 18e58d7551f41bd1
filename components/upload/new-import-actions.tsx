"use client";

import type { ActionResult } from "@/lib/forms/action-result";
import { createActionsContext } from "@/components/ui/actions-context";
import type { OrgConfig } from "@/lib/org/org-config-schema";

// What the new-import form asks of the server. The route (app/imports/new) implements it with
// its server actions and hands them down through NewImportActionsProvider (ADR 0011).

export type NewImportActions = {
  createImportJob: (input: { organizationId: string }) => Promise<ActionResult<{ jobId: number }>>;
  /** The organization's configuration, for the in-browser first look. */
  getOrgConfig: (input: { organizationId: string }) => Promise<ActionResult<{ config: OrgConfig }>>;
  /** After the upload: validate the files, or first match the columns of files that are not canonical. */
  prepareImport: (input: { jobId: number }) => Promise<ActionResult<{ next: "review" | "columns" }>>;
};

const newImportActions = createActionsContext<NewImportActions>("NewImport");
export const NewImportActionsProvider = newImportActions.Provider;
export const useNewImportActions = newImportActions.useActions;
