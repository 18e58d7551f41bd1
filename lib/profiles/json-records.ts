import type { CsvEvent, CsvRecord } from "../engine/read/read-csv.ts";

/**
 * A JSON list of requests (Open311 GeoReport v2's `requests.json`, PublicStuff's API list) read
 * as the CSV reader's events: one record an object, nested objects flattened with dotted keys
 * (`geo_location.latitude`), lists joined with "; ", the header the keys in order of first
 * appearance. API lists come a page at a time, so the list is parsed whole (up to `maxBytes`).
 */

export const JSON_MAX_BYTES = 256 * 1024 * 1024;

/** Whether the file's first non-blank character opens a JSON list or object. */
export function looksLikeJson(head: string): boolean {
  const first = head.replace(/^\uFEFF/, "").trimStart()[0];
  return first === "[" || first === "{";
}

export async function* jsonRecordEvents(source: AsyncIterable<Uint8Array>, maxBytes = JSON_MAX_BYTES): AsyncGenerator<CsvEvent> {
  const decoder = new TextDecoder("utf-8");
  let text = "";
  let bytes = 0;
  for await (const chunk of source) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes) throw new Error(`the JSON file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; export it as CSV, or in pages`);
    text += decoder.decode(chunk, { stream: true });
  }
  text += decoder.decode();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    yield { kind: "problem", problem: { code: "malformed_csv", severity: "error", row: 0, line: null, column: null, value: null, message: `The file is not valid JSON: ${error instanceof Error ? error.message : String(error)}` } };
    yield { kind: "end", rows: 0, bytes };
    return;
  }
  const items = listOf(parsed);
  const flat = items.map((item) => flatten(item));
  const header = [...new Set(flat.flatMap((row) => Object.keys(row)))];
  yield { kind: "header", fields: header, line: 1 };
  const records: CsvRecord[] = flat.map((row, index) => ({ row: index + 1, line: index + 2, fields: header.map((key) => row[key] ?? "") }));
  for (let start = 0; start < records.length; start += 1000) yield { kind: "records", records: records.slice(start, start + 1000) };
  yield { kind: "end", rows: records.length, bytes };
}

/** The list of requests: the top-level array, or the first array property of an object (`{ "requests": [...] }`). */
function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === "object") {
    const list = Object.values(value).find(Array.isArray);
    if (list) return list;
    return [value];
  }
  return [];
}

function flatten(value: unknown, prefix = "", out: Record<string, string> = {}): Record<string, string> {
  if (value === null || value === undefined) {
    if (prefix) out[prefix] = "";
  } else if (Array.isArray(value)) {
    out[prefix || "value"] = value.map((item) => (item !== null && typeof item === "object" ? JSON.stringify(item) : String(item))).join("; ");
  } else if (typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out[prefix || "value"] = String(value);
  }
  return out;
}
