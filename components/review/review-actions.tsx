"use client";

import type { ActionResult } from "@/lib/forms/action-result";
import { createActionsContext } from "@/components/ui/actions-context";
import type { BulkFixKind } from "@/lib/engine/fixes/bulk-fix-kinds";
import type { ChangedRow } from "@/lib/imports/row-edits";
import type { FixPreview } from "@/lib/imports/bulk-fixes";
import type { FixView } from "@/lib/imports/fix-jobs";

// What the review screen asks of the server. The route (app/imports/[id]) implements it with its
// server actions and hands them down through ReviewActionsProvider (ADR 0011).

/** One change of a row, as its history lists it. */
export type RowEditView = { id: string; column: string; oldValue: string; newValue: string; by: string; at: string; undone: boolean; fixKind: string | null; bulkFix: boolean };

export type UnknownRequestType = { value: string; count: number; suggestion: string | null };

type BulkFixInput = { jobId: number; kind: BulkFixKind; mapping?: Record<string, string> };
export type FindReplaceInput = { jobId: number; find: string; replace: string; column: string | null; wholeCell: boolean };

export type ReviewActions = {
  editCell: (input: { jobId: number; rowId: string; column: string; value: string }) => Promise<ActionResult<{ row: ChangedRow }>>;
  /** Undoes a row's change; one made by a bulk fix takes back the whole fix, as a fix (`fix`, followed in History). */
  undoEdit: (input: { jobId: number; editId: string }) => Promise<ActionResult<{ rows: ChangedRow[]; fix?: FixView }>>;
  rowHistory: (input: { jobId: number; rowId: string }) => Promise<ActionResult<{ edits: RowEditView[] }>>;
  moveRow: (input: { jobId: number; rowId: string; lat: number; lng: number }) => Promise<ActionResult<{ row: ChangedRow }>>;
  previewBulkFix: (input: BulkFixInput) => Promise<ActionResult<{ preview: FixPreview }>>;
  /** Runs a small fix at once, or queues a big one for the worker; either way the fix as its history lists it (ADR 0013). */
  applyBulkFix: (input: BulkFixInput) => Promise<ActionResult<{ fix: FixView }>>;
  /** Undoes a fix of the history, run the same way. */
  undoFix: (input: { jobId: number; fixId: number }) => Promise<ActionResult<{ fix: FixView }>>;
  unknownRequestTypes: (input: { jobId: number }) => Promise<ActionResult<{ values: UnknownRequestType[] }>>;
  /** Find and replace: the rows and cells it would change, then the change itself (a bulk fix, undoable). */
  previewFindReplace: (input: FindReplaceInput) => Promise<ActionResult<{ preview: FixPreview }>>;
  applyFindReplace: (input: FindReplaceInput) => Promise<ActionResult<{ fix: FixView }>>;
  queueImport: (input: { jobId: number; onlyValid: boolean }) => Promise<ActionResult>;
  /** A blocked file's ways out: take it out of the import, or (after uploading it again) validate the import afresh. */
  removeFile: (input: { jobId: number; fileId: number }) => Promise<ActionResult<{ name: string }>>;
  startValidation: (input: { jobId: number }) => Promise<ActionResult>;
};

const reviewActions = createActionsContext<ReviewActions>("Review");
export const ReviewActionsProvider = reviewActions.Provider;
export const useReviewActions = reviewActions.useActions;
