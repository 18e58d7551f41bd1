"use client";

import { useId, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import * as z from "zod";
import { Replace } from "lucide-react";
import type { FixPreview } from "@/lib/imports/bulk-fixes";
import type { FixView } from "@/lib/imports/fix-jobs";
import type { ActionResult } from "@/lib/forms/action-result";
import { Button } from "@/components/ui/button";
import { useReviewActions } from "./review-actions";

const number = new Intl.NumberFormat("en-US");
const inputClass = "h-9 rounded-md border border-border bg-white px-2 text-sm";

// The form's own fields; the server action checks them again with lib/forms/review-schemas.ts.
const formSchema = z.object({ find: z.string().min(1, "Type the text to find."), replace: z.string(), column: z.string(), wholeCell: z.boolean() });
type FormValues = z.infer<typeof formSchema>;

/**
 * Find and replace over one column or all, exact text or whole cells: previewed first (rows and
 * cells, with examples), then applied as one change in the fix history, undoable like the others.
 */
export function FindReplaceForm({ jobId, columns, pending, onRun }: { jobId: number; columns: string[]; pending: boolean; onRun: (request: () => Promise<ActionResult<{ fix: FixView }>>) => void }) {
  const actions = useReviewActions();
  const id = useId();
  const form = useForm<FormValues>({ resolver: zodResolver(formSchema), defaultValues: { find: "", replace: "", column: "", wholeCell: false } });
  const [preview, setPreview] = useState<FixPreview | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [previewing, startPreview] = useTransition();
  const input = (values: FormValues) => ({ jobId, find: values.find, replace: values.replace, column: values.column || null, wholeCell: values.wholeCell });
  // Any change of the fields makes the last preview stale.
  const watched = JSON.stringify(form.watch());
  const [previewedFor, setPreviewedFor] = useState<string | null>(null);
  const current = preview && previewedFor === watched ? preview : null;

  const onPreview = form.handleSubmit((values) =>
    startPreview(async () => {
      const result = await actions.previewFindReplace(input(values));
      if (!result.ok) return setFailure(result.reason);
      setFailure(null);
      setPreview(result.preview);
      setPreviewedFor(JSON.stringify(values));
    }),
  );
  const onApply = form.handleSubmit((values) => onRun(() => actions.applyFindReplace(input(values))));
  const error = form.formState.errors.find?.message ?? failure;

  return (
    <form aria-label="Find and replace" className="flex flex-col gap-2 rounded-lg border border-border bg-background/60 p-3" onSubmit={onPreview}>
      <h3 className="flex items-center gap-2 text-sm font-medium"><Replace aria-hidden className="size-4" /> Find and replace</h3>
      <div className="grid grid-cols-2 items-end gap-x-3 gap-y-2">
        <span className="flex min-w-0 flex-col gap-1 text-xs text-muted-foreground"><label htmlFor={`${id}-find`}>Find</label><input id={`${id}-find`} className={`${inputClass} w-full text-foreground`} {...form.register("find")} /></span>
        <span className="flex min-w-0 flex-col gap-1 text-xs text-muted-foreground"><label htmlFor={`${id}-replace`}>Replace with</label><input id={`${id}-replace`} className={`${inputClass} w-full text-foreground`} {...form.register("replace")} /></span>
        <span className="flex min-w-0 flex-col gap-1 text-xs text-muted-foreground">
          <label htmlFor={`${id}-column`}>In column</label>
          <select id={`${id}-column`} className={`${inputClass} w-full text-foreground`} {...form.register("column")}>
            <option value="">every column</option>
            {columns.map((column) => <option key={column} value={column}>{column}</option>)}
          </select>
        </span>
        <label htmlFor={`${id}-whole`} className="flex h-9 items-center gap-2 text-sm">
          <input id={`${id}-whole`} type="checkbox" className="h-4 w-4" {...form.register("wholeCell")} /> Whole cells only
        </label>
        <span className="col-span-2 flex flex-wrap gap-2">
          <Button type="submit" variant="secondary" size="sm" disabled={previewing}>{previewing ? "Counting…" : "Preview"}</Button>
          {current ? (
            <Button type="button" size="sm" disabled={pending || current.rows === 0} onClick={() => void onApply()}>
              Replace in {current.partial ? "up to " : ""}{number.format(current.rows)} {current.rows === 1 ? "row" : "rows"}
            </Button>
          ) : null}
        </span>
      </div>
      {error ? <p role="alert" className="text-sm text-danger">{error}</p> : null}
      {current ? (
        <div role="status" className="text-sm">
          {current.rows === 0
            ? "No cell holds that text."
            : current.partial
              ? `Up to ${number.format(current.rows)} rows would change: ${number.format(current.cells)} ${current.cells === 1 ? "cell" : "cells"} in the first ${number.format(current.partial.checked)} of ${number.format(current.partial.candidates)} rows holding the text, for example:`
              : `${number.format(current.cells)} ${current.cells === 1 ? "cell" : "cells"} in ${number.format(current.rows)} ${current.rows === 1 ? "row" : "rows"} would change, for example:`}
          <ul className="mt-1 text-xs text-muted-foreground">
            {current.examples.map((example, index) => (
              <li key={index}>{example.file} row {example.row}, {example.column}: “{example.from}” → “{example.to}”</li>
            ))}
          </ul>
        </div>
      ) : null}
    </form>
  );
}
