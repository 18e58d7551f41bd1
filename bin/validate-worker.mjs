// A worker thread of `bulk-import validate` on a big file (lib/cli/validate-worker.ts), from a
// bundle of the sources: see compiled-entry.mjs.
import { importEntry } from "./compiled-entry.mjs";

await importEntry("lib/cli/validate-worker.ts");
