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

type RowPage = { total: number | null; rows: GridRow[] };
type Answer<T> = { ok: true; body: T } | { ok: false; reason: string };

/** The rows route's answer, or the reason it could not be had (the server's sentence when it gave one). */
async function fetchRows<T extends object>(url: string, isAnswer: (body: T) => boolean): Promise<Answer<T>> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    return { ok: false, reason: "The server could not be reached." };
  }
  const body = (await response.json().catch(() => null)) as (T & { ok?: boolean; reason?: unknown }) | null;
  if (response.ok && body?.ok === true && isAnswer(body)) return { ok: true, body };
  return { ok: false, reason: typeof body?.reason === "string" ? body.reason : `The server answered ${response.status} ${response.statusText}`.trim() + "." };
}

const fetchRowPage = (url: string) => fetchRows<RowPage>(url, (body) => Array.isArray(body.rows));

/**
 * The grid's rows: the filters and sort, and the pages of rows in view, fetched from the server as
 * they scroll into view (a million rows stay usable). `version` bumps when rows change elsewhere
 * (bulk fixes, the map): the pages in view load again.
 */
export function useGridRows({ jobId, initialTotal, version, scrollRef }: { jobId: number; initialTotal: number; version: number; scrollRef: RefObject<HTMLDivElement | null> }) {
  const [filters, setFilters] = useState<GridFilters>({ ...allRows });
  const pages = useRowPages(jobId, initialTotal);
  const { loadPage, restart, setFailure, total } = pages;
  const visibleRange = useRef({ first: 0, last: 0 });
  const loadPagesInView = useCallback(
    (currentFilters: GridFilters) => {
      const { first, last } = visibleRange.current;
      for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page += 1) void loadPage(page, currentFilters);
    },
    [loadPage],
  );

  // A new filter starts over at the top; a change of the rows reloads the pages in view.
  const lastFilters = useRef(filters);
  useEffect(() => {
    const filtersChanged = lastFilters.current !== filters;
    lastFilters.current = filters;
    restart(filtersChanged);
    if (filtersChanged) {
      scrollRef.current?.scrollTo({ top: 0 });
      void loadPage(0, filters);
      return;
    }
    loadPagesInView(filters);
  }, [filters, loadPage, loadPagesInView, restart, version, scrollRef]);

  // No flushSync per scroll event: React batches the updates, so fast scrolling stays smooth.
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8, useFlushSync: false });
  const virtualRows = virtualizer.getVirtualItems();
  const firstVisible = virtualRows[0]?.index ?? 0;
  const lastVisible = virtualRows[virtualRows.length - 1]?.index ?? 0;
  useEffect(() => {
    visibleRange.current = { first: firstVisible, last: lastVisible };
    loadPagesInView(filters);
  }, [firstVisible, lastVisible, filters, loadPagesInView]);

  /** Asks again for the pages in view that are not loaded (after a failure). */
  const retry = useCallback(() => {
    setFailure(null);
    loadPagesInView(filters);
  }, [filters, loadPagesInView, setFailure]);
  const updateFilters = useCallback((patch: Partial<GridFilters>) => setFilters((current) => ({ ...current, ...patch })), []);
  /** Shows every row in file order, then loads the page that holds `offset` (a row opened from the map). */
  const showAllRowsAt = useCallback(
    (offset: number) => {
      setFilters({ ...allRows });
      // After the reset has loaded the first page, load the row's page.
      return new Promise<void>((resolve) => setTimeout(() => void loadPage(Math.floor(offset / PAGE_SIZE), { ...allRows }).then(resolve), 50));
    },
    [loadPage],
  );

  const { ready, failure, failedPages, cache } = pages;
  /** The row at `index` is not loaded because its page's request failed. */
  const rowFailed = useCallback((index: number) => failedPages.has(Math.floor(index / PAGE_SIZE)), [failedPages]);
  return { filters, updateFilters, total, ready, failure, showFailure: setFailure, retry, rowFailed, rows: cache.rows, setRow: cache.setRow, mergeRows: cache.mergeRows, virtualizer, virtualRows, showAllRowsAt };
}

/**
 * Pages of rows fetched once each per generation (a new filter, or rows changed elsewhere), the
 * count with the generation's first. A page that fails is forgotten, so it is asked for again.
 */
function useRowPages(jobId: number, initialTotal: number) {
  const [total, setTotal] = useState(initialTotal);
  const [ready, setReady] = useState(false);
  /** What could not be read last (a page, a row picked on the map), as a sentence; cleared when a page arrives. */
  const [failure, setFailure] = useState<string | null>(null);
  /** Pages whose last request failed, until they are asked for again: their rows are drawn still, not loading. */
  const [failedPages, setFailedPages] = useState<ReadonlySet<number>>(() => new Set());
  const cache = useRowCache();
  const generation = useRef(0);
  const counted = useRef(-1);
  const requested = useRef(new Set<number>());
  const { setRows } = cache;

  const loadPage = useCallback(
    async (page: number, filters: GridFilters) => {
      if (requested.current.has(page)) return;
      requested.current.add(page);
      setFailedPages((current) => (current.has(page) ? withoutPage(current, page) : current));
      const currentGeneration = generation.current;
      // Counting a filter over a million rows costs more than a page: once per filter or change.
      const withTotal = counted.current !== currentGeneration;
      counted.current = currentGeneration;
      const answer = await fetchRowPage(`/api/imports/${jobId}/rows?${queryString(filters, page * PAGE_SIZE, withTotal)}`);
      if (currentGeneration !== generation.current) return;
      if (!answer.ok) {
        requested.current.delete(page);
        if (withTotal) counted.current = -1;
        setFailedPages((current) => new Set(current).add(page));
        setFailure(`Some rows could not be loaded. ${answer.reason}`);
        return;
      }
      setFailure(null);
      if (answer.body.total !== null) setTotal(answer.body.total);
      setRows((current) => {
        answer.body.rows.forEach((row, index) => current.set(page * PAGE_SIZE + index, row));
        return current;
      });
      setReady(true);
    },
    [jobId, setRows],
  );

  /** A new generation: every page is asked for again; a new filter also drops the rows loaded. */
  const restart = useCallback(
    (dropRows: boolean) => {
      generation.current += 1;
      requested.current = new Set();
      setFailure(null);
      setFailedPages(new Set());
      if (!dropRows) return;
      setRows(() => new Map());
      setReady(false);
    },
    [setRows],
  );

  return { total, ready, failure, setFailure, failedPages, cache, loadPage, restart };
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

/**
 * Opening a row from the map: asks the server for the row's position in file order, then `open`s
 * it; or says why it could not (`fail`).
 */
export function useOpenRow(jobId: number, request: { rowId: string } | undefined, open: (offset: number) => void, fail: (reason: string) => void) {
  const latest = useRef({ open, fail });
  latest.current = { open, fail };
  useEffect(() => {
    if (!request) return;
    const { rowId } = request;
    let cancelled = false;
    void (async () => {
      const answer = await fetchRows<{ offset: number }>(`/api/imports/${jobId}/rows?locate=${rowId}`, (body) => typeof body.offset === "number");
      if (cancelled) return;
      if (answer.ok) latest.current.open(answer.body.offset);
      else latest.current.fail(`The row picked on the map could not be opened. ${answer.reason}`);
    })();
    return () => {
      cancelled = true;
    };
  }, [request, jobId]);
}

function withoutPage(pages: ReadonlySet<number>, page: number): ReadonlySet<number> {
  const rest = new Set(pages);
  rest.delete(page);
  return rest;
}
