#!/usr/bin/env node
// Started by Playwright's webServer: see e2e/serve.ts.
import "./register.mjs";

await import("../e2e/serve.ts");
