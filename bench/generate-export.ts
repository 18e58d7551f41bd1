/**
 * Another system's export of the same rows as a canonical bench file, for the "Match columns"
 * step at scale (issue #12): the fixed columns renamed as a city's CRM names them, and every
 * timestamp written as a naive US 12-hour local time (`03/01/2023 09:15:00 AM`: the canonical
 * value's wall time, its offset and fraction dropped). The question, comment, acknowledgement and
 * auto-assignment columns keep the format's names, which inference takes as they are. No built-in
 * profile knows the header, so the upload goes through inference and the step.
 *
 *   npx tsx bench/generate-export.ts IN.csv -o OUT.csv
 *
 * Streamed like generate-canonical.ts's stripOffsetsCsv: flat memory whatever the size.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { rewriteByLines } from "./generate-canonical.ts";

export const exportHeaderNames: Readonly<Record<string, string>> = {
  lat: "Latitude",
  lng: "Longitude",
  address: "Street Address",
  request_type: "Request Category",
  summary: "Subject",
  description: "Details",
  reporter_email: "Contact Email",
  created_at: "Date Opened",
  closed_at: "Date Closed",
};

const isoPattern = /(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[+-]\d{2}:\d{2}|Z)?/g;

/** `2023-03-01T13:15:00-05:00` → `03/01/2023 01:15:00 PM`. */
export function usLocalTime(_match: string, year: string, month: string, day: string, hour: string, minute: string, second: string): string {
  const h = Number(hour);
  return `${month}/${day}/${year} ${String(h % 12 === 0 ? 12 : h % 12).padStart(2, "0")}:${minute}:${second} ${h < 12 ? "AM" : "PM"}`;
}

export async function exportShapedCsv(input: string, output: string): Promise<{ records: number; bytes: number }> {
  let records = 0;
  let header = true;
  const bytes = await rewriteByLines(input, output, (text) => {
    if (header) {
      header = false;
      const end = text.indexOf("\n");
      const names = text.slice(0, end).replace(/\r$/, "").split(",").map((name) => exportHeaderNames[name] ?? name);
      text = `${names.join(",")}\r\n${text.slice(end + 1)}`;
    }
    for (let at = text.indexOf("\r\n"); at >= 0; at = text.indexOf("\r\n", at + 2)) records++;
    return text.replace(isoPattern, usLocalTime);
  });
  return { records: records - 1, bytes };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [input, flag, output] = process.argv.slice(2);
  if (!input || flag !== "-o" || !output) {
    process.stderr.write("usage: npx tsx bench/generate-export.ts IN.csv -o OUT.csv\n");
    process.exit(2);
  }
  const { records, bytes } = await exportShapedCsv(input, output);
  process.stderr.write(`wrote ${records} records (${(bytes / 1e6).toFixed(1)} MB) to ${output}\n`);
}
