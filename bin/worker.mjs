#!/usr/bin/env node
// `npm run worker`: one import worker process (see lib/runtime/worker-main.ts), from a bundle of the
// sources: see compiled-entry.mjs.
import { importEntry } from "./compiled-entry.mjs";

await importEntry("lib/runtime/worker-main.ts");
