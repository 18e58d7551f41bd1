"use client";

import type { ActionResult } from "@/lib/forms/action-result";
import { createActionsContext } from "@/components/ui/actions-context";

// What the job buttons (cancel, roll back, discard) ask of the server. The route (app/imports/[id])
// implements it with its server actions and hands them down through JobActionsProvider (ADR 0011).

export type JobActions = {
  cancelImport: (input: { jobId: number }) => Promise<ActionResult<{ status: string }>>;
  rollbackImport: (input: { jobId: number }) => Promise<ActionResult>;
  /** An import that was never queued: its rows and uploaded files go. */
  discardImport: (input: { jobId: number }) => Promise<ActionResult<{ removedFiles: number }>>;
};

const jobActions = createActionsContext<JobActions>("Job");
export const JobActionsProvider = jobActions.Provider;
export const useJobActions = jobActions.useActions;
