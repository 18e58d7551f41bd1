import { NextResponse } from "next/server";
import { authorizeImportAccess } from "@/lib/auth/import-access";
import { listImportFixes } from "@/lib/imports/fix-jobs";

/** The import's bulk fixes and their undos with their progress, polled by the review's bulk-fix panel (ADR 0013). */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  const access = await authorizeImportAccess((await context.params).id, "view");
  if (!access.ok) return NextResponse.json({ ok: false, reason: access.reason }, { status: access.status });
  const fixes = await listImportFixes(access.job.id);
  return NextResponse.json({ ok: true, fixes }, { headers: { "cache-control": "no-store" } });
}
