"use client";

import { useId, useState, useTransition } from "react";
import { Play } from "lucide-react";
import { Button } from "@/components/ui/button";
import { useReviewActions } from "./review-actions";

const number = new Intl.NumberFormat("en-US");

/** "Queue import": disabled while errors remain, unless only the valid rows are to be imported. */
/** `blockedFiles`: files a whole-file error blocks; the import waits for them, "only valid rows" or not. */
export function QueueImportForm({ jobId, errorRows, errorCount, validRows, blockedFiles = [] }: { jobId: number; errorRows: number; errorCount: number; validRows: number; blockedFiles?: string[] }) {
  const { queueImport } = useReviewActions();
  const ids = { onlyValid: useId(), hint: useId() };
  const [onlyValid, setOnlyValid] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const blocked = blockedFiles.length > 0 || (errorCount > 0 && !onlyValid);
  return (
    <div className="flex items-center gap-3">
      {/* Beside the button where there is room; always its description. */}
      <p id={ids.hint} className="hidden max-w-60 text-xs leading-snug text-muted-foreground min-[1600px]:block">
        {blockedFiles.length
          ? `${blockedFiles.join(", ")} ${blockedFiles.length === 1 ? "is" : "are"} blocked by a whole-file error: upload ${blockedFiles.length === 1 ? "it" : "them"} fixed, or remove ${blockedFiles.length === 1 ? "it" : "them"} from the import.`
          : errorCount === 0
          ? `All ${number.format(validRows)} rows are valid.`
          : `${number.format(errorRows)} ${errorRows === 1 ? "row has" : "rows have"} errors. Fix them, or import only the ${number.format(validRows)} valid rows.`}
      </p>
      {errorCount > 0 && !blockedFiles.length ? (
        <label htmlFor={ids.onlyValid} className="flex items-center gap-1.5 whitespace-nowrap text-sm font-medium">
          <input id={ids.onlyValid} type="checkbox" className="size-4" checked={onlyValid} onChange={(event) => setOnlyValid(event.target.checked)} />
          Import only valid rows
        </label>
      ) : null}
      <Button
        size="sm"
        disabled={blocked || pending || validRows === 0}
        aria-describedby={ids.hint}
        onClick={() =>
          startTransition(async () => {
            const result = await queueImport({ jobId, onlyValid });
            setFailure(result.ok ? null : result.reason);
          })
        }
      >
        <Play aria-hidden className="size-4" />
        {pending ? "Queueing…" : "Queue import"}
      </Button>
      {failure ? <p role="alert" className="max-w-xs text-sm text-danger">{failure}</p> : null}
    </div>
  );
}
