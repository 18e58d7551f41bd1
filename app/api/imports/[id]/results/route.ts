import { NextResponse } from "next/server";
import { authorizeImportAccess } from "@/lib/auth/import-access";
import { getImportCounts } from "@/lib/imports/import-counts";
import { importResultsCsv } from "@/lib/imports/results-csv";
import { attachmentDisposition } from "@/lib/uploads/content-disposition";
import { recordAuditEvent } from "@/lib/auth/audit-log";

/** The import's counts and outcomes as CSV: the same numbers as its cards and results page. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  const access = await authorizeImportAccess((await context.params).id, "download");
  if (!access.ok) return NextResponse.json({ ok: false, reason: access.reason }, { status: access.status });
  const { job } = access;
  const counts = await getImportCounts(job.id);
  if (!counts) return NextResponse.json({ ok: false, reason: `There is no import #${job.id}.` }, { status: 404 });
  await recordAuditEvent({ action: "results.downloaded", actorId: access.viewer.userId, importJobId: job.id, summary: "Downloaded the results" });
  return new Response(importResultsCsv(counts), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": attachmentDisposition(`import-${job.id}-results.csv`), "cache-control": "no-store" },
  });
}
