"use client";

import { useEffect, useId, useRef, type KeyboardEvent } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { cellEditSchema } from "@/lib/forms/review-schemas";

const valueSchema = cellEditSchema.pick({ value: true });

/** Where the editor sits in the grid's own coordinates; `multiline` for text too long for its cell. */
export type EditorPlacement = { top: number; left: number; width: number; multiline: boolean };

/**
 * The editor of one cell, laid over the grid (not inside the cell, which would clip it): Enter
 * saves (and re-validates the row), Escape cancels; long text opens as a wide textarea, where
 * Shift+Enter is a new line.
 */
export function CellEditor({ label, initialValue, error, placement, onSave, onCancel }: {
  label: string;
  initialValue: string;
  error: string | null;
  placement: EditorPlacement;
  onSave: (value: string) => Promise<void>;
  onCancel: () => void;
}) {
  const form = useForm<{ value: string }>({ resolver: zodResolver(valueSchema), defaultValues: { value: initialValue } });
  const fieldRef = useRef<HTMLInputElement | HTMLTextAreaElement | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const hintId = useId();
  const { ref, ...field } = form.register("value");
  useEffect(() => {
    fieldRef.current?.focus();
    fieldRef.current?.select();
  }, []);
  const message = form.formState.errors.value?.message ?? error;
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    // The grid's keys stop here: the editor has them while it is open.
    event.stopPropagation();
    if (event.key === "Escape") onCancel();
    else if (event.key === "Enter" && placement.multiline && !event.shiftKey) {
      event.preventDefault();
      formRef.current?.requestSubmit();
    }
  };
  const fieldProps = {
    ...field,
    ref: (element: HTMLInputElement | HTMLTextAreaElement | null) => {
      ref(element);
      fieldRef.current = element;
    },
    "aria-label": label,
    "aria-invalid": message ? true : undefined,
    disabled: form.formState.isSubmitting,
  };
  return (
    <form
      ref={formRef}
      data-cell-editor={placement.multiline ? "multiline" : "inline"}
      onSubmit={form.handleSubmit(({ value }) => onSave(value))}
      className="absolute z-30 rounded-md border border-primary bg-white shadow-xl ring-4 ring-primary/15"
      style={{ top: placement.top, left: placement.left, width: placement.width }}
      onKeyDown={onKeyDown}
    >
      {placement.multiline ? (
        <>
          <textarea {...fieldProps} aria-describedby={hintId} rows={4} className="block w-full resize-y rounded-t-md px-2 py-1.5 text-sm leading-snug outline-none" />
          <p id={hintId} className="border-t border-border bg-muted px-2 py-1 text-xs text-muted-foreground">
            Enter to save · Shift+Enter for a new line · Esc to cancel
          </p>
        </>
      ) : (
        <input {...fieldProps} className="h-9 w-full rounded-md px-2 text-sm outline-none" />
      )}
      {message ? <p role="alert" className="whitespace-normal border-t border-red-200 bg-danger-soft px-2 py-1 text-xs text-danger">{message}</p> : null}
    </form>
  );
}
