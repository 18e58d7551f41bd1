import { NextResponse } from "next/server";
import { z } from "zod";
import { canAccessOrganization, getViewer } from "@/lib/auth/viewer";
import { getImportJobAccess } from "@/lib/imports/import-drafts";
import { listImportPoints } from "@/lib/imports/review-points";

const paramsSchema = z.object({ id: z.coerce.number().int().positive() });

/** Points and boundaries for the review map. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  const viewer = await getViewer();
  if (!viewer) return NextResponse.json({ ok: false, reason: "Sign in first." }, { status: 401 });
  const params = paramsSchema.safeParse(await context.params);
  if (!params.success) return NextResponse.json({ ok: false, reason: "Bad request." }, { status: 400 });
  const job = await getImportJobAccess(params.data.id);
  if (!job || !canAccessOrganization(viewer, job.organizationId)) return NextResponse.json({ ok: false, reason: "No such import." }, { status: 404 });
  return NextResponse.json({ ok: true, ...(await listImportPoints(job.id)) });
}
