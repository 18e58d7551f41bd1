#!/usr/bin/env node
// `npm start`'s web server (see lib/runtime/web-server.ts), from a bundle of the sources: see
// compiled-entry.mjs. React and Next read NODE_ENV when they load: this is the built app.
import { importEntry } from "./compiled-entry.mjs";

process.env.NODE_ENV = "production";
await importEntry("lib/runtime/web-server-main.ts");
