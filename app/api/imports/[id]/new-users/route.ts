import { NextResponse } from "next/server";
import { authorizeImportAccess } from "@/lib/auth/import-access";
import { newUsersCsvForJob } from "@/lib/imports/results-csv";
import { attachmentDisposition } from "@/lib/uploads/content-disposition";
import { recordAuditEvent } from "@/lib/auth/audit-log";


/** The users an import created, as CSV, for the later invitation task. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  const access = await authorizeImportAccess((await context.params).id, "download");
  if (!access.ok) return NextResponse.json({ ok: false, reason: access.reason }, { status: access.status });
  const { job } = access;
  const csv = await newUsersCsvForJob(job.id);
  await recordAuditEvent({ action: "new_users.downloaded", actorId: access.viewer.userId, importJobId: job.id, summary: "Downloaded the users the import created" });
  return new Response(csv, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": attachmentDisposition(`import-${job.id}-new-users.csv`), "cache-control": "no-store" },
  });
}
