import { NextResponse } from "next/server";
import { authorizeImportAccess } from "@/lib/auth/import-access";
import { listImportPoints } from "@/lib/imports/review-points";


/** Points and boundaries for the review map. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  const access = await authorizeImportAccess((await context.params).id, "view");
  if (!access.ok) return NextResponse.json({ ok: false, reason: access.reason }, { status: access.status });
  const { job } = access;
  return NextResponse.json({ ok: true, ...(await listImportPoints(job.id)) });
}
