"use client";

import { useCallback, useEffect, useId, useRef } from "react";
import { useRouter } from "next/navigation";
import type { ChangedRow } from "@/lib/imports/row-edits";
import { Button } from "@/components/ui/button";
import { cellValue, GridRowView } from "./grid-row";
import { CellEditor, type EditorPlacement } from "./cell-editor";
import { RowDetails } from "./row-details";
import { ReviewGridToolbar } from "./review-grid-toolbar";
import { FIRST_DATA_COL, ROW_HEIGHT, type CellPosition, type GridFile } from "./grid-model";
import { useGridColumns } from "./use-grid-columns";
import { useGridRows, useOpenRow } from "./use-grid-rows";
import { useCellEdit, type EditTarget } from "./use-cell-edit";
import { useGridKeyboard } from "./use-grid-keyboard";

type Props = {
  jobId: number;
  files: GridFile[];
  columns: string[];
  codes: string[];
  editable: boolean;
  initialTotal: number;
  /** A row to open (from the map): each new request opens it, the same row again too. */
  openRequest?: { rowId: string };
  /** Bumped when rows change elsewhere (bulk fixes, the map): reload the current view. */
  version?: number;
  onChanged?: () => void;
  /** The row of the active cell (its id), for the map to show its marker. */
  onSelectRow?: (rowId: string | undefined) => void;
  /** The organization's slug when the viewer may change its settings (problems from them link there). */
  settingsSlug?: string | null;
  /** The organization's request types (an unknown one can be mapped from the row details). */
  requestTypes?: readonly string[];
};

/** The import's rows: filtered and sorted on the server, paged in as they scroll, edited in place. */
export function ReviewGrid({ jobId, files, columns, codes, editable, initialTotal, openRequest, version = 0, onChanged, onSelectRow, settingsSlug = null, requestTypes = [] }: Props) {
  const router = useRouter();
  const statusId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const layout = useGridColumns(files, columns);
  const data = useGridRows({ jobId, initialTotal, version, scrollRef });
  const rowsChanged = () => (onChanged?.(), router.refresh());
  const edit = useCellEdit({ jobId, gridRef, onSaved: (target: EditTarget, row: ChangedRow) => {
    data.setRow(target.row, { ...target.gridRow, ...row });
    rowsChanged();
  } });
  const canEdit = (cell: CellPosition) => {
    const row = data.rows.get(cell.row);
    const column = layout.gridColumns[cell.col];
    return editable && !!row && !!column && layout.headerIndex.get(row.fileId)?.has(column.key) === true;
  };
  const keyboard = useGridKeyboard({ total: data.total, columnCount: layout.gridColumns.length, virtualizer: data.virtualizer, gridRef, scrollRef, filters: data.filters, editing: edit.editing, canEdit, onEdit: edit.start, onResizeColumn: layout.resizeBy });
  const { active } = keyboard;
  const activeRow = data.rows.get(active.row);
  const activeColumn = layout.gridColumns[active.col];
  const save = async (value: string) => (activeRow && activeColumn ? edit.save({ ...active, gridRow: activeRow, column: activeColumn.key }, value) : undefined);
  const handlers = useStableHandlers({ focusCell: keyboard.focusCell, save, startEdit: edit.start, editable });
  useOpenRow(jobId, openRequest, (offset) => void data.showAllRowsAt(offset).then(() => handlers.focusCell(offset, FIRST_DATA_COL)), data.showFailure);
  useReportSelection(activeRow?.id, onSelectRow);
  const editorValue = activeRow && activeColumn ? cellValue(activeRow, layout.headerIndex.get(activeRow.fileId), activeColumn.key) : "";

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-2">
      <ReviewGridToolbar filters={data.filters} onChange={data.updateFilters} codes={codes} columns={columns} files={files} ready={data.ready} total={data.total} statusId={statusId} />
      <div className="relative flex min-h-48 flex-1 flex-col">
        <div ref={scrollRef} className="relative min-h-0 flex-1 overflow-auto rounded-lg border border-border bg-white shadow-sm" tabIndex={-1}>
          <div
            ref={gridRef}
            role="grid"
            aria-label="Rows of the import"
            aria-rowcount={data.total + 1}
            aria-colcount={layout.gridColumns.length}
            aria-describedby={statusId}
            aria-keyshortcuts="Alt+ArrowLeft Alt+ArrowRight"
            onKeyDown={keyboard.onKeyDown}
            style={{ width: layout.totalWidth, height: data.virtualizer.getTotalSize() + ROW_HEIGHT }}
            className="relative text-sm"
          >
            <GridHeader headers={layout.headers} onResize={layout.resizeColumn} />
            <GridRows data={data} layout={layout} active={active} handlers={handlers} editable={editable} />
          </div>
          {/* Beside the grid, not in it (a grid holds only rows), and over it: no cell clips it. */}
          {edit.editing && activeRow && activeColumn && canEdit(active) ? (
            <CellEditor
              key={`${active.row}:${active.col}`}
              label={`Edit ${activeColumn.key} of row ${activeRow.row}`}
              initialValue={editorValue}
              error={edit.editError}
              placement={editorPlacement(layout, active, editorValue, scrollRef.current)}
              onCancel={edit.cancel}
              onSave={handlers.onSave}
            />
          ) : null}
        </div>
        {data.failure ? <RowPageFailure reason={data.failure} onRetry={data.retry} /> : null}
      </div>

      <RowDetails
        jobId={jobId}
        row={activeRow ?? null}
        column={activeColumn?.key ?? null}
        fileName={activeRow ? (layout.fileNames.get(activeRow.fileId) ?? "") : ""}
        fileBlocked={activeRow ? files.some((file) => file.id === activeRow.fileId && file.blocked) : false}
        editable={editable}
        canEditCell={canEdit(active)}
        onEdit={edit.start}
        settingsSlug={settingsSlug}
        requestTypes={requestTypes}
        onRowsChanged={(changed) => (data.mergeRows(changed), rowsChanged())}
      />
    </div>
  );
}

/**
 * Rows that could not be loaded (or a row picked on the map that could not be opened): why, and a
 * way to ask again for the rows in view (scrolling asks again too). It floats over the grid, so
 * the grid keeps its size and the rows in view stay put.
 */
function RowPageFailure({ reason, onRetry }: { reason: string; onRetry: () => void }) {
  return (
    <div role="alert" className="absolute inset-x-4 bottom-4 z-20 flex items-center gap-3 rounded-md border border-red-200 bg-danger-soft px-3 py-2 text-sm text-danger shadow-md">
      <p>{reason}</p>
      <Button type="button" size="sm" variant="secondary" onClick={onRetry} className="ml-auto shrink-0">
        Try again
      </Button>
    </div>
  );
}

/** The column headers: they stay at the top, and the frozen ones at the left too; each can be resized. */
function GridHeader({ headers, onResize }: { headers: ReturnType<typeof useGridColumns>["headers"]; onResize: ReturnType<typeof useGridColumns>["resizeColumn"] }) {
  return (
    <div role="row" aria-rowindex={1} className="sticky top-0 z-10 flex border-b border-border bg-muted text-xs font-semibold tracking-wide text-muted-foreground" style={{ height: ROW_HEIGHT }}>
      {headers.map((header) => (
        <div
          key={header.id}
          role="columnheader"
          className={`flex items-center border-r border-border bg-muted px-2 ${header.stickyLeft === undefined ? "relative" : "sticky z-[2]"}`}
          style={{ width: header.size, left: header.stickyLeft }}
          title={header.label}
        >
          <span className="truncate">{header.label}</span>
          <ColumnResizer id={header.id} size={header.size} onResize={onResize} />
        </div>
      ))}
    </div>
  );
}

/**
 * The edge of a column header, to drag (a double click gives the column its first width back).
 * From the keyboard, Alt+Left/Right on a cell resizes its column (use-grid-keyboard.ts).
 */
function ColumnResizer({ id, size, onResize }: { id: string; size: number; onResize: (id: string, size: number | null) => void }) {
  const drag = useRef<{ x: number; size: number } | null>(null);
  return (
    <div
      aria-hidden
      data-column-resizer={id}
      title="Drag to resize the column (or Alt+Left/Right on a cell)"
      className="absolute right-0 top-0 z-[3] h-full w-2 translate-x-1 cursor-col-resize touch-none hover:bg-primary/30"
      onPointerDown={(event) => {
        event.currentTarget.setPointerCapture(event.pointerId);
        drag.current = { x: event.clientX, size };
        event.preventDefault();
      }}
      onPointerMove={(event) => {
        if (drag.current) onResize(id, drag.current.size + event.clientX - drag.current.x);
      }}
      onPointerUp={() => (drag.current = null)}
      onPointerCancel={() => (drag.current = null)}
      onDoubleClick={() => onResize(id, null)}
    />
  );
}

type GridRowsProps = {
  data: ReturnType<typeof useGridRows>;
  layout: ReturnType<typeof useGridColumns>;
  active: CellPosition;
  handlers: ReturnType<typeof useStableHandlers>;
  editable: boolean;
};

/** The rows in view (and a few around them); the rest of the grid is empty space of the right height. */
function GridRows({ data, layout, active, handlers, editable }: GridRowsProps) {
  return data.virtualRows.map((virtualRow) => {
    const row = data.rows.get(virtualRow.index);
    const isActiveRow = active.row === virtualRow.index;
    return (
      <GridRowView
        key={virtualRow.key}
        index={virtualRow.index}
        start={virtualRow.start}
        height={ROW_HEIGHT}
        width={layout.totalWidth}
        row={row}
        rowFailed={!row && data.rowFailed(virtualRow.index)}
        rowLabel={row ? layout.rowLabel(row) : ""}
        columns={layout.rowColumns}
        columnSet={layout.columnSet}
        positions={row ? layout.headerIndex.get(row.fileId) : undefined}
        fileBlocked={row ? layout.blockedFiles.has(row.fileId) : false}
        activeCol={isActiveRow ? active.col : -1}
        editable={editable}
        onCellClick={handlers.onCellClick}
        onCellDoubleClick={handlers.onCellDoubleClick}
      />
    );
  });
}

/** Tells the workspace which row is selected (the map shows its marker), each time it changes. */
function useReportSelection(rowId: string | undefined, onSelect: ((rowId: string | undefined) => void) | undefined) {
  const latest = useRef(onSelect);
  latest.current = onSelect;
  useEffect(() => latest.current?.(rowId), [rowId]);
}

type Latest = { focusCell: (row: number, col: number) => void; save: (value: string) => Promise<void>; startEdit: () => void; editable: boolean };

/** Stable callbacks for the memoized rows (so scrolling renders only what changed), reading the latest state. */
function useStableHandlers(current: Latest) {
  const latest = useRef(current);
  latest.current = current;
  const focusCell = useCallback((row: number, col: number) => latest.current.focusCell(row, col), []);
  const onCellDoubleClick = useCallback((index: number, col: number) => {
    latest.current.focusCell(index, col);
    if (latest.current.editable) latest.current.startEdit();
  }, []);
  const onSave = useCallback((value: string) => latest.current.save(value), []);
  return { focusCell, onCellClick: focusCell, onCellDoubleClick, onSave };
}

const CHAR_WIDTH = 7; // about one character of the grid's text-sm, to tell text that overflows its cell
const MULTILINE_HEIGHT = 140;

/**
 * Where the cell editor goes: over its cell, at least 16rem wide; text that does not fit its cell
 * (or has line breaks) gets the grid's visible width beside the frozen columns, and opens upwards
 * near the bottom so it stays in view.
 */
function editorPlacement(layout: ReturnType<typeof useGridColumns>, cell: CellPosition, value: string, scroll: HTMLDivElement | null): EditorPlacement {
  const size = layout.rowColumns[cell.col]?.size ?? 160;
  const rowTop = ROW_HEIGHT * (cell.row + 1);
  const viewLeft = scroll?.scrollLeft ?? 0;
  const viewWidth = scroll?.clientWidth ?? layout.totalWidth;
  const multiline = value.includes("\n") || value.length * CHAR_WIDTH > size - 16;
  if (!multiline) {
    const width = Math.max(size, 256);
    const left = Math.max(viewLeft + layout.frozenWidth, Math.min(layout.columnLeft(cell.col), viewLeft + viewWidth - width));
    return { top: rowTop, left, width, multiline };
  }
  const viewBottom = (scroll?.scrollTop ?? 0) + (scroll?.clientHeight ?? Infinity);
  const top = rowTop + MULTILINE_HEIGHT > viewBottom ? Math.max(ROW_HEIGHT, rowTop + ROW_HEIGHT - MULTILINE_HEIGHT) : rowTop;
  const left = viewLeft + layout.frozenWidth;
  return { top, left, width: Math.max(320, viewWidth - layout.frozenWidth - 8), multiline };
}
