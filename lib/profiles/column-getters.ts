import type { ColumnObjectSource } from "./profile-schema.ts";

/**
 * Column sources compiled against one file's header into plain closures for the per-row loop.
 * A getter reads the row's cleaned values (trimmed; null markers already "") and may add
 * `Field: value` lines to `extras` for source values it did not write (a firstOf column it
 * passed over, the original of a mapped value), so nothing the city had is lost.
 */

export type Getter = (values: readonly string[], extras: string[]) => string;

/** Finds source columns by header: exactly, else ignoring case, spaces and punctuation. */
export class HeaderIndex {
  private readonly exact = new Map<string, number>();
  private readonly loose = new Map<string, number>();

  constructor(readonly header: readonly string[]) {
    header.forEach((name, index) => {
      if (!this.exact.has(name)) this.exact.set(name, index);
      const key = looseName(name);
      if (!this.loose.has(key)) this.loose.set(key, index);
    });
  }

  /** The column's index, or -1 when the file has no such column. */
  find(name: string): number {
    return this.exact.get(name) ?? this.loose.get(looseName(name)) ?? -1;
  }
}

/** "Date Created", "date_created" and "DateCreated" are the same loose name. */
export function looseName(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

/** The source columns a source reads (as written in the profile). */
export function sourceColumnsOf(source: ColumnObjectSource): string[] {
  switch (source.kind) {
    case "copy":
    case "valueMap":
      return [source.column];
    case "firstOf":
      return source.columns;
    case "template":
      return templateParts(source.template).names;
    case "constant":
      return [];
  }
}

/** `quiet`: source columns another canonical column writes, which a firstOf need not repeat in the comment. */
export function compileGetter(source: ColumnObjectSource, index: HeaderIndex, quiet: ReadonlySet<number> = new Set()): Getter {
  switch (source.kind) {
    case "copy": {
      const i = index.find(source.column);
      return i < 0 ? () => "" : (values) => values[i]!;
    }
    case "constant": {
      const value = source.value;
      return () => value;
    }
    case "template":
      return compileTemplate(source.template, index);
    case "firstOf":
      return compileFirstOf(source.columns, index, quiet);
    case "valueMap":
      return compileValueMap(source.column, source.map, source.default, index);
  }
}

/** "{A}: {B}" → literals ["", ": ", ""] and names ["A", "B"]. */
export function templateParts(template: string): { literals: string[]; names: string[] } {
  const literals: string[] = [];
  const names: string[] = [];
  let rest = template;
  for (;;) {
    const open = rest.indexOf("{");
    const close = open < 0 ? -1 : rest.indexOf("}", open + 1);
    if (open < 0 || close < 0) {
      literals.push(rest);
      return { literals, names };
    }
    literals.push(rest.slice(0, open));
    names.push(rest.slice(open + 1, close));
    rest = rest.slice(close + 1);
  }
}

/**
 * A template drops the text around a blank placeholder: "{A}: {B} ({C})" with C blank reads
 * "A: B", with B blank "A (C)". Each value brings the literal just before it (the first only
 * when it is the template's first placeholder), and the closing literal follows the last
 * placeholder only when that one has a value.
 */
const CLOSERS = /^[)\]}>"']+/;

function compileTemplate(template: string, index: HeaderIndex): Getter {
  const { literals, names } = templateParts(template);
  if (names.length === 0) return () => template;
  const slots = names.map((name) => index.find(name));
  const last = slots.length - 1;
  return (values) => {
    let out = "";
    let any = false;
    for (let j = 0; j <= last; j++) {
      const slot = slots[j]!;
      const value = slot < 0 ? "" : values[slot]!;
      if (value === "") continue;
      if (j === 0) out += literals[0]!;
      // After a blank placeholder its closing bracket goes too: "{A} ({B}) in {C}" → "A in C".
      else if (any) out += values[slots[j - 1]!] === "" || slots[j - 1]! < 0 ? literals[j]!.replace(CLOSERS, "") : literals[j]!;
      out += value;
      any = true;
    }
    if (!any) return "";
    const lastSlot = slots[last]!;
    if (lastSlot >= 0 && values[lastSlot] !== "") out += literals[last + 1]!;
    return out.trim();
  };
}

function compileFirstOf(columns: readonly string[], index: HeaderIndex, quiet: ReadonlySet<number>): Getter {
  const slots = columns.map((name) => index.find(name)).filter((slot) => slot >= 0);
  const names = slots.map((slot) => index.header[slot]!);
  const loud = slots.map((slot) => !quiet.has(slot));
  return (values, extras) => {
    let picked = "";
    for (let j = 0; j < slots.length; j++) {
      const value = values[slots[j]!]!;
      if (value === "") continue;
      if (picked === "") picked = value;
      else if (value !== picked && loud[j]) extras.push(`${names[j]}: ${value}`);
    }
    return picked;
  };
}

function compileValueMap(column: string, map: Record<string, string>, fallback: string | undefined, index: HeaderIndex): Getter {
  const slot = index.find(column);
  if (slot < 0) return () => "";
  const name = index.header[slot]!;
  const lookup = new Map<string, string>();
  for (const [from, to] of Object.entries(map)) lookup.set(normalizeValue(from), to);
  return (values, extras) => {
    const value = values[slot]!;
    const mapped = lookup.get(normalizeValue(value)) ?? fallback ?? value;
    if (mapped !== value && value !== "") extras.push(`${name}: ${value}`);
    return mapped;
  };
}

/** Status and map keys compare ignoring case, and spaces, dashes and underscores between words. */
export function normalizeValue(value: string): string {
  return value.trim().toLowerCase().replace(/[\s_-]+/g, " ");
}
