"use server";

import { revalidatePath } from "next/cache";
import type { Viewer } from "@/lib/auth/viewer";
import { authorizeImportAccess } from "@/lib/auth/import-access";
import { applyRowChanges, editableImportStatuses, findBatchEdit, listRowEdits, undoEdit, type ChangedRow } from "@/lib/imports/row-edits";
import { requestValidation } from "@/lib/imports/validation-requests";
import { bulkFixSchema, queueImportSchema, cellEditSchema, jobIdSchema, moveRowSchema, rowHistorySchema, undoBatchSchema, undoEditSchema } from "@/lib/forms/review-schemas";
import { applyBulkFix, listUnknownRequestTypes, previewBulkFix, type FixPreview, type FixResult } from "@/lib/imports/bulk-fixes";
import { cancelImport, queueImport, rollbackImport } from "@/lib/imports/job-control";

type Failure = { ok: false; reason: string };

async function authorizeJob(input: unknown): Promise<{ ok: true; viewer: Viewer; jobId: number; status: string } | Failure> {
  const parsed = jobIdSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "No such import." };
  const access = await authorizeImportAccess(parsed.data.jobId);
  if (!access.ok) return { ok: false, reason: access.reason };
  return { ok: true, viewer: access.viewer, jobId: access.job.id, status: access.job.status };
}

const editable = new Set(editableImportStatuses);

export async function startValidationAction(input: unknown): Promise<{ ok: true } | Failure> {
  const access = await authorizeJob(input);
  if (!access.ok) return access;
  const result = await requestValidation(access.jobId, access.viewer.userId);
  if (result.ok) revalidatePath(`/imports/${access.jobId}`);
  return result;
}

export async function editCellAction(input: unknown): Promise<{ ok: true; row: ChangedRow } | Failure> {
  const parsed = cellEditSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues[0]?.message ?? "Check the value." };
  const access = await authorizeJob(parsed.data);
  if (!access.ok) return access;
  if (!editable.has(access.status)) return { ok: false, reason: `Import #${access.jobId} is ${access.status}; rows can no longer change.` };
  try {
    const [row] = await applyRowChanges(access.jobId, [{ rowId: BigInt(parsed.data.rowId), column: parsed.data.column, value: parsed.data.value.trim() }], { userId: access.viewer.userId });
    revalidatePath(`/imports/${access.jobId}`);
    return row ? { ok: true, row } : { ok: false, reason: "That row is gone." };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

export async function undoEditAction(input: unknown): Promise<{ ok: true; rows: ChangedRow[] } | Failure> {
  const parsed = undoEditSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "No such change." };
  const access = await authorizeJob(parsed.data);
  if (!access.ok) return access;
  if (!editable.has(access.status)) return { ok: false, reason: `Import #${access.jobId} is ${access.status}; rows can no longer change.` };
  const result = await undoEdit(access.jobId, BigInt(parsed.data.editId), access.viewer.userId);
  if (result.ok) revalidatePath(`/imports/${access.jobId}`);
  return result;
}

export type RowEditView = { id: string; column: string; oldValue: string; newValue: string; by: string; at: string; undone: boolean; fixKind: string | null };

export async function rowHistoryAction(input: unknown): Promise<{ ok: true; edits: RowEditView[] } | Failure> {
  const parsed = rowHistorySchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "No such row." };
  const access = await authorizeJob(parsed.data);
  if (!access.ok) return access;
  const edits = await listRowEdits(access.jobId, BigInt(parsed.data.rowId));
  return {
    ok: true,
    edits: edits.map((edit) => ({
      id: edit.id.toString(),
      column: edit.column,
      oldValue: edit.oldValue,
      newValue: edit.newValue,
      by: edit.user?.name ?? edit.user?.email ?? "someone",
      at: edit.createdAt.toISOString(),
      undone: edit.undoneAt !== null,
      fixKind: edit.fixKind,
    })),
  };
}

/** Dragging a marker: both coordinates change in one edit batch, and the row is re-validated. */
export async function moveRowAction(input: unknown): Promise<{ ok: true; row: ChangedRow } | Failure> {
  const parsed = moveRowSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues[0]?.message ?? "Bad coordinates." };
  const access = await authorizeJob(parsed.data);
  if (!access.ok) return access;
  if (!editable.has(access.status)) return { ok: false, reason: `Import #${access.jobId} is ${access.status}; rows can no longer change.` };
  const rowId = BigInt(parsed.data.rowId);
  const round = (value: number) => String(Math.round(value * 1e6) / 1e6);
  try {
    const [row] = await applyRowChanges(
      access.jobId,
      [
        { rowId, column: "lat", value: round(parsed.data.lat) },
        { rowId, column: "lng", value: round(parsed.data.lng) },
      ],
      { userId: access.viewer.userId, fixKind: "moved on map" },
    );
    revalidatePath(`/imports/${access.jobId}`);
    return row ? { ok: true, row } : { ok: false, reason: "That row is gone." };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

export async function previewBulkFixAction(input: unknown): Promise<{ ok: true; preview: FixPreview } | Failure> {
  const parsed = bulkFixSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "Unknown fix." };
  const access = await authorizeJob(parsed.data);
  if (!access.ok) return access;
  const mapping = parsed.data.mapping ? new Map(Object.entries(parsed.data.mapping)) : undefined;
  return { ok: true, preview: await previewBulkFix(access.jobId, parsed.data.kind, { requestTypeMapping: mapping }) };
}

export async function applyBulkFixAction(input: unknown): Promise<{ ok: true; result: FixResult } | Failure> {
  const parsed = bulkFixSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "Unknown fix." };
  const access = await authorizeJob(parsed.data);
  if (!access.ok) return access;
  if (!editable.has(access.status)) return { ok: false, reason: `Import #${access.jobId} is ${access.status}; rows can no longer change.` };
  const mapping = parsed.data.mapping ? new Map(Object.entries(parsed.data.mapping)) : undefined;
  const result = await applyBulkFix(access.jobId, parsed.data.kind, access.viewer.userId, { requestTypeMapping: mapping });
  revalidatePath(`/imports/${access.jobId}`);
  return { ok: true, result };
}

export async function undoBatchAction(input: unknown): Promise<{ ok: true; rows: number } | Failure> {
  const parsed = undoBatchSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "No such change." };
  const access = await authorizeJob(parsed.data);
  if (!access.ok) return access;
  if (!editable.has(access.status)) return { ok: false, reason: `Import #${access.jobId} is ${access.status}; rows can no longer change.` };
  const edit = await findBatchEdit(access.jobId, parsed.data.batchId);
  if (!edit) return { ok: false, reason: "That fix was already undone." };
  const result = await undoEdit(access.jobId, edit, access.viewer.userId);
  if (!result.ok) return result;
  revalidatePath(`/imports/${access.jobId}`);
  return { ok: true, rows: result.rows.length };
}

export async function unknownRequestTypesAction(input: unknown): Promise<{ ok: true; values: { value: string; count: number; suggestion: string | null }[] } | Failure> {
  const access = await authorizeJob(input);
  if (!access.ok) return access;
  return { ok: true, values: await listUnknownRequestTypes(access.jobId) };
}

export async function queueImportAction(input: unknown): Promise<{ ok: true } | Failure> {
  const parsed = queueImportSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "No such import." };
  const access = await authorizeJob(parsed.data);
  if (!access.ok) return access;
  const result = await queueImport(access.jobId, { onlyValid: parsed.data.onlyValid, queuedById: access.viewer.userId });
  if (!result.ok) return result;
  revalidatePath(`/imports/${access.jobId}`);
  revalidatePath("/imports");
  return { ok: true };
}

export async function cancelImportAction(input: unknown): Promise<{ ok: true; status: string } | Failure> {
  const access = await authorizeJob(input);
  if (!access.ok) return access;
  const result = await cancelImport(access.jobId);
  if (result.ok) revalidatePath(`/imports/${access.jobId}`);
  return result;
}

export async function rollbackImportAction(input: unknown): Promise<{ ok: true } | Failure> {
  const access = await authorizeJob(input);
  if (!access.ok) return access;
  const result = await rollbackImport(access.jobId);
  if (!result.ok) return { ok: false, reason: result.reason };
  revalidatePath(`/imports/${access.jobId}`);
  return { ok: true };
}
