import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { ChangedRow } from "@/lib/imports/row-edits";
import { allRows, PAGE_SIZE, ROW_HEIGHT, type GridFilters, type GridRow } from "./grid-model";

function queryString(filters: GridFilters, offset: number, withTotal: boolean): string {
  const params = new URLSearchParams({ offset: String(offset), limit: String(PAGE_SIZE), sort: filters.sort, direction: filters.sort === "row" ? "asc" : "desc", withTotal: withTotal ? "1" : "0" });
  if (filters.onlyErrors) params.set("onlyErrors", "1");
  if (filters.code) params.set("code", filters.code);
  if (filters.column) params.set("column", filters.column);
  if (filters.fileId) params.set("fileId", filters.fileId);
  return params.toString();
}

/**
 * The grid's rows: the filters and sort, and the pages of rows in view, fetched from the server as
 * they scroll into view (a million rows stay usable). `version` bumps when rows change elsewhere
 * (bulk fixes, the map): the pages in view load again.
 */
export function useGridRows({ jobId, initialTotal, version, scrollRef }: { jobId: number; initialTotal: number; version: number; scrollRef: RefObject<HTMLDivElement | null> }) {
  const [filters, setFilters] = useState<GridFilters>({ ...allRows });
  const [total, setTotal] = useState(initialTotal);
  const [ready, setReady] = useState(false);
  const cache = useRowCache();
  const generation = useRef(0);
  const counted = useRef(-1);
  const requested = useRef(new Set<number>());
  const { setRows } = cache;

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
      scrollRef.current?.scrollTo({ top: 0 });
      void loadPage(0, generation.current, filters);
      return;
    }
    const { first, last } = visibleRange.current;
    for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page += 1) void loadPage(page, generation.current, filters);
  }, [filters, loadPage, version, setRows, scrollRef]);

  // No flushSync per scroll event: React batches the updates, so fast scrolling stays smooth.
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8, useFlushSync: false });
  const virtualRows = virtualizer.getVirtualItems();
  const firstVisible = virtualRows[0]?.index ?? 0;
  const lastVisible = virtualRows[virtualRows.length - 1]?.index ?? 0;
  useEffect(() => {
    visibleRange.current = { first: firstVisible, last: lastVisible };
    for (let page = Math.floor(firstVisible / PAGE_SIZE); page <= Math.floor(lastVisible / PAGE_SIZE); page += 1) void loadPage(page, generation.current, filters);
  }, [firstVisible, lastVisible, filters, loadPage]);

  const updateFilters = useCallback((patch: Partial<GridFilters>) => setFilters((current) => ({ ...current, ...patch })), []);
  /** Shows every row in file order, then loads the page that holds `offset` (a row opened from the map). */
  const showAllRowsAt = useCallback(
    (offset: number) => {
      setFilters({ ...allRows });
      // After the reset has loaded the first page, load the row's page.
      return new Promise<void>((resolve) => setTimeout(() => void loadPage(Math.floor(offset / PAGE_SIZE), generation.current, { ...allRows }).then(resolve), 50));
    },
    [loadPage],
  );

  return { filters, updateFilters, total, ready, rows: cache.rows, setRow: cache.setRow, mergeRows: cache.mergeRows, virtualizer, virtualRows, showAllRowsAt };
}

/** Loaded rows by position; a counter re-renders when pages arrive (no copying of the cache). */
function useRowCache() {
  const cache = useRef(new Map<number, GridRow>());
  const [, setCacheVersion] = useState(0);
  const setRows = useCallback((update: (current: Map<number, GridRow>) => Map<number, GridRow>) => {
    cache.current = update(cache.current);
    setCacheVersion((version) => version + 1);
  }, []);
  const setRow = useCallback((index: number, row: GridRow) => setRows((current) => current.set(index, row)), [setRows]);
  /** Rows changed by an undo: each loaded copy takes its new values and problems. */
  const mergeRows = useCallback(
    (changed: ChangedRow[]) =>
      setRows((current) => {
        for (const [index, row] of current) {
          const update = changed.find((item) => item.id === row.id);
          if (update) current.set(index, { ...row, ...update });
        }
        return current;
      }),
    [setRows],
  );
  return { rows: cache.current, setRows, setRow, mergeRows };
}

/** Opening a row from the map: asks the server for the row's position in file order, then `open`s it. */
export function useOpenRow(jobId: number, rowId: string | undefined, open: (offset: number) => void) {
  const latestOpen = useRef(open);
  latestOpen.current = open;
  useEffect(() => {
    if (!rowId) return;
    let cancelled = false;
    void (async () => {
      const response = await fetch(`/api/imports/${jobId}/rows?locate=${rowId}`);
      const body = (await response.json()) as { ok: boolean; offset?: number };
      if (cancelled || !body.ok || body.offset === undefined) return;
      latestOpen.current(body.offset);
    })();
    return () => {
      cancelled = true;
    };
  }, [rowId, jobId]);
}
