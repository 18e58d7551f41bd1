"use client";

import { useCallback, useId, useRef } from "react";
import { useRouter } from "next/navigation";
import type { ChangedRow } from "@/lib/imports/row-edits";
import { GridRowView } from "./grid-row";
import { RowDetails } from "./row-details";
import { ReviewGridToolbar } from "./review-grid-toolbar";
import { ROW_HEIGHT, type CellPosition, type GridFile } from "./grid-model";
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
  focusRowId?: string;
  /** Bumped when rows change elsewhere (bulk fixes, the map): reload the current view. */
  version?: number;
  onChanged?: () => void;
};

/** The import's rows: filtered and sorted on the server, paged in as they scroll, edited in place. */
export function ReviewGrid({ jobId, files, columns, codes, editable, initialTotal, focusRowId, version = 0, onChanged }: Props) {
  const router = useRouter();
  const statusId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const layout = useGridColumns(files, columns);
  const data = useGridRows({ jobId, initialTotal, version, scrollRef });
  const rowsChanged = () => {
    onChanged?.();
    router.refresh();
  };
  const edit = useCellEdit({ jobId, gridRef, onSaved: (target: EditTarget, row: ChangedRow) => {
    data.setRow(target.row, { ...target.gridRow, ...row });
    rowsChanged();
  } });
  const canEdit = (cell: CellPosition) => {
    const row = data.rows.get(cell.row);
    const column = layout.gridColumns[cell.col];
    return editable && !!row && !!column && layout.headerIndex.get(row.fileId)?.has(column.key) === true;
  };
  const keyboard = useGridKeyboard({ total: data.total, columnCount: layout.gridColumns.length, virtualizer: data.virtualizer, gridRef, scrollRef, filters: data.filters, editing: edit.editing, canEdit, onEdit: edit.start });
  const { active } = keyboard;
  const activeRow = data.rows.get(active.row);
  const activeColumn = layout.gridColumns[active.col];
  const save = async (value: string) => (activeRow && activeColumn ? edit.save({ ...active, gridRow: activeRow, column: activeColumn.key }, value) : undefined);
  const handlers = useStableHandlers({ focusCell: keyboard.focusCell, save, startEdit: edit.start, editable });
  useOpenRow(jobId, focusRowId, (offset) => void data.showAllRowsAt(offset).then(() => handlers.focusCell(offset, 1)));

  return (
    <div className="flex flex-col gap-3">
      <ReviewGridToolbar filters={data.filters} onChange={data.updateFilters} codes={codes} columns={columns} files={files} ready={data.ready} total={data.total} statusId={statusId} />

      <div ref={scrollRef} className="relative h-[560px] overflow-auto rounded-lg border border-border bg-white" tabIndex={-1}>
        <div
          ref={gridRef}
          role="grid"
          aria-label="Rows of the import"
          aria-rowcount={data.total + 1}
          aria-colcount={layout.gridColumns.length}
          aria-describedby={statusId}
          onKeyDown={keyboard.onKeyDown}
          style={{ width: layout.totalWidth, height: data.virtualizer.getTotalSize() + ROW_HEIGHT }}
          className="relative text-sm"
        >
          <div role="row" aria-rowindex={1} className="sticky top-0 z-10 flex border-b border-border bg-muted text-xs font-semibold uppercase tracking-wide text-muted-foreground" style={{ height: ROW_HEIGHT }}>
            {layout.headers.map((header) => (
              <div key={header.id} role="columnheader" className="flex items-center truncate border-r border-border px-2 normal-case" style={{ width: header.size }} title={header.label}>
                {header.label}
              </div>
            ))}
          </div>
          <GridRows data={data} layout={layout} active={active} edit={edit} handlers={handlers} editable={editable} />
        </div>
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
        onRowsChanged={(changed) => {
          data.mergeRows(changed);
          rowsChanged();
        }}
      />
    </div>
  );
}

type GridRowsProps = {
  data: ReturnType<typeof useGridRows>;
  layout: ReturnType<typeof useGridColumns>;
  active: CellPosition;
  edit: ReturnType<typeof useCellEdit>;
  handlers: ReturnType<typeof useStableHandlers>;
  editable: boolean;
};

/** The rows in view (and a few around them); the rest of the grid is empty space of the right height. */
function GridRows({ data, layout, active, edit, handlers, editable }: GridRowsProps) {
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
        rowLabel={row ? layout.rowLabel(row) : ""}
        columns={layout.rowColumns}
        columnSet={layout.columnSet}
        positions={row ? layout.headerIndex.get(row.fileId) : undefined}
        activeCol={isActiveRow ? active.col : -1}
        editing={edit.editing && isActiveRow}
        editable={editable}
        editError={isActiveRow ? edit.editError : null}
        onCellClick={handlers.onCellClick}
        onCellDoubleClick={handlers.onCellDoubleClick}
        onCancelEdit={edit.cancel}
        onSave={handlers.onSave}
      />
    );
  });
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
