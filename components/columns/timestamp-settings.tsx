"use client";

import { useId } from "react";
import type { SourceProfile } from "@/lib/profiles/profile-schema";
import { compileTimestampReader } from "@/lib/profiles/source-timestamps";
import { looseName } from "@/lib/profiles/column-getters";
import { normalizeSource } from "@/lib/profiles/profile-schema";

const inputClass = "h-9 rounded-md border border-border bg-white px-2 text-sm";

type Props = { profile: SourceProfile; sourceHeader: readonly string[]; sample: readonly (readonly string[])[]; defaultZone: string; onChange: (profile: SourceProfile) => void };

/** How the file's timestamps are read: formats, time zone, DST repeats, with three sample values read. */
export function TimestampSettings({ profile, sourceHeader, sample, defaultZone, onChange }: Props) {
  const formatsId = useId();
  const zoneId = useId();
  const zone = profile.timeZone ?? defaultZone;
  const samples = createdSamples(profile, sourceHeader, sample);
  const read = safeReader(profile.timestamps.formats, zone, profile.timestamps.ambiguous);
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="text-sm font-medium">Timestamps</legend>
      <div className="flex flex-wrap gap-3">
        <label htmlFor={formatsId} className="flex flex-col gap-1 text-xs text-muted-foreground">
          Formats, tried in order
          <input id={formatsId} className={`${inputClass} w-80 font-mono`} value={profile.timestamps.formats.join(" | ")} onChange={(event) => onChange({ ...profile, timestamps: { ...profile.timestamps, formats: splitFormats(event.target.value) } })} />
        </label>
        <label htmlFor={zoneId} className="flex flex-col gap-1 text-xs text-muted-foreground">
          Time zone of times without an offset
          <input id={zoneId} className={`${inputClass} w-56`} list={`${zoneId}-zones`} value={zone} onChange={(event) => onChange({ ...profile, timeZone: event.target.value })} />
          <datalist id={`${zoneId}-zones`}>
            {zones().map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </label>
      </div>
      <ul className="text-xs" aria-label="Sample timestamps read">
        {samples.map((value) => (
          <li key={value} className="font-mono">
            {value} → {read ? describe(read(value)) : "cannot read with these formats"}
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function splitFormats(text: string): string[] {
  const formats = text.split("|").map((format) => format.trim()).filter(Boolean);
  return formats.length ? formats : ["iso"];
}

/** Three distinct values of the created-time column. */
function createdSamples(profile: SourceProfile, sourceHeader: readonly string[], sample: readonly (readonly string[])[]): string[] {
  const source = profile.columns.created_at;
  if (source === undefined) return [];
  const normalized = normalizeSource(source);
  const column = normalized.kind === "copy" ? normalized.column : normalized.kind === "firstOf" ? normalized.columns[0] : null;
  const at = column ? sourceHeader.findIndex((name) => looseName(name) === looseName(column)) : -1;
  if (at < 0) return [];
  return [...new Set(sample.map((row) => (row[at] ?? "").trim()).filter(Boolean))].slice(0, 3);
}

function safeReader(formats: readonly string[], timeZone: string, ambiguous: "earlier" | "later" | undefined) {
  try {
    return compileTimestampReader({ formats, timeZone, ambiguous });
  } catch {
    return null;
  }
}

function describe(outcome: ReturnType<NonNullable<ReturnType<typeof safeReader>>>): string {
  return outcome.ok ? `${outcome.iso}${outcome.placeholder ? " (a placeholder date)" : ""}` : `${outcome.code}: ${outcome.message}`;
}

function zones(): string[] {
  return typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "UTC"];
}
