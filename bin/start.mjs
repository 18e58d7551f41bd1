#!/usr/bin/env node
// `npm start` (and `npm run dev` with --dev): see lib/runtime/start.ts.
import "./register.mjs";

const { start } = await import("../lib/runtime/start.ts");
await start({ dev: process.argv.includes("--dev") });
