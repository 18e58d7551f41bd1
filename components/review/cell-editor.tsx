"use client";

import { useEffect, useRef } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { cellEditSchema } from "@/lib/forms/review-schemas";

const valueSchema = cellEditSchema.pick({ value: true });

/** The inline editor of one cell: Enter saves (and re-validates the row), Escape cancels. */
export function CellEditor({ label, initialValue, error, onSave, onCancel }: { label: string; initialValue: string; error: string | null; onSave: (value: string) => Promise<void>; onCancel: () => void }) {
  const form = useForm<{ value: string }>({ resolver: zodResolver(valueSchema), defaultValues: { value: initialValue } });
  const inputRef = useRef<HTMLInputElement | null>(null);
  const { ref, ...field } = form.register("value");
  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);
  const message = form.formState.errors.value?.message ?? error;
  return (
    <form
      onSubmit={form.handleSubmit(({ value }) => onSave(value))}
      className="absolute inset-x-0 top-0 z-20 min-w-64 rounded-md border border-primary bg-white shadow-lg"
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === "Escape") onCancel();
      }}
    >
      <input
        {...field}
        ref={(element) => {
          ref(element);
          inputRef.current = element;
        }}
        aria-label={label}
        aria-invalid={message ? true : undefined}
        disabled={form.formState.isSubmitting}
        className="h-9 w-full rounded-md px-2 text-sm outline-none"
      />
      {message ? <p role="alert" className="whitespace-normal border-t border-red-200 bg-danger-soft px-2 py-1 text-xs text-danger">{message}</p> : null}
    </form>
  );
}
