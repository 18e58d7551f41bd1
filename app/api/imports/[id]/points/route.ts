import { NextResponse } from "next/server";
import { authorizeImportAccess } from "@/lib/auth/import-access";
import { importPointsJson } from "@/lib/imports/review-points";

/** Points and boundaries for the review map. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  const access = await authorizeImportAccess((await context.params).id, "view");
  if (!access.ok) return NextResponse.json({ ok: false, reason: access.reason }, { status: access.status });
  const { pointsJson, ...rest } = await importPointsJson(access.job.id);
  // The points' JSON as Postgres wrote it, not parsed and stringified again.
  const body = `{"ok":true,"points":${pointsJson},${JSON.stringify(rest).slice(1)}`;
  return new Response(body, { headers: { "content-type": "application/json" } });
}
