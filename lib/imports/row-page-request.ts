import "server-only";
import * as z from "zod";
import type { Db } from "../db/client.ts";
import type { ImportAccess } from "../auth/import-access.ts";
import { bigRecordIdSchema, recordIdSchema } from "../forms/record-id.ts";
import { apiContentSecurityPolicy, hardeningHeaders } from "../utils/security-headers.ts";
import { locateImportRow, readRowPage } from "./review.ts";

// The review grid's row pages (GET /api/imports/:id/rows), answered in two places with this one
// answer: Next's route (app/api/imports/[id]/rows/route.ts) and, for a live session, the web
// server before Next's router (lib/runtime/web-server.ts, ADR 0024).

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

export type RowPageAnswer = { status: number; body: string };

/** Every row-pages answer's headers, whoever sends it: data, not a page, and never stored or compressed. */
export const rowPageHeaders: Readonly<Record<string, string>> = {
  "content-type": "application/json",
  // Not gzipped (no-transform): a page is ~50 KB, and compressing it took ~2 ms of the server's one
  // thread a page, the largest part of a page's cost when the grid asks for many at once (ADR 0022).
  "cache-control": "private, no-store, no-transform",
  "content-security-policy": apiContentSecurityPolicy,
  ...Object.fromEntries(hardeningHeaders.map(({ key, value }) => [key.toLowerCase(), value])),
};

const refusal = (status: number, reason: string): RowPageAnswer => ({ status, body: JSON.stringify({ ok: false, reason }) });

/** The answer to a row-pages request, given the access check's answer and the request's query string. */
export async function answerRowPage(access: ImportAccess, searchParams: URLSearchParams, db?: Db): Promise<RowPageAnswer> {
  if (!access.ok) return refusal(access.status, access.reason);
  const { job } = access;
  const query = querySchema.safeParse(Object.fromEntries(searchParams));
  if (!query.success) return refusal(400, "Bad request.");
  if (query.data.locate) {
    const offset = await locateImportRow(job.id, BigInt(query.data.locate), db);
    return offset === null ? refusal(404, "No such row.") : { status: 200, body: JSON.stringify({ ok: true, offset }) };
  }
  // The rows come as Postgres wrote their JSON: parsed and written again here, they cost the
  // server more than the query.
  const page = await readRowPage(job, query.data, db);
  return { status: 200, body: `{"ok":true,"total":${page.total},"rows":${page.rowsJson}}` };
}
