import type { Preview } from "./use-converted-preview";
import { ProblemText } from "@/components/ui/problem-text";

const shown = ["lat", "lng", "address", "request_type", "summary", "created_at", "closed_at"];

/** The first rows as they will be imported, with what is wrong with each. */
export function ConversionPreview({ preview }: { preview: Preview }) {
  if (preview.failure) return <p className="text-sm text-danger">These matches cannot convert the file: {preview.failure}</p>;
  const columns = shown.filter((column) => preview.header.includes(column));
  return (
    <div className="flex flex-col gap-2">
      {preview.fileProblems.map((problem) => (
        <p key={`${problem.code}-${problem.column}`} role="alert" className="rounded border border-red-200 bg-danger-soft px-3 py-2 text-sm text-danger">
          <ProblemText text={problem.message} />
        </p>
      ))}
      {/* Focusable, so the wide table scrolls from the keyboard too. */}
      <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Converted rows, scrollable">
        <table className="w-full text-xs" aria-label="Preview of the converted rows">
          <thead>
            <tr className="border-b border-border text-left text-muted-foreground">
              <th scope="col" className="py-1 pr-2 font-medium">Row</th>
              {columns.map((column) => (
                <th key={column} scope="col" className="py-1 pr-2 font-mono font-medium">{column}</th>
              ))}
              <th scope="col" className="min-w-80 py-1 font-medium">Problems</th>
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row) => (
              <tr key={row.row} className="border-b border-border/60 align-top">
                <td className="py-1 pr-2 tabular-nums">{row.row}</td>
                {columns.map((column) => (
                  <td key={column} className="max-w-40 truncate py-1 pr-2 font-mono" title={row.values[column]}>{row.values[column]}</td>
                ))}
                <td className="min-w-80 py-1">
                  {row.problems.length === 0 ? <span className="text-success">ready</span> : (
                    <ul>
                      {row.problems.map((problem, index) => (
                        <li key={index} className={problem.severity === "error" ? "text-danger" : "text-warning"}>
                          <ProblemText text={`${problem.column ?? ""}: ${problem.message}`} />
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
