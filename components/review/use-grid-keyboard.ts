import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type RefObject } from "react";
import type { Virtualizer } from "@tanstack/react-virtual";
import { cellSelector, FIRST_DATA_COL, ROW_HEIGHT, type CellPosition, type GridFilters } from "./grid-model";

type Options = {
  total: number;
  columnCount: number;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  gridRef: RefObject<HTMLDivElement | null>;
  scrollRef: RefObject<HTMLDivElement | null>;
  /** A new view (filter, sort) starts at its first row. */
  filters: GridFilters;
  /** While a cell is edited, its editor has the keys. */
  editing: boolean;
  canEdit: (cell: CellPosition) => boolean;
  onEdit: () => void;
  /** Alt+Left/Right: narrows or widens the active cell's column by `delta` pixels. */
  onResizeColumn?: (col: number, delta: number) => void;
};

const moves: Record<string, (pageRows: number) => [number, number]> = {
  ArrowDown: () => [1, 0],
  ArrowUp: () => [-1, 0],
  ArrowRight: () => [0, 1],
  ArrowLeft: () => [0, -1],
  PageDown: (pageRows) => [pageRows, 0],
  PageUp: (pageRows) => [-pageRows, 0],
};

/**
 * The grid's keyboard model (a roving tab stop): one active cell; the arrow keys and Page Up/Down
 * move it, Home/End go to the row's ends (with Ctrl, the grid's), Enter or F2 edits it, and
 * Alt+Left/Right resizes its column (Shift for bigger steps), the focus staying on the cell.
 */
export function useGridKeyboard({ total, columnCount, virtualizer, gridRef, scrollRef, filters, editing, canEdit, onEdit, onResizeColumn }: Options) {
  const [active, setActive] = useState<CellPosition>({ row: 0, col: FIRST_DATA_COL });
  // Read by focus attempts still waiting for a frame: once the cell editor is open, it keeps the focus.
  const editingRef = useRef(editing);
  editingRef.current = editing;

  const focusCell = useCallback(
    (row: number, col: number) => {
      const cell = { row: Math.max(0, Math.min(total - 1, row)), col: Math.max(0, Math.min(columnCount - 1, col)) };
      setActive(cell);
      virtualizer.scrollToIndex(cell.row, { align: "auto" });
      // A far jump (Ctrl+End, Page Down) renders its row a few frames later: keep trying until it
      // exists, so the focus never falls out of the grid.
      const focusWhenRendered = (framesLeft: number) =>
        requestAnimationFrame(() => {
          // Enter right after an arrow key, with frames late under load: the editor opened meanwhile.
          if (editingRef.current) return;
          const element = gridRef.current?.querySelector<HTMLElement>(cellSelector(cell));
          if (element) element.focus();
          else if (framesLeft > 0) focusWhenRendered(framesLeft - 1);
        });
      focusWhenRendered(30);
    },
    [total, columnCount, virtualizer, gridRef],
  );

  const shownFilters = useRef(filters);
  useEffect(() => {
    if (shownFilters.current === filters) return;
    shownFilters.current = filters;
    setActive((current) => ({ row: 0, col: current.col }));
  }, [filters]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (editing) return;
    if (event.altKey && (event.key === "ArrowLeft" || event.key === "ArrowRight")) {
      event.preventDefault(); // also keeps the browser from going back a page
      onResizeColumn?.(active.col, (event.key === "ArrowRight" ? 1 : -1) * (event.shiftKey ? 64 : 16));
      return;
    }
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const move = moves[event.key]?.(pageRows);
    if (move) {
      event.preventDefault();
      focusCell(active.row + move[0], active.col + move[1]);
    } else if (event.key === "Home") {
      event.preventDefault();
      focusCell(event.ctrlKey ? 0 : active.row, 0);
    } else if (event.key === "End") {
      event.preventDefault();
      focusCell(event.ctrlKey ? total - 1 : active.row, columnCount - 1);
    } else if ((event.key === "Enter" || event.key === "F2") && canEdit(active)) {
      event.preventDefault();
      onEdit();
    }
  };

  return { active, focusCell, onKeyDown };
}
