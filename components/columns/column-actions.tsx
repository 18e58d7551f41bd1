"use client";

import type { ActionResult } from "@/lib/forms/action-result";
import type { SourceProfile } from "@/lib/profiles/profile-schema";
import { createActionsContext } from "@/components/ui/actions-context";

// What the Match columns step asks of the server; app/imports/[id]/columns hands it down (ADR 0011).

export type ColumnActions = {
  applyColumns: (input: { jobId: number; files: { fileId: number; profile: SourceProfile }[]; saveAs: string | null }) => Promise<ActionResult<{ saved: { name: string; version: number } | null }>>;
};

const columnActions = createActionsContext<ColumnActions>("Column");
export const ColumnActionsProvider = columnActions.Provider;
export const useColumnActions = columnActions.useActions;
