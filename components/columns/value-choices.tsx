"use client";

import type { SourceProfile } from "@/lib/profiles/profile-schema";
import { distinctValues, requestTypeColumn, requestTypeTarget, statusKindOf, withRequestType, withStatusKind, type StatusKind } from "./profile-editing";

const selectClass = "h-8 w-48 shrink-0 rounded-md border border-border bg-white px-2 text-sm";

type Props = { profile: SourceProfile; sourceHeader: readonly string[]; sample: readonly (readonly string[])[]; onChange: (profile: SourceProfile) => void };

/** Which of the file's status values mean open and which closed. */
export function StatusValues({ profile, sourceHeader, sample, onChange, newValues }: Props & { newValues: readonly string[] }) {
  const status = profile.status;
  if (!status) return null;
  const values = [...new Set([...distinctValues(sourceHeader, sample, status.column, profile.nullMarkers), ...newValues])];
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="text-sm font-medium">Status values ({status.column})</legend>
      <p className="text-xs text-muted-foreground">Closed rows take their close time from {typeof status.closedAt === "string" ? status.closedAt : "the close-time column"}; a value left unknown is imported as open, with a warning.</p>
      <ul className="flex max-h-96 flex-col gap-1 overflow-y-auto pr-1" tabIndex={0} aria-label="Status values">
        {values.map((value) => (
          <li key={value} className="flex items-center justify-between gap-2 rounded border border-border/60 px-2 py-1">
            <span className="min-w-0 flex-1 text-sm">
              {value}
              {newValues.includes(value) ? <span className="ml-2 text-xs font-medium text-warning">new</span> : null}
            </span>
            <select aria-label={`Status ${value} means`} className={selectClass} value={statusKindOf(profile, value)} onChange={(event) => onChange(withStatusKind(profile, value, event.target.value as StatusKind))}>
              <option value="open">open</option>
              <option value="closed">closed</option>
              <option value="unknown">unknown</option>
            </select>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** The file's request types mapped to the organization's (a mapped value becomes the organization's title). */
export function RequestTypeMap({ profile, sourceHeader, sample, onChange, requestTypes }: Props & { requestTypes: readonly string[] }) {
  const column = requestTypeColumn(profile);
  if (!column) return null;
  const values = distinctValues(sourceHeader, sample, column, profile.nullMarkers, 30);
  const known = new Set(requestTypes);
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="text-sm font-medium">Request types ({column})</legend>
      <p className="text-xs text-muted-foreground">Values that are not one of the organization&apos;s request types need a match here, or a request-type mapping later.</p>
      <ul className="flex max-h-96 flex-col gap-1 overflow-y-auto pr-1" tabIndex={0} aria-label="Request type values">
        {values.map((value) => (
          <li key={value} className="flex items-center justify-between gap-2 rounded border border-border/60 px-2 py-1">
            <span className={known.has(value) ? "min-w-0 flex-1 text-sm" : "min-w-0 flex-1 text-sm text-danger"}>{value}</span>
            <select aria-label={`Request type for ${value}`} className={selectClass} value={requestTypeTarget(profile, value)} onChange={(event) => onChange(withRequestType(profile, value, event.target.value))}>
              <option value="">{known.has(value) ? "as it is" : "not matched"}</option>
              {requestTypes.map((title) => (
                <option key={title} value={title}>
                  {title}
                </option>
              ))}
            </select>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
