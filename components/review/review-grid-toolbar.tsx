import { useId } from "react";
import type { GridFile, GridFilters } from "./grid-model";

const selectClass = "h-8 max-w-44 rounded-md border border-border bg-white px-2";

/** The grid's filters and sort, and how many rows they leave (the grid's description). */
export function ReviewGridToolbar({ filters, onChange, codes, columns, files, ready, total, statusId }: {
  filters: GridFilters;
  onChange: (patch: Partial<GridFilters>) => void;
  codes: string[];
  columns: string[];
  files: GridFile[];
  ready: boolean;
  total: number;
  statusId: string;
}) {
  const ids = { onlyErrors: useId(), code: useId(), column: useId(), file: useId(), sort: useId() };
  return (
    <div className="flex shrink-0 flex-wrap items-center gap-x-4 gap-y-2 rounded-lg border border-border bg-white px-3 py-2 text-sm shadow-sm">
      <label htmlFor={ids.onlyErrors} className="flex items-center gap-2 font-medium whitespace-nowrap">
        <input id={ids.onlyErrors} type="checkbox" checked={filters.onlyErrors} onChange={(event) => onChange({ onlyErrors: event.target.checked })} className="size-4" />
        Only rows with errors
      </label>
      <div className="flex items-center gap-2">
        <label htmlFor={ids.code} className="text-xs font-medium whitespace-nowrap text-muted-foreground">Problem code</label>
        <select id={ids.code} value={filters.code} onChange={(event) => onChange({ code: event.target.value })} className={selectClass}>
          <option value="">Any</option>
          {codes.map((code) => <option key={code} value={code}>{code}</option>)}
        </select>
      </div>
      <div className="flex items-center gap-2">
        <label htmlFor={ids.column} className="text-xs font-medium whitespace-nowrap text-muted-foreground">Column</label>
        <select id={ids.column} value={filters.column} onChange={(event) => onChange({ column: event.target.value })} className={selectClass}>
          <option value="">Any</option>
          {[...columns, "lat,lng"].map((column) => <option key={column} value={column}>{column}</option>)}
        </select>
      </div>
      <div className="flex items-center gap-2">
        <label htmlFor={ids.file} className="text-xs font-medium whitespace-nowrap text-muted-foreground">File</label>
        <select id={ids.file} value={filters.fileId} onChange={(event) => onChange({ fileId: event.target.value })} className={selectClass}>
          <option value="">All files</option>
          {files.map((file) => <option key={file.id} value={file.id}>{file.name}</option>)}
        </select>
      </div>
      <div className="flex items-center gap-2">
        <label htmlFor={ids.sort} className="text-xs font-medium whitespace-nowrap text-muted-foreground">Sort by</label>
        <select id={ids.sort} value={filters.sort} onChange={(event) => onChange({ sort: event.target.value as GridFilters["sort"] })} className={selectClass}>
          <option value="row">File and row</option>
          <option value="errors">Most errors first</option>
          <option value="warnings">Most warnings first</option>
        </select>
      </div>
      <p id={statusId} role="status" className="ml-auto text-muted-foreground tabular-nums" data-grid-ready={ready ? "true" : "false"}>
        {ready ? `${total.toLocaleString("en-US")} ${total === 1 ? "row" : "rows"}` : "Loading rows…"}
      </p>
    </div>
  );
}
