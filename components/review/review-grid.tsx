"use client";

import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useRouter } from "next/navigation";
import { useVirtualizer } from "@tanstack/react-virtual";
import { columnSizingFeature, tableFeatures, useTable, type ColumnDef } from "@tanstack/react-table";
import { editCellAction } from "@/app/imports/[id]/actions";
import { GridRowView, type GridRowColumn } from "./grid-row";
import { RowDetails } from "./row-details";
import type { ReviewRow } from "@/lib/imports/review";

export type GridFile = { id: number; name: string; header: string[] };
export type GridRow = ReviewRow;
export type GridFilters = { onlyErrors: boolean; code: string; column: string; fileId: string; sort: "row" | "errors" | "warnings" };

const PAGE_SIZE = 100;
const ROW_HEIGHT = 36;
const features = tableFeatures({ columnSizingFeature });
type GridColumn = { key: string; label: string };

function queryString(filters: GridFilters, offset: number, withTotal: boolean): string {
  const params = new URLSearchParams({ offset: String(offset), limit: String(PAGE_SIZE), sort: filters.sort, direction: filters.sort === "row" ? "asc" : "desc", withTotal: withTotal ? "1" : "0" });
  if (filters.onlyErrors) params.set("onlyErrors", "1");
  if (filters.code) params.set("code", filters.code);
  if (filters.column) params.set("column", filters.column);
  if (filters.fileId) params.set("fileId", filters.fileId);
  return params.toString();
}

export function ReviewGrid({
  jobId,
  files,
  columns,
  codes,
  editable,
  initialTotal,
  focusRowId,
  version = 0,
  onChanged,
}: {
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
}) {
  const router = useRouter();
  const ids = { onlyErrors: useId(), code: useId(), column: useId(), file: useId(), sort: useId(), status: useId() };
  const [filters, setFilters] = useState<GridFilters>({ onlyErrors: false, code: "", column: "", fileId: "", sort: "row" });
  const [total, setTotal] = useState(initialTotal);
  // Loaded rows by position; a counter re-renders when pages arrive (no copying of the cache).
  const cache = useRef(new Map<number, GridRow>());
  const [, setCacheVersion] = useState(0);
  const rows = cache.current;
  const setRows = useCallback((update: (current: Map<number, GridRow>) => Map<number, GridRow>) => {
    cache.current = update(cache.current);
    setCacheVersion((version) => version + 1);
  }, []);
  const [ready, setReady] = useState(false);
  const [active, setActive] = useState<{ row: number; col: number }>({ row: 0, col: 1 });
  const [editing, setEditing] = useState(false);
  const [editError, setEditError] = useState<string | null>(null);
  const generation = useRef(0);
  const counted = useRef(-1);
  const requested = useRef(new Set<number>());
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);

  const headerIndex = useMemo(() => new Map(files.map((file) => [file.id, new Map(file.header.map((name, index) => [name, index]))])), [files]);
  const fileNames = useMemo(() => new Map(files.map((file) => [file.id, file.name])), [files]);
  const gridColumns: GridColumn[] = useMemo(() => [{ key: "#", label: "Row" }, ...columns.map((name) => ({ key: name, label: name })), { key: "problems", label: "Problems" }], [columns]);
  const columnSet = useMemo(() => new Set(columns), [columns]);

  // The column model (ids, headers, sizes) comes from TanStack Table; rows are paged from the server.
  const columnDefs = useMemo<ColumnDef<typeof features, GridRow>[]>(
    () =>
      gridColumns.map((column) => ({
        id: column.key,
        header: column.label,
        size: column.key === "#" ? 120 : column.key === "problems" ? 320 : column.key === "description" || column.key === "address" ? 240 : 160,
        accessorFn: (row: GridRow) => row.values[headerIndex.get(row.fileId)?.get(column.key) ?? -1] ?? "",
      })),
    [gridColumns, headerIndex],
  );
  const emptyData = useMemo<GridRow[]>(() => [], []);
  const table = useTable({ features, columns: columnDefs, data: emptyData });
  const leafColumns = table.getAllLeafColumns();
  const sizeKey = leafColumns.map((column) => `${column.id}:${column.getSize()}`).join("|");
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on ids and sizes, so rows keep their memo
  const rowColumns: GridRowColumn[] = useMemo(() => leafColumns.map((column) => ({ id: column.id, size: column.getSize() })), [sizeKey]);
  const totalWidth = rowColumns.reduce((sum, column) => sum + column.size, 0);

  const loadPage = useCallback(
    async (page: number, currentGeneration: number, currentFilters: GridFilters) => {
      if (requested.current.has(page)) return;
      requested.current.add(page);
      // Counting a filter over a million rows costs more than a page: once per filter or change.
      const withTotal = counted.current !== currentGeneration;
      counted.current = currentGeneration;
      const response = await fetch(`/api/imports/${jobId}/rows?${queryString(currentFilters, page * PAGE_SIZE, withTotal)}`);
      const body = (await response.json()) as { ok: boolean; total: number | null; rows: GridRow[] };
      if (currentGeneration !== generation.current || !body.ok) return;
      if (body.total !== null) setTotal(body.total);
      setRows((current) => {
        body.rows.forEach((row, index) => current.set(page * PAGE_SIZE + index, row));
        return current;
      });
      setReady(true);
    },
    [jobId, setRows],
  );

  // A new filter starts over at the top; a change of the rows reloads the pages in view.
  const lastFilters = useRef(filters);
  const visibleRange = useRef({ first: 0, last: 0 });
  useEffect(() => {
    const filtersChanged = lastFilters.current !== filters;
    lastFilters.current = filters;
    generation.current += 1;
    requested.current = new Set();
    if (filtersChanged) {
      setRows(() => new Map());
      setReady(false);
      setActive((current) => ({ row: 0, col: current.col }));
      scrollRef.current?.scrollTo({ top: 0 });
      void loadPage(0, generation.current, filters);
      return;
    }
    const { first, last } = visibleRange.current;
    for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page += 1) void loadPage(page, generation.current, filters);
  }, [filters, loadPage, version, setRows]);

  // No flushSync per scroll event: React batches the updates, so fast scrolling stays smooth.
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8, useFlushSync: false });
  const virtualRows = virtualizer.getVirtualItems();
  const firstVisible = virtualRows[0]?.index ?? 0;
  const lastVisible = virtualRows[virtualRows.length - 1]?.index ?? 0;

  useEffect(() => {
    visibleRange.current = { first: firstVisible, last: lastVisible };
    const firstPage = Math.floor(firstVisible / PAGE_SIZE);
    const lastPage = Math.floor(lastVisible / PAGE_SIZE);
    for (let page = firstPage; page <= lastPage; page += 1) void loadPage(page, generation.current, filters);
  }, [firstVisible, lastVisible, filters, loadPage]);

  const focusCell = useCallback(
    (row: number, col: number) => {
      const clampedRow = Math.max(0, Math.min(total - 1, row));
      const clampedCol = Math.max(0, Math.min(gridColumns.length - 1, col));
      setActive({ row: clampedRow, col: clampedCol });
      virtualizer.scrollToIndex(clampedRow, { align: "auto" });
      requestAnimationFrame(() => gridRef.current?.querySelector<HTMLElement>(`[data-cell="${clampedRow}:${clampedCol}"]`)?.focus());
    },
    [total, gridColumns.length, virtualizer],
  );

  // Opening a row from the map: show all rows in file order, find its position, go there.
  useEffect(() => {
    if (!focusRowId) return;
    let cancelled = false;
    void (async () => {
      const response = await fetch(`/api/imports/${jobId}/rows?locate=${focusRowId}`);
      const body = (await response.json()) as { ok: boolean; offset?: number };
      if (cancelled || !body.ok || body.offset === undefined) return;
      const offset = body.offset;
      setFilters({ onlyErrors: false, code: "", column: "", fileId: "", sort: "row" });
      // After the reset has loaded the first page, load the row's page and focus it.
      setTimeout(() => {
        void loadPage(Math.floor(offset / PAGE_SIZE), generation.current, { onlyErrors: false, code: "", column: "", fileId: "", sort: "row" }).then(() => latest.current.focusCell(offset, 1));
      }, 50);
    })();
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs when a row is opened
  }, [focusRowId, jobId]);

  const activeRow = rows.get(active.row);
  const activeColumn = gridColumns[active.col];
  const canEditActive = editable && !!activeRow && !!activeColumn && headerIndex.get(activeRow.fileId)?.has(activeColumn.key) === true;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (editing) return;
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const moves: Record<string, [number, number]> = {
      ArrowDown: [1, 0],
      ArrowUp: [-1, 0],
      ArrowRight: [0, 1],
      ArrowLeft: [0, -1],
      PageDown: [pageRows, 0],
      PageUp: [-pageRows, 0],
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      focusCell(active.row + move[0], active.col + move[1]);
    } else if (event.key === "Home") {
      event.preventDefault();
      focusCell(event.ctrlKey ? 0 : active.row, 0);
    } else if (event.key === "End") {
      event.preventDefault();
      focusCell(event.ctrlKey ? total - 1 : active.row, gridColumns.length - 1);
    } else if ((event.key === "Enter" || event.key === "F2") && canEditActive) {
      event.preventDefault();
      setEditError(null);
      setEditing(true);
    }
  };

  const saveEdit = async (value: string) => {
    if (!activeRow || !activeColumn) return;
    const result = await editCellAction({ jobId, rowId: activeRow.id, column: activeColumn.key, value });
    if (!result.ok) {
      setEditError(result.reason);
      return;
    }
    setRows((current) => current.set(active.row, { ...activeRow, ...result.row }));
    setEditing(false);
    setEditError(null);
    onChanged?.();
    router.refresh();
    requestAnimationFrame(() => gridRef.current?.querySelector<HTMLElement>(`[data-cell="${active.row}:${active.col}"]`)?.focus());
  };

  // Stable callbacks for the memoized rows, reading the latest state through a ref.
  const latest = useRef({ focusCell, saveEdit, editable });
  latest.current = { focusCell, saveEdit, editable };
  const onCellClick = useCallback((index: number, col: number) => latest.current.focusCell(index, col), []);
  const onCellDoubleClick = useCallback((index: number, col: number) => {
    latest.current.focusCell(index, col);
    if (latest.current.editable) setEditing(true);
  }, []);
  const onCancelEdit = useCallback(() => {
    setEditing(false);
    setEditError(null);
    requestAnimationFrame(() => gridRef.current?.querySelector<HTMLElement>('[role="gridcell"][tabindex="0"]')?.focus());
  }, []);
  const onSave = useCallback((value: string) => latest.current.saveEdit(value), []);

  const update = (patch: Partial<GridFilters>) => setFilters((current) => ({ ...current, ...patch }));

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-4 rounded-lg border border-border bg-white px-4 py-3 text-sm">
        <label htmlFor={ids.onlyErrors} className="flex items-center gap-2 font-medium">
          <input id={ids.onlyErrors} type="checkbox" checked={filters.onlyErrors} onChange={(event) => update({ onlyErrors: event.target.checked })} className="size-4" />
          Only rows with errors
        </label>
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.code} className="text-xs font-medium text-muted-foreground">Problem code</label>
          <select id={ids.code} value={filters.code} onChange={(event) => update({ code: event.target.value })} className="h-9 rounded-md border border-border bg-white px-2">
            <option value="">Any</option>
            {codes.map((code) => <option key={code} value={code}>{code}</option>)}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.column} className="text-xs font-medium text-muted-foreground">Column</label>
          <select id={ids.column} value={filters.column} onChange={(event) => update({ column: event.target.value })} className="h-9 rounded-md border border-border bg-white px-2">
            <option value="">Any</option>
            {[...columns, "lat,lng"].map((column) => <option key={column} value={column}>{column}</option>)}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.file} className="text-xs font-medium text-muted-foreground">File</label>
          <select id={ids.file} value={filters.fileId} onChange={(event) => update({ fileId: event.target.value })} className="h-9 rounded-md border border-border bg-white px-2">
            <option value="">All files</option>
            {files.map((file) => <option key={file.id} value={file.id}>{file.name}</option>)}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.sort} className="text-xs font-medium text-muted-foreground">Sort by</label>
          <select id={ids.sort} value={filters.sort} onChange={(event) => update({ sort: event.target.value as GridFilters["sort"] })} className="h-9 rounded-md border border-border bg-white px-2">
            <option value="row">File and row</option>
            <option value="errors">Most errors first</option>
            <option value="warnings">Most warnings first</option>
          </select>
        </div>
        <p id={ids.status} role="status" className="ml-auto text-muted-foreground tabular-nums" data-grid-ready={ready ? "true" : "false"}>
          {ready ? `${total.toLocaleString("en-US")} ${total === 1 ? "row" : "rows"}` : "Loading rows…"}
        </p>
      </div>

      <div ref={scrollRef} className="relative h-[560px] overflow-auto rounded-lg border border-border bg-white" tabIndex={-1}>
        <div
          ref={gridRef}
          role="grid"
          aria-label="Rows of the import"
          aria-rowcount={total + 1}
          aria-colcount={gridColumns.length}
          aria-describedby={ids.status}
          onKeyDown={onKeyDown}
          style={{ width: totalWidth, height: virtualizer.getTotalSize() + ROW_HEIGHT }}
          className="relative text-sm"
        >
          <div role="row" aria-rowindex={1} className="sticky top-0 z-10 flex border-b border-border bg-muted text-xs font-semibold uppercase tracking-wide text-muted-foreground" style={{ height: ROW_HEIGHT }}>
            {table.getHeaderGroups()[0]?.headers.map((header) => (
              <div key={header.id} role="columnheader" className="flex items-center truncate border-r border-border px-2 normal-case" style={{ width: header.getSize() }} title={String(header.column.columnDef.header)}>
                {String(header.column.columnDef.header)}
              </div>
            ))}
          </div>
          {virtualRows.map((virtualRow) => {
            const row = rows.get(virtualRow.index);
            return (
              <GridRowView
                key={virtualRow.key}
                index={virtualRow.index}
                start={virtualRow.start}
                height={ROW_HEIGHT}
                width={totalWidth}
                row={row}
                rowLabel={row ? (files.length > 1 ? `${fileNames.get(row.fileId)}:${row.row}` : `${row.row}`) : ""}
                columns={rowColumns}
                columnSet={columnSet}
                positions={row ? headerIndex.get(row.fileId) : undefined}
                activeCol={active.row === virtualRow.index ? active.col : -1}
                editing={editing && active.row === virtualRow.index}
                editable={editable}
                editError={active.row === virtualRow.index ? editError : null}
                onCellClick={onCellClick}
                onCellDoubleClick={onCellDoubleClick}
                onCancelEdit={onCancelEdit}
                onSave={onSave}
              />
            );
          })}
        </div>
      </div>

      <RowDetails
        jobId={jobId}
        row={activeRow ?? null}
        column={activeColumn?.key ?? null}
        fileName={activeRow ? (fileNames.get(activeRow.fileId) ?? "") : ""}
        editable={editable}
        canEditCell={canEditActive}
        onEdit={() => {
          setEditError(null);
          setEditing(true);
        }}
        onRowsChanged={(changed) => {
          setRows((current) => {
            for (const [index, row] of current) {
              const update = changed.find((item) => item.id === row.id);
              if (update) current.set(index, { ...row, ...update });
            }
            return current;
          });
          onChanged?.();
          router.refresh();
        }}
      />
    </div>
  );
}
