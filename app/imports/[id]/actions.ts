"use server";

import { revalidatePath } from "next/cache";
import type { Verb, Viewer } from "@/lib/auth/policy";
import { authorizeImportAccess } from "@/lib/auth/import-access";
import type { ZodType } from "zod";
import { applyRowChanges, listRowEdits, type ChangedRow, type RowChange } from "@/lib/imports/row-edits";
import { editableStatuses } from "@/lib/jobs/import-status";
import type { ActionFailure, ActionResult } from "@/lib/forms/action-result";
import type { RowEditView, UnknownRequestType } from "@/components/review/review-actions";
import { requestValidation } from "@/lib/imports/validation-requests";
import { findReplaceSchema, bulkFixSchema, queueImportSchema, cellEditSchema, jobIdSchema, moveRowSchema, removeFileSchema, rowHistorySchema, undoEditSchema, undoFixSchema } from "@/lib/forms/review-schemas";
import { removeImportFile } from "@/lib/imports/import-files";
import { listUnknownRequestTypes, previewBulkFix, type FixPreview } from "@/lib/imports/bulk-fixes";
import { previewFindReplace } from "@/lib/imports/find-replace";
import { requestBulkFix, requestFixUndo, undoChange, type FixRequestResult, type FixView } from "@/lib/imports/fix-jobs";
import { cancelImportJob, enqueueImportJob } from "@/lib/imports/import-jobs";
import { rollbackImportJob } from "@/lib/imports/rollback";

// The review screen's server actions. The page hands them to its components as ReviewActions and
// JobActions (ADR 0011); each parses its input and asks whether the viewer may touch the import.

type Access = { ok: true; viewer: Viewer; jobId: number; status: string };

async function authorizeJob(input: unknown, verb: Verb): Promise<Access | ActionFailure> {
  const parsed = jobIdSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "No such import." };
  const access = await authorizeImportAccess(parsed.data.jobId, verb);
  if (!access.ok) return { ok: false, reason: access.reason };
  return { ok: true, viewer: access.viewer, jobId: access.job.id, status: access.job.status };
}

/** What to answer to bad input, and whether the import's rows must still be open to change. */
type Rules = { verb: Verb; invalid: string; showIssue?: boolean; changesRows?: boolean };

/** Parses the input, then authorizes its import (and, for a change, checks that rows may still change). */
async function authorizeInput<T extends { jobId: number }>(schema: ZodType<T>, input: unknown, rules: Rules): Promise<(Access & { input: T }) | ActionFailure> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: rules.showIssue ? (parsed.error.issues[0]?.message ?? rules.invalid) : rules.invalid };
  const access = await authorizeJob(parsed.data, rules.verb);
  if (!access.ok) return access;
  if (rules.changesRows && !editableStatuses.has(access.status)) return { ok: false, reason: `Import #${access.jobId} is ${access.status}; rows can no longer change.` };
  return { ...access, input: parsed.data };
}

/** One row's changes as one edit batch: the row is re-validated and the page's counts follow. */
async function changeRow(access: Access, changes: RowChange[], fixKind?: string): Promise<ActionResult<{ row: ChangedRow }>> {
  try {
    const [row] = await applyRowChanges(access.jobId, changes, { userId: access.viewer.userId, fixKind });
    revalidatePath(`/imports/${access.jobId}`);
    return row ? { ok: true, row } : { ok: false, reason: "That row is gone." };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

const requestTypeMapping = (mapping: Record<string, string> | undefined) => (mapping ? new Map(Object.entries(mapping)) : undefined);

export async function startValidationAction(input: unknown): Promise<ActionResult> {
  const access = await authorizeJob(input, "upload");
  if (!access.ok) return access;
  const result = await requestValidation(access.jobId, access.viewer.userId);
  if (result.ok) revalidatePath(`/imports/${access.jobId}`);
  return result;
}

/** Takes a file out of an import that was never queued (its rows go; the other files' stay as they are). */
export async function removeFileAction(input: unknown): Promise<ActionResult<{ name: string }>> {
  const access = await authorizeInput(removeFileSchema, input, { verb: "upload", invalid: "No such file.", changesRows: true });
  if (!access.ok) return access;
  const result = await removeImportFile(access.jobId, access.input.fileId);
  if (result.ok) revalidatePath(`/imports/${access.jobId}`);
  return result;
}

export async function editCellAction(input: unknown): Promise<ActionResult<{ row: ChangedRow }>> {
  const access = await authorizeInput(cellEditSchema, input, { verb: "edit", invalid: "Check the value.", showIssue: true, changesRows: true });
  if (!access.ok) return access;
  const { rowId, column, value } = access.input;
  return changeRow(access, [{ rowId: BigInt(rowId), column, value: value.trim() }]);
}

export async function undoEditAction(input: unknown): Promise<ActionResult<{ rows: ChangedRow[]; fix?: FixView }>> {
  const access = await authorizeInput(undoEditSchema, input, { verb: "edit", invalid: "No such change.", changesRows: true });
  if (!access.ok) return access;
  const result = await undoChange({ jobId: access.jobId, editId: BigInt(access.input.editId), userId: access.viewer.userId });
  if (result.ok) revalidatePath(`/imports/${access.jobId}`);
  return result;
}

export async function rowHistoryAction(input: unknown): Promise<ActionResult<{ edits: RowEditView[] }>> {
  const access = await authorizeInput(rowHistorySchema, input, { verb: "view", invalid: "No such row." });
  if (!access.ok) return access;
  const edits = await listRowEdits(access.jobId, BigInt(access.input.rowId));
  return {
    ok: true,
    edits: edits.map((edit) => ({
      id: edit.id.toString(),
      column: edit.column,
      oldValue: edit.oldValue,
      newValue: edit.newValue,
      by: edit.user?.name ?? edit.user?.email ?? "someone",
      at: edit.createdAt.toISOString(),
      undone: edit.undone,
      fixKind: edit.fixKind,
      bulkFix: edit.bulkFix,
    })),
  };
}

/** Dragging a marker: both coordinates change in one edit batch, and the row is re-validated. */
export async function moveRowAction(input: unknown): Promise<ActionResult<{ row: ChangedRow }>> {
  const access = await authorizeInput(moveRowSchema, input, { verb: "edit", invalid: "Bad coordinates.", showIssue: true, changesRows: true });
  if (!access.ok) return access;
  const rowId = BigInt(access.input.rowId);
  const round = (value: number) => String(Math.round(value * 1e6) / 1e6);
  const changes = [
    { rowId, column: "lat", value: round(access.input.lat) },
    { rowId, column: "lng", value: round(access.input.lng) },
  ];
  return changeRow(access, changes, "moved on map");
}

export async function previewBulkFixAction(input: unknown): Promise<ActionResult<{ preview: FixPreview }>> {
  const access = await authorizeInput(bulkFixSchema, input, { verb: "view", invalid: "Unknown fix." });
  if (!access.ok) return access;
  return { ok: true, preview: await previewBulkFix(access.jobId, access.input.kind, { requestTypeMapping: requestTypeMapping(access.input.mapping) }) };
}

/** How many rows and cells a find and replace would change, with examples. */
export async function previewFindReplaceAction(input: unknown): Promise<ActionResult<{ preview: FixPreview }>> {
  const access = await authorizeInput(findReplaceSchema, input, { verb: "view", invalid: "Type the text to find.", showIssue: true });
  if (!access.ok) return access;
  const { find, replace, column, wholeCell } = access.input;
  return { ok: true, preview: await previewFindReplace(access.jobId, { find, replace, column, wholeCell }) };
}

/** A find and replace is a bulk fix: one change in the history, undoable, run by the worker when big. */
export async function applyFindReplaceAction(input: unknown): Promise<ActionResult<{ fix: FixView }>> {
  const access = await authorizeInput(findReplaceSchema, input, { verb: "edit", invalid: "Type the text to find.", showIssue: true, changesRows: true });
  if (!access.ok) return access;
  const { find, replace, column, wholeCell } = access.input;
  return fixAnswer(access.jobId, await requestBulkFix({ jobId: access.jobId, kind: "find_replace", userId: access.viewer.userId, findReplace: { find, replace, column, wholeCell } }));
}

/** A small fix runs in the request; a big one is queued for the worker and the panel follows its progress (ADR 0013). */
export async function applyBulkFixAction(input: unknown): Promise<ActionResult<{ fix: FixView }>> {
  const access = await authorizeInput(bulkFixSchema, input, { verb: "edit", invalid: "Unknown fix.", changesRows: true });
  if (!access.ok) return access;
  const { kind, mapping } = access.input;
  return fixAnswer(access.jobId, await requestBulkFix({ jobId: access.jobId, kind, userId: access.viewer.userId, requestTypeMapping: requestTypeMapping(mapping) }));
}

export async function undoFixAction(input: unknown): Promise<ActionResult<{ fix: FixView }>> {
  const access = await authorizeInput(undoFixSchema, input, { verb: "edit", invalid: "No such fix.", changesRows: true });
  if (!access.ok) return access;
  return fixAnswer(access.jobId, await requestFixUndo({ jobId: access.jobId, fixId: access.input.fixId, userId: access.viewer.userId }));
}

function fixAnswer(jobId: number, result: FixRequestResult): ActionResult<{ fix: FixView }> {
  if (result.ok && result.fix.status === "done") revalidatePath(`/imports/${jobId}`);
  return result;
}

export async function unknownRequestTypesAction(input: unknown): Promise<ActionResult<{ values: UnknownRequestType[] }>> {
  const access = await authorizeJob(input, "view");
  if (!access.ok) return access;
  return { ok: true, values: await listUnknownRequestTypes(access.jobId) };
}

export async function queueImportAction(input: unknown): Promise<ActionResult> {
  const access = await authorizeInput(queueImportSchema, input, { verb: "queue", invalid: "No such import." });
  if (!access.ok) return access;
  const result = await enqueueImportJob(access.jobId, { onlyValid: access.input.onlyValid, queuedById: access.viewer.userId });
  if (!result.ok) return result;
  revalidatePath(`/imports/${access.jobId}`);
  revalidatePath("/imports");
  return { ok: true };
}

export async function cancelImportAction(input: unknown): Promise<ActionResult<{ status: string }>> {
  const access = await authorizeJob(input, "cancel");
  if (!access.ok) return access;
  const result = await cancelImportJob(access.jobId, access.viewer.userId);
  if (result.ok) revalidatePath(`/imports/${access.jobId}`);
  return result;
}

export async function rollbackImportAction(input: unknown): Promise<ActionResult> {
  const access = await authorizeJob(input, "rollback");
  if (!access.ok) return access;
  const result = await rollbackImportJob(access.jobId, access.viewer.userId);
  if (!result.ok) return { ok: false, reason: result.reason };
  revalidatePath(`/imports/${access.jobId}`);
  return { ok: true };
}
