import { readCsv, type CsvRecord } from "../read/read-csv.ts";
import { bytesSource } from "../read/source.ts";

/** A CSV text's header and records as the reader makes them (with their bytes), for tests. */
export async function recordsOf(text: string): Promise<{ header: string[]; records: CsvRecord[] }> {
  let header: string[] = [];
  const records: CsvRecord[] = [];
  for await (const e of readCsv(bytesSource(text))) {
    if (e.kind === "header") header = e.fields;
    if (e.kind === "records") records.push(...e.records);
  }
  return { header, records };
}
