import { useCallback, useMemo, useState } from "react";
import { columnSizingFeature, tableFeatures, useTable, type ColumnDef, type ColumnSizingState } from "@tanstack/react-table";
import { FROZEN_COLUMNS, type GridColumn, type GridFile, type GridRow } from "./grid-model";
import type { GridRowColumn } from "./grid-row";

const features = tableFeatures({ columnSizingFeature });

/** How narrow and wide a column may be made (TanStack's minSize and maxSize clamp every size). */
export const COLUMN_MIN_SIZE = 48;
export const COLUMN_MAX_SIZE = 1200;

function columnSize(key: string): number {
  if (key === "#") return 96;
  if (key === "status") return 112;
  if (key === "problems") return 320;
  return key === "description" || key === "address" ? 240 : 160;
}

/**
 * The grid's columns: the row label, the files' columns and the problems. The column model (ids,
 * headers, sizes) comes from TanStack Table, whose column sizing keeps the widths a CSM sets;
 * rows are paged from the server, not given to it.
 */
export function useGridColumns(files: GridFile[], columns: string[]) {
  const headerIndex = useMemo(() => new Map(files.map((file) => [file.id, new Map(file.header.map((name, index) => [name, index]))])), [files]);
  const fileNames = useMemo(() => new Map(files.map((file) => [file.id, file.name])), [files]);
  const blockedFiles = useMemo(() => new Set(files.filter((file) => file.blocked).map((file) => file.id)), [files]);
  const gridColumns: GridColumn[] = useMemo(() => [{ key: "#", label: "Row" }, { key: "status", label: "Status" }, ...columns.map((name) => ({ key: name, label: name })), { key: "problems", label: "Problems" }], [columns]);
  const columnSet = useMemo(() => new Set(columns), [columns]);

  const columnDefs = useMemo<ColumnDef<typeof features, GridRow>[]>(
    () =>
      gridColumns.map((column) => ({
        id: column.key,
        header: column.label,
        size: columnSize(column.key),
        minSize: COLUMN_MIN_SIZE,
        maxSize: COLUMN_MAX_SIZE,
        accessorFn: (row: GridRow) => row.values[headerIndex.get(row.fileId)?.get(column.key) ?? -1] ?? "",
      })),
    [gridColumns, headerIndex],
  );
  const emptyData = useMemo<GridRow[]>(() => [], []);
  // The sizes a CSM gave columns by dragging or with the keyboard (the grid's header), by column id.
  const [columnSizing, setColumnSizing] = useState<ColumnSizingState>({});
  const table = useTable({ features, columns: columnDefs, data: emptyData, state: { columnSizing }, onColumnSizingChange: setColumnSizing });
  const resizeColumn = useCallback((id: string, size: number | null) => {
    setColumnSizing((current) => {
      const next = { ...current };
      if (size === null) delete next[id];
      else next[id] = Math.round(Math.min(COLUMN_MAX_SIZE, Math.max(COLUMN_MIN_SIZE, size)));
      return next;
    });
  }, []);
  const leafColumns = table.getAllLeafColumns();
  const sizeKey = leafColumns.map((column) => `${column.id}:${column.getSize()}`).join("|");
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on ids and sizes, so rows keep their memo
  const rowColumns: GridRowColumn[] = useMemo(() => withOffsets(leafColumns.map((column) => ({ id: column.id, size: column.getSize() }))), [sizeKey]);
  const totalWidth = rowColumns.reduce((sum, column) => sum + column.size, 0);
  const headers = (table.getHeaderGroups()[0]?.headers ?? []).map((header, index) => ({ id: header.id, label: String(header.column.columnDef.header), size: header.getSize(), stickyLeft: rowColumns[index]?.stickyLeft }));
  /** Where each column starts, for the editor that overlays a cell. */
  const columnLeft = (col: number) => rowColumns.slice(0, col).reduce((sum, column) => sum + column.size, 0);
  const frozenWidth = rowColumns.filter((column) => column.stickyLeft !== undefined).reduce((sum, column) => sum + column.size, 0);

  /** What the row label says: the row number, after its file's name when there are several files. */
  const rowLabel = (row: GridRow) => (files.length > 1 ? `${fileNames.get(row.fileId)}:${row.row}` : `${row.row}`);

  /** The keyboard's resize: the column at `col` by `delta` pixels. */
  const resizeBy = (col: number, delta: number) => {
    const column = rowColumns[col];
    if (column) resizeColumn(column.id, column.size + delta);
  };

  return { resizeColumn, resizeBy, headerIndex, fileNames, blockedFiles, gridColumns, columnSet, rowColumns, totalWidth, headers, rowLabel, columnLeft, frozenWidth };
}

/** The frozen columns stick at the left edge, each after the ones before it. */
function withOffsets(columns: GridRowColumn[]): GridRowColumn[] {
  let left = 0;
  return columns.map((column) => {
    if (!(FROZEN_COLUMNS as readonly string[]).includes(column.id)) return column;
    const frozen = { ...column, stickyLeft: left, lastFrozen: column.id === FROZEN_COLUMNS[FROZEN_COLUMNS.length - 1] };
    left += column.size;
    return frozen;
  });
}
