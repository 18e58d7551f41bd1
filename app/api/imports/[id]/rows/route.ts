import { headers } from "next/headers";
import { getSessionCookie } from "better-auth/cookies";
import { authorizeImportAccess } from "@/lib/auth/import-access";
import { answerRowPage, rowPageHeaders } from "@/lib/imports/row-page-request";

/**
 * A page of an import's rows for the review grid. `npm start`'s web server answers this itself
 * when the session is live (lib/runtime/web-server.ts, ADR 0024); this route answers the rest (a
 * session better-auth must check, refresh or clear) and every request under `next dev`.
 */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  // Not behind the proxy (proxy.ts): its cheap refusal of a request without a session cookie is here.
  const access = getSessionCookie(await headers()) ? await authorizeImportAccess((await context.params).id, "view") : ({ ok: false, status: 401, reason: "Sign in first." } as const);
  const answer = await answerRowPage(access, new URL(request.url).searchParams);
  return new Response(answer.body, { status: answer.status, headers: rowPageHeaders });
}
