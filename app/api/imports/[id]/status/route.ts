import { NextResponse } from "next/server";
import { z } from "zod";
import { canAccessOrganization, getViewer } from "@/lib/auth/viewer";
import { getImportJobAccess } from "@/lib/imports/import-drafts";
import { getJobProgress } from "@/lib/imports/job-progress";

const paramsSchema = z.object({ id: z.coerce.number().int().positive() });

/** The job's live progress, polled by the review and progress views. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  const viewer = await getViewer();
  if (!viewer) return NextResponse.json({ ok: false, reason: "Sign in first." }, { status: 401 });
  const params = paramsSchema.safeParse(await context.params);
  if (!params.success) return NextResponse.json({ ok: false, reason: "Bad request." }, { status: 400 });
  const job = await getImportJobAccess(params.data.id);
  if (!job || !canAccessOrganization(viewer, job.organizationId)) return NextResponse.json({ ok: false, reason: "No such import." }, { status: 404 });
  const progress = await getJobProgress(job.id);
  return NextResponse.json({ ok: true, progress }, { headers: { "cache-control": "no-store" } });
}
