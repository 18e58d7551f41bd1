import { NextResponse } from "next/server";
import { z } from "zod";
import { canAccessOrganization, getViewer } from "@/lib/auth/viewer";
import { getImportJobAccess } from "@/lib/imports/import-drafts";
import { errorReportCsv } from "@/lib/imports/error-report";
import { patchFromErrorReport } from "@/lib/imports/error-report-patch";

const paramsSchema = z.object({ id: z.coerce.number().int().positive() });

/** Downloads the error-report CSV (contract §6), streamed. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  const viewer = await getViewer();
  if (!viewer) return NextResponse.json({ ok: false, reason: "Sign in first." }, { status: 401 });
  const params = paramsSchema.safeParse(await context.params);
  if (!params.success) return NextResponse.json({ ok: false, reason: "Bad request." }, { status: 400 });
  const job = await getImportJobAccess(params.data.id);
  if (!job || !canAccessOrganization(viewer, job.organizationId)) return NextResponse.json({ ok: false, reason: "No such import." }, { status: 404 });
  const report = await errorReportCsv(job.id);
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
      "content-disposition": `attachment; filename="${report.fileName.replace(/"/g, "")}"`,
      "x-error-rows": String(report.rows),
      "cache-control": "no-store",
    },
  });
}

/** Re-upload of a fixed error report: patches only the rows it lists (body = the CSV). */
export async function PUT(request: Request, context: { params: Promise<{ id: string }> }) {
  const viewer = await getViewer();
  if (!viewer) return NextResponse.json({ ok: false, reason: "Sign in first." }, { status: 401 });
  const params = paramsSchema.safeParse(await context.params);
  if (!params.success) return NextResponse.json({ ok: false, reason: "Bad request." }, { status: 400 });
  const job = await getImportJobAccess(params.data.id);
  if (!job || !canAccessOrganization(viewer, job.organizationId)) return NextResponse.json({ ok: false, reason: "No such import." }, { status: 404 });
  if (job.status !== "ready") return NextResponse.json({ ok: false, reason: `Import #${job.id} is ${job.status}; rows can no longer change.` }, { status: 409 });
  if (!request.body) return NextResponse.json({ ok: false, reason: "The uploaded file is empty." }, { status: 400 });
  const result = await patchFromErrorReport(job.id, request.body, viewer.userId);
  return NextResponse.json(result, { status: result.ok ? 200 : 422 });
}
