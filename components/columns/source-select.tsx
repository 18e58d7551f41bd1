"use client";

import { useId } from "react";
import type { SourceChoice } from "./profile-editing";

const selectClass = "h-9 w-full rounded-md border border-border bg-white px-2 text-sm";

/** A canonical column's source: none, one of the file's columns, a template or a constant. */
export function SourceSelect({ column, choice, sourceHeader, onChange }: { column: string; choice: SourceChoice; sourceHeader: readonly string[]; onChange: (choice: SourceChoice) => void }) {
  const id = useId();
  const value = choice.kind === "copy" ? `column:${choice.column}` : choice.kind;
  const pick = (next: string) => {
    if (next === "none") onChange({ kind: "none" });
    else if (next === "template") onChange({ kind: "template", template: choice.kind === "template" ? choice.template : sourceHeader.slice(0, 2).map((name) => `{${name}}`).join(" ") });
    else if (next === "constant") onChange({ kind: "constant", value: choice.kind === "constant" ? choice.value : "" });
    else if (next.startsWith("column:")) onChange({ kind: "copy", column: next.slice("column:".length) });
  };
  return (
    <div className="flex flex-col gap-1">
      <select id={id} aria-label={`Source of ${column}`} className={selectClass} value={value} onChange={(event) => pick(event.target.value)}>
        {choice.kind === "kept" ? <option value="kept">{choice.label}</option> : null}
        <option value="none">— none —</option>
        {sourceHeader.map((name) => (
          <option key={name} value={`column:${name}`}>
            {name}
          </option>
        ))}
        <option value="template">Template…</option>
        <option value="constant">Fixed value…</option>
      </select>
      {choice.kind === "template" ? (
        <input aria-label={`Template of ${column}`} className={selectClass} value={choice.template} onChange={(event) => onChange({ kind: "template", template: event.target.value })} placeholder="{Complaint Type}: {Descriptor}" />
      ) : null}
      {choice.kind === "constant" ? (
        <input aria-label={`Fixed value of ${column}`} className={selectClass} value={choice.value} onChange={(event) => onChange({ kind: "constant", value: event.target.value })} />
      ) : null}
    </div>
  );
}
