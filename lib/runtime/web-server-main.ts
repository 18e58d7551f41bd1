import { startWebServer } from "./web-server.ts";

// The web server's process (bin/web-server.mjs), started by `npm start` with PORT and HOST.
process.title = "bulk-import-web";
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "127.0.0.1";
await startWebServer({ port, hostname });
console.log(`Web server ready on http://${hostname}:${port}`);
