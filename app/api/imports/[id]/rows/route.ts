import { NextResponse, type NextRequest } from "next/server";
import { headers } from "next/headers";
import { getSessionCookie } from "better-auth/cookies";
import * as z from "zod";
import { authorizeImportAccess } from "@/lib/auth/import-access";
import { locateImportRow, readRowPage } from "@/lib/imports/review";
import { bigRecordIdSchema, recordIdSchema } from "@/lib/forms/record-id";

const querySchema = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  onlyErrors: z.enum(["1", "0"]).optional().transform((value) => value === "1"),
  code: z.string().max(64).optional(),
  column: z.string().max(300).optional(),
  fileId: recordIdSchema.optional(),
  sort: z.enum(["row", "errors", "warnings"]).default("row"),
  direction: z.enum(["asc", "desc"]).default("asc"),
  withTotal: z.enum(["1", "0"]).default("1").transform((value) => value === "1"),
  /** A row id: answer its position in the default order instead of a page. */
  locate: bigRecordIdSchema.optional(),
});

/** A page of an import's rows for the review grid. */
export async function GET(request: NextRequest, context: { params: Promise<{ id: string }> }) {
  // Not behind the proxy (proxy.ts): its cheap refusal of a request without a session cookie is here.
  if (!getSessionCookie(await headers())) return NextResponse.json({ ok: false, reason: "Sign in first." }, { status: 401 });
  const access = await authorizeImportAccess((await context.params).id, "view");
  if (!access.ok) return NextResponse.json({ ok: false, reason: access.reason }, { status: access.status });
  const { job } = access;
  const query = querySchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!query.success) return NextResponse.json({ ok: false, reason: "Bad request." }, { status: 400 });
  if (query.data.locate) {
    const offset = await locateImportRow(job.id, BigInt(query.data.locate));
    return offset === null ? NextResponse.json({ ok: false, reason: "No such row." }, { status: 404 }) : NextResponse.json({ ok: true, offset });
  }
  // The rows come as Postgres wrote their JSON: parsed and written again here, they cost the
  // server more than the query. Not gzipped (no-transform): a page is ~50 KB, and compressing it
  // took ~2 ms of the server's one thread a page, the largest part of a page's cost when the grid
  // asks for many at once (ADR 0022, bench:pages).
  const page = await readRowPage(job, query.data);
  return new Response(`{"ok":true,"total":${page.total},"rows":${page.rowsJson}}`, {
    headers: { "content-type": "application/json", "cache-control": "private, no-store, no-transform" },
  });
}
