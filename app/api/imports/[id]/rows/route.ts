import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { canAccessOrganization, getViewer } from "@/lib/auth/viewer";
import { getImportJobAccess } from "@/lib/imports/import-drafts";
import { listImportRows } from "@/lib/imports/review";

const paramsSchema = z.object({ id: z.coerce.number().int().positive() });
const querySchema = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  onlyErrors: z.enum(["1", "0"]).optional().transform((value) => value === "1"),
  code: z.string().max(64).optional(),
  column: z.string().max(300).optional(),
  fileId: z.coerce.number().int().positive().optional(),
  sort: z.enum(["row", "errors", "warnings"]).default("row"),
  direction: z.enum(["asc", "desc"]).default("asc"),
});

/** A page of an import's rows for the review grid. */
export async function GET(request: NextRequest, context: { params: Promise<{ id: string }> }) {
  const viewer = await getViewer();
  if (!viewer) return NextResponse.json({ ok: false, reason: "Sign in first." }, { status: 401 });
  const params = paramsSchema.safeParse(await context.params);
  const query = querySchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!params.success || !query.success) return NextResponse.json({ ok: false, reason: "Bad request." }, { status: 400 });
  const job = await getImportJobAccess(params.data.id);
  if (!job || !canAccessOrganization(viewer, job.organizationId)) return NextResponse.json({ ok: false, reason: "No such import." }, { status: 404 });
  const page = await listImportRows(job.id, query.data);
  return NextResponse.json({ ok: true, ...page });
}
