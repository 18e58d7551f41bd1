import { NextResponse } from "next/server";
import { authorizeImportAccess } from "@/lib/auth/import-access";
import { getImportProgress } from "@/lib/imports/progress";


/** The job's live progress, polled by the review and progress views. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  const access = await authorizeImportAccess((await context.params).id, "view");
  if (!access.ok) return NextResponse.json({ ok: false, reason: access.reason }, { status: access.status });
  const { job } = access;
  const progress = await getImportProgress(job.id);
  return NextResponse.json({ ok: true, progress }, { headers: { "cache-control": "no-store" } });
}
