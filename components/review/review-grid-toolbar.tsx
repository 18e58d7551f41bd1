import { useId } from "react";
import type { GridFile, GridFilters } from "./grid-model";

// Compact: each select names itself in its first option ("Any problem code"), and says so to
// assistive technology with its aria-label, so the toolbar fits one line beside the side panel.
const selectClass = "h-8 w-40 shrink-0 rounded-md border border-border bg-white px-2 text-sm";

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
  const onlyErrorsId = useId();
  return (
    <div className="flex shrink-0 flex-wrap items-center gap-x-3 gap-y-2 text-sm">
      <label htmlFor={onlyErrorsId} className="flex h-8 items-center gap-2 whitespace-nowrap rounded-md border border-border bg-white px-2.5 font-medium">
        <input id={onlyErrorsId} type="checkbox" checked={filters.onlyErrors} onChange={(event) => onChange({ onlyErrors: event.target.checked })} className="size-4" />
        Only rows with errors
      </label>
      <select aria-label="Problem code" value={filters.code} onChange={(event) => onChange({ code: event.target.value })} className={selectClass.replace("w-40", "w-44")}>
        <option value="">Any problem code</option>
        {codes.map((code) => <option key={code} value={code}>{code}</option>)}
      </select>
      <select aria-label="Column" value={filters.column} onChange={(event) => onChange({ column: event.target.value })} className={selectClass}>
        <option value="">Any column</option>
        {[...columns, "lat,lng"].map((column) => <option key={column} value={column}>{column}</option>)}
      </select>
      {/* One file: nothing to choose. */}
      {files.length > 1 ? (
        <select aria-label="File" value={filters.fileId} onChange={(event) => onChange({ fileId: event.target.value })} className={selectClass}>
          <option value="">All files</option>
          {files.map((file) => <option key={file.id} value={file.id}>{file.name}</option>)}
        </select>
      ) : null}
      <select aria-label="Sort by" value={filters.sort} onChange={(event) => onChange({ sort: event.target.value as GridFilters["sort"] })} className={selectClass}>
        <option value="row">Sort: file and row</option>
        <option value="errors">Sort: most errors first</option>
        <option value="warnings">Sort: most warnings first</option>
      </select>
      <p id={statusId} role="status" className="ml-auto whitespace-nowrap font-medium text-muted-foreground tabular-nums" data-grid-ready={ready ? "true" : "false"}>
        {ready ? `${total.toLocaleString("en-US")} ${total === 1 ? "row" : "rows"}` : "Loading rows…"}
      </p>
    </div>
  );
}
