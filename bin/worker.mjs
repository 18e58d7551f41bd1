#!/usr/bin/env node
// `npm run worker`: one import worker process (see lib/jobs/worker-main.ts).
import "./register.mjs";

await import("../lib/jobs/worker-main.ts");
