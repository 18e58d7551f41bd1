import { useCallback, useState, type RefObject } from "react";
import type { ChangedRow } from "@/lib/imports/row-edits";
import { cellSelector, type CellPosition, type GridRow } from "./grid-model";
import { useReviewActions } from "./review-actions";

/** The cell being saved: where it is, its row as loaded, and its column's name. */
export type EditTarget = CellPosition & { gridRow: GridRow; column: string };

/**
 * Editing the active cell in place (the CellEditor): saving re-validates its row on the server; a
 * rejected value keeps the editor open with the reason.
 */
export function useCellEdit({ jobId, gridRef, onSaved }: { jobId: number; gridRef: RefObject<HTMLDivElement | null>; onSaved: (target: EditTarget, row: ChangedRow) => void }) {
  const { editCell } = useReviewActions();
  const [editing, setEditing] = useState(false);
  const [editError, setEditError] = useState<string | null>(null);

  const start = useCallback(() => {
    setEditError(null);
    setEditing(true);
  }, []);

  const cancel = useCallback(() => {
    setEditing(false);
    setEditError(null);
    requestAnimationFrame(() => gridRef.current?.querySelector<HTMLElement>('[role="gridcell"][tabindex="0"]')?.focus());
  }, [gridRef]);

  const save = async (target: EditTarget, value: string) => {
    const result = await editCell({ jobId, rowId: target.gridRow.id, column: target.column, value });
    if (!result.ok) {
      setEditError(result.reason);
      return;
    }
    onSaved(target, result.row);
    setEditing(false);
    setEditError(null);
    requestAnimationFrame(() => gridRef.current?.querySelector<HTMLElement>(cellSelector(target))?.focus());
  };

  return { editing, editError, start, cancel, save };
}
