import type { ReviewRow } from "@/lib/imports/review";

// What the review grid's parts share: its rows, files, filters and measures.

/** A data file of the import; `blocked`: a whole-file error keeps every row of it out. */
export type GridFile = { id: number; name: string; header: string[]; blocked?: boolean };
export type GridRow = ReviewRow;
export type GridFilters = { onlyErrors: boolean; code: string; column: string; fileId: string; sort: "row" | "errors" | "warnings" };
export type GridColumn = { key: string; label: string };
/** A cell by its position in the current view: row index and column index. */
export type CellPosition = { row: number; col: number };

/** Every row, in file order: the view to start with and to open a row in. */
export const allRows: GridFilters = { onlyErrors: false, code: "", column: "", fileId: "", sort: "row" };

export const PAGE_SIZE = 100;
export const ROW_HEIGHT = 36;

/** The columns frozen at the left (the row label and its status), then the file's columns from here. */
export const FROZEN_COLUMNS = ["#", "status"] as const;
export const FIRST_DATA_COL = FROZEN_COLUMNS.length;

export const cellSelector = (cell: CellPosition) => `[data-cell="${cell.row}:${cell.col}"]`;
