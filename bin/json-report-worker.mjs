// The worker thread that writes a big JSON report for `bulk-import validate`
// (lib/cli/json-report-worker.ts), from a bundle of the sources: see compiled-entry.mjs.
import { importEntry } from "./compiled-entry.mjs";

await importEntry("lib/cli/json-report-worker.ts");
