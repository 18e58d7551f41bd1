import { NextResponse } from "next/server";
import { authorizeImportAccess } from "@/lib/auth/import-access";
import { newUsersCsvForJob } from "@/lib/imports/results-csv";
import { attachmentDisposition } from "@/lib/uploads/content-disposition";


/** The users an import created, as CSV, for the later invitation task. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  const access = await authorizeImportAccess((await context.params).id, "download");
  if (!access.ok) return NextResponse.json({ ok: false, reason: access.reason }, { status: access.status });
  const { job } = access;
  return new Response(await newUsersCsvForJob(job.id), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": attachmentDisposition(`import-${job.id}-new-users.csv`), "cache-control": "no-store" },
  });
}
