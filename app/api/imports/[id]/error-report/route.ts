import { NextResponse } from "next/server";
import { authorizeImportAccess } from "@/lib/auth/import-access";
import { errorReportCsv } from "@/lib/imports/error-report";
import { receiveFixedErrorReport } from "@/lib/imports/error-report-patch";
import { editableStatuses } from "@/lib/jobs/import-status";
import { attachmentDisposition } from "@/lib/uploads/content-disposition";
import { recordAuditEvent } from "@/lib/auth/audit-log";

/** Downloads the error-report CSV (contract §6), streamed. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  const access = await authorizeImportAccess((await context.params).id, "download");
  if (!access.ok) return NextResponse.json({ ok: false, reason: access.reason }, { status: access.status });
  const report = await errorReportCsv(access.job.id);
  await recordAuditEvent({ action: "error_report.downloaded", actorId: access.viewer.userId, importJobId: access.job.id, summary: `Downloaded the error report (${report.rows.toLocaleString("en-US")} row${report.rows === 1 ? "" : "s"})`, detail: { rows: report.rows } });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await report.chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await report.chunks.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": attachmentDisposition(report.fileName),
      "x-error-rows": String(report.rows),
      "cache-control": "no-store",
    },
  });
}

/** Re-upload of a fixed error report: patches only the rows it lists (body = the CSV); a big import's report is matched by the worker. */
export async function PUT(request: Request, context: { params: Promise<{ id: string }> }) {
  const access = await authorizeImportAccess((await context.params).id, "edit");
  if (!access.ok) return NextResponse.json({ ok: false, reason: access.reason }, { status: access.status });
  const { job, viewer } = access;
  if (!editableStatuses.has(job.status)) return NextResponse.json({ ok: false, reason: `Import #${job.id} is ${job.status}; rows can no longer change.` }, { status: 409 });
  if (!request.body) return NextResponse.json({ ok: false, reason: "The uploaded file is empty." }, { status: 400 });
  // A big import's report is saved for the worker: a body cut short on its way is refused, never matched as a shorter report.
  const length = Number(request.headers.get("content-length") ?? Number.NaN);
  const result = await receiveFixedErrorReport(job.id, request.body, viewer.userId, { expectedBytes: Number.isSafeInteger(length) && length >= 0 ? length : null });
  return NextResponse.json(result, { status: result.ok ? 200 : 422 });
}
