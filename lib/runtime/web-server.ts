import http from "node:http";
import next from "next";
import { createDb, fillPool } from "../db/client.ts";
import { getEnv } from "../env.ts";
import { projectRoot } from "../utils/project-root.ts";
import { rowPageListener } from "./row-page-listener.ts";
import { defaultProxyHops, vouchForClient } from "./client-address.ts";
import { webPoolWarmUp } from "./warm-web-pool.ts";

/**
 * `npm start`'s web server (ADR 0024): the built app's Next request handler, behind a Node HTTP
 * server that answers the review grid's row pages for a live session first (row-page-listener.ts).
 * Everything else is Next's, as under `next start`.
 */
export async function startWebServer(options: { port: number; hostname: string }): Promise<http.Server> {
  const app = next({ dev: false, dir: projectRoot, hostname: options.hostname, port: options.port });
  const handleWithNext = app.getRequestHandler();
  await app.prepare();
  // The row pages' own connections, apart from Next's (instrumentation.ts opens those): a burst of
  // pages cannot take the ones the app's other pages and actions use, and this bundle's copy of
  // the data code keeps its own state beside Next's.
  const db = createDb(getEnv().DATABASE_URL, { keepOpen: true });
  fillPool(db, webPoolWarmUp).catch((error: unknown) => console.warn(`Could not open the row pages' database connections ahead of requests: ${error instanceof Error ? error.message : String(error)}`));
  // As `next start` does around the same handler: a request it fails is a logged 500, not an
  // unhandled rejection that ends the process.
  const toNext = (request: http.IncomingMessage, response: http.ServerResponse) =>
    void handleWithNext(request, response).catch((error: unknown) => {
      console.error(`Failed to handle request for ${request.url}:`, error);
      if (response.headersSent) return void response.destroy();
      response.statusCode = 500;
      response.end("Internal Server Error");
    });
  const listener = rowPageListener(db, toNext);
  const hops = getEnv().TRUST_PROXY_HOPS ?? defaultProxyHops(options.hostname);
  // The sign-in limiter and the sessions read the client's address from X-Forwarded-For: only the one this server can vouch for.
  const server = http.createServer((request, response) => {
    vouchForClient(request, hops);
    listener(request, response);
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(options.port, options.hostname, resolve));
  // As `next start`: requests under way finish (for a few seconds at most), then the process ends.
  const stop = async () => {
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeIdleConnections();
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    await Promise.allSettled([app.close(), db.$disconnect()]);
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop());
  process.once("SIGINT", () => void stop());
  return server;
}
