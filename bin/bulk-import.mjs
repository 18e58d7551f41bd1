#!/usr/bin/env node
// Starts the bulk-import CLI straight from TypeScript sources (no build step), through tsx.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../lib/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
