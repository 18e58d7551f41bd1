import type http from "node:http";
import type { Db } from "../db/client.ts";
import { authorizeImportAccessOfLiveSession } from "../auth/import-access.ts";
import { answerRowPage, rowPageHeaders, type RowPageAnswer } from "../imports/row-page-request.ts";

// The review grid's row page answered ahead of Next's router (ADR 0024): the grid asks for up to
// 200 pages at once, and Next's router costs ~2-3 ms of the web server's one thread for any
// request (a static file as much as a page), more than the page's own work.

const rowPagesPath = /^\/api\/imports\/([^/]+)\/rows$/;

/**
 * A request listener that answers `GET /api/imports/:id/rows` for a live session itself, with the
 * route's own answer (lib/imports/row-page-request.ts), and hands every other request to `next`:
 * other paths and methods, and row pages whose session better-auth must answer (no cookie, a bad
 * one, an expired session, one due for its refresh and a new cookie).
 */
export function rowPageListener(db: Db, next: http.RequestListener): http.RequestListener {
  const answerIfLive = async (request: http.IncomingMessage, id: string, search: string): Promise<RowPageAnswer | null> => {
    const cookie = request.headers.cookie;
    if (!cookie) return null;
    const access = await authorizeImportAccessOfLiveSession(id, "view", db, new Headers({ cookie }));
    return access && answerRowPage(access, new URLSearchParams(search), db);
  };
  return (request, response) => {
    const url = request.url ?? "/";
    const queryAt = url.indexOf("?");
    const rowPages = request.method === "GET" ? rowPagesPath.exec(queryAt < 0 ? url : url.slice(0, queryAt)) : null;
    if (!rowPages) return void next(request, response);
    answerIfLive(request, rowPages[1]!, queryAt < 0 ? "" : url.slice(queryAt + 1)).then(
      (answer) => (answer ? send(response, answer) : void next(request, response)),
      (error: unknown) => {
        console.error(`Failed to answer ${url}: ${error instanceof Error ? error.message : String(error)}`);
        send(response, { status: 500, body: JSON.stringify({ ok: false, reason: "The rows could not be read. Try again in a moment." }) });
      },
    );
  };
}

function send(response: http.ServerResponse, answer: RowPageAnswer): void {
  response.writeHead(answer.status, { ...rowPageHeaders, "content-length": Buffer.byteLength(answer.body) }).end(answer.body);
}
