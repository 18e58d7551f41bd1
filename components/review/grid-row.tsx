"use client";

import { memo } from "react";
import type { Problem } from "@/lib/engine/problem";
import { CellEditor } from "./cell-editor";
import type { GridRow } from "./grid-model";

export type GridRowColumn = { id: string; size: number };

/** Problems that belong to a cell: its own column, or both coordinates for `lat,lng`. */
export function cellProblems(problems: Problem[], column: string): Problem[] {
  return problems.filter((problem) => problem.column === column || (problem.column === "lat,lng" && (column === "lat" || column === "lng")));
}

function rowLevelProblems(problems: Problem[], columns: Set<string>): Problem[] {
  return problems.filter((problem) => problem.column === null || (problem.column !== "lat,lng" && !columns.has(problem.column)));
}

// Plain string joins, not tailwind-merge: this runs for every cell of every row scrolled into view.
function cellClass(key: string, hasError: boolean, hasWarning: boolean, isActive: boolean): string {
  let name = "relative flex items-center truncate border-r border-border px-2 outline-none";
  if (hasError) name += " bg-red-100 text-red-900";
  else if (hasWarning) name += " bg-amber-50 text-amber-900";
  if (key === "#") name += " font-mono text-xs text-muted-foreground";
  else if (key === "problems") name += " text-xs text-muted-foreground";
  if (isActive) name += " ring-2 ring-inset ring-primary";
  return name;
}

export type GridRowProps = {
  index: number;
  start: number;
  height: number;
  width: number;
  row: GridRow | undefined;
  rowLabel: string;
  columns: GridRowColumn[];
  columnSet: Set<string>;
  /** The file's header positions by column name. */
  positions: Map<string, number> | undefined;
  /** The active column when this row holds the active cell, else -1. */
  activeCol: number;
  editing: boolean;
  editable: boolean;
  editError: string | null;
  onCellClick: (index: number, col: number) => void;
  onCellDoubleClick: (index: number, col: number) => void;
  onCancelEdit: () => void;
  onSave: (value: string) => Promise<void>;
};

/**
 * One row of the review grid. Memoized: while the grid scrolls, only rows whose data or focus
 * changed render again, which keeps the main thread free.
 */
export const GridRowView = memo(function GridRowView({ index, start, height, width, row, rowLabel, columns, columnSet, positions, activeCol, editing, editable, editError, onCellClick, onCellDoubleClick, onCancelEdit, onSave }: GridRowProps) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className={row && row.errorCount > 0 ? "absolute left-0 flex border-b border-border bg-red-50/40" : "absolute left-0 flex border-b border-border"}
      style={{ top: height, height, transform: `translateY(${start}px)`, width }}
    >
      {columns.map((column, colIndex) => {
        const isActive = activeCol === colIndex;
        const key = column.id;
        let text = "";
        let problems: Problem[] = [];
        if (row) {
          if (key === "#") {
            text = rowLabel;
            problems = rowLevelProblems(row.problems, columnSet);
          } else if (key === "problems") {
            text = row.problems.map((problem) => problem.code).join(", ");
          } else {
            const position = positions?.get(key);
            text = position === undefined ? "" : (row.values[position] ?? "");
            if (row.problems.length) problems = cellProblems(row.problems, key);
          }
        }
        const hasError = problems.some((problem) => problem.severity === "error");
        const hasWarning = !hasError && problems.length > 0;
        const message = problems.length ? problems.map((problem) => problem.message).join("\n") : "";
        const editableCell = editable && key !== "#" && key !== "problems";
        return (
          <div
            key={key}
            role="gridcell"
            aria-colindex={colIndex + 1}
            aria-selected={isActive}
            aria-invalid={hasError || undefined}
            aria-description={message || undefined}
            data-cell={`${index}:${colIndex}`}
            tabIndex={isActive ? 0 : -1}
            title={message || text}
            onClick={() => onCellClick(index, colIndex)}
            onDoubleClick={() => editableCell && onCellDoubleClick(index, colIndex)}
            className={cellClass(key, hasError, hasWarning, isActive)}
            style={{ width: column.size }}
          >
            {row ? text : <span className="h-3 w-2/3 animate-pulse rounded bg-muted" aria-hidden />}
            {isActive && editing && row && editableCell ? (
              <CellEditor label={`Edit ${key} of row ${row.row}`} initialValue={text} error={editError} onCancel={onCancelEdit} onSave={onSave} />
            ) : null}
          </div>
        );
      })}
    </div>
  );
});
