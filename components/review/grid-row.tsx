"use client";

import { memo } from "react";
import type { Problem } from "@/lib/engine/problem";
import type { GridRow } from "./grid-model";

/** A column as a row draws it; frozen ones stick at `stickyLeft` while the grid scrolls sideways. */
export type GridRowColumn = { id: string; size: number; stickyLeft?: number; lastFrozen?: boolean };

/** Problems that belong to a cell: its own column, or both coordinates for `lat,lng`. */
export function cellProblems(problems: Problem[], column: string): Problem[] {
  return problems.filter((problem) => problem.column === column || (problem.column === "lat,lng" && (column === "lat" || column === "lng")));
}

function rowLevelProblems(problems: Problem[], columns: Set<string>): Problem[] {
  return problems.filter((problem) => problem.column === null || (problem.column !== "lat,lng" && !columns.has(problem.column)));
}

/** A file column's value in a row: empty where the row's file has no such column. */
export function cellValue(row: GridRow, positions: Map<string, number> | undefined, key: string): string {
  const position = positions?.get(key);
  return position === undefined ? "" : (row.values[position] ?? "");
}

const count = (n: number, noun: string) => `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;

/** The status column: what became of the row once imported, else its errors and warnings. */
function rowStatus(row: GridRow, fileBlocked: boolean): { text: string; tone: string } {
  if (row.status === "imported") return { text: "Imported", tone: " text-success" };
  if (row.status === "skipped") return { text: "Skipped", tone: " text-warning" };
  if (row.status === "failed") return { text: "Failed", tone: " text-danger" };
  if (row.status === "rolled_back") return { text: "Rolled back", tone: " text-muted-foreground" };
  // A whole-file error keeps every row of the file out, however good the row itself is.
  if (fileBlocked) return { text: "File blocked", tone: " font-medium text-danger" };
  if (row.errorCount > 0) return { text: count(row.errorCount, "error"), tone: " font-medium text-danger" };
  if (row.warningCount > 0) return { text: count(row.warningCount, "warning"), tone: " text-warning" };
  return { text: "OK", tone: " text-muted-foreground" };
}

// Plain string joins, not tailwind-merge: this runs for every cell of every row scrolled into view.
function cellClass(column: GridRowColumn, hasError: boolean, hasWarning: boolean, isActive: boolean, tone: string): string {
  let name = "flex items-center truncate border-r border-border px-2 outline-none";
  // Frozen cells need a solid background, or the columns scrolling under them show through.
  const frozen = column.stickyLeft !== undefined;
  name += frozen ? " sticky z-[1]" : " relative";
  if (column.lastFrozen) name += " shadow-[4px_0_6px_-4px_rgba(15,23,42,0.2)]";
  if (hasError) name += " bg-red-100 text-red-900";
  else if (hasWarning) name += " bg-amber-50 text-amber-900";
  else if (frozen) name += " bg-inherit";
  if (column.id === "#") name += " font-mono text-xs text-muted-foreground";
  else if (column.id === "problems") name += " text-xs text-muted-foreground";
  else if (column.id === "status") name += " text-xs";
  if (isActive) name += " ring-2 ring-inset ring-primary";
  return name + tone;
}

/** A cell's text and the problems it shows, by its column. */
function cellModel(row: GridRow | undefined, key: string, rowLabel: string, columnSet: Set<string>, positions: Map<string, number> | undefined, fileBlocked: boolean) {
  if (!row) return { text: "", problems: [] as Problem[], tone: "" };
  if (key === "#") return { text: rowLabel, problems: rowLevelProblems(row.problems, columnSet), tone: "" };
  if (key === "status") {
    const status = rowStatus(row, fileBlocked);
    return { text: status.text, problems: [] as Problem[], tone: status.tone };
  }
  if (key === "problems") return { text: row.problems.map((problem) => problem.code).join(", "), problems: [] as Problem[], tone: "" };
  return { text: cellValue(row, positions, key), problems: row.problems.length ? cellProblems(row.problems, key) : [], tone: "" };
}

export type GridRowProps = {
  index: number;
  start: number;
  height: number;
  width: number;
  row: GridRow | undefined;
  /** A row not here yet is on its way (a shimmer), or its page could not be loaded (a still placeholder). */
  rowFailed: boolean;
  rowLabel: string;
  columns: GridRowColumn[];
  columnSet: Set<string>;
  /** The file's header positions by column name. */
  positions: Map<string, number> | undefined;
  /** The row's file has a whole-file error. */
  fileBlocked: boolean;
  /** The active column when this row holds the active cell, else -1. */
  activeCol: number;
  editable: boolean;
  onCellClick: (index: number, col: number) => void;
  onCellDoubleClick: (index: number, col: number) => void;
};

/**
 * One row of the review grid. Memoized: while the grid scrolls, only rows whose data or focus
 * changed render again, which keeps the main thread free. The cell editor is not here: it overlays
 * the grid (review-grid.tsx), so no cell clips it.
 */
export const GridRowView = memo(function GridRowView({ index, start, height, width, row, rowFailed, rowLabel, columns, columnSet, positions, fileBlocked, activeCol, editable, onCellClick, onCellDoubleClick }: GridRowProps) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className={row && row.errorCount > 0 ? "absolute left-0 flex border-b border-border bg-[#fef8f8]" : "absolute left-0 flex border-b border-border bg-white"}
      style={{ top: height, height, transform: `translateY(${start}px)`, width }}
    >
      {columns.map((column, colIndex) => {
        const isActive = activeCol === colIndex;
        const key = column.id;
        const { text, problems, tone } = cellModel(row, key, rowLabel, columnSet, positions, fileBlocked);
        const hasError = problems.some((problem) => problem.severity === "error");
        const hasWarning = !hasError && problems.length > 0;
        const message = problems.length ? problems.map((problem) => problem.message).join("\n") : "";
        const editableCell = editable && key !== "#" && key !== "problems" && key !== "status";
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
            className={cellClass(column, hasError, hasWarning, isActive, tone)}
            style={{ width: column.size, left: column.stickyLeft }}
          >
            {row ? text : <span className={rowFailed ? "h-3 w-2/3 rounded border border-dashed border-border" : "h-3 w-2/3 animate-pulse rounded bg-muted"} data-placeholder={rowFailed ? "failed" : "loading"} aria-hidden />}
          </div>
        );
      })}
    </div>
  );
});
