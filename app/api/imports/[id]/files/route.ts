import { NextResponse, type NextRequest } from "next/server";
import * as z from "zod";
import { authorizeImportAccess } from "@/lib/auth/import-access";
import { attachUploadedFile } from "@/lib/imports/import-drafts";
import { fileNameProblem, removeUpload, saveUpload } from "@/lib/uploads/upload-storage";
import { editableStatuses } from "@/lib/jobs/import-status";

// Streaming upload: the request body is the file itself, written to disk as it arrives (a
// server-action body would be buffered and is capped at 1 MB).

const querySchema = z.object({
  name: z.string().trim().min(1).max(255).refine((name) => fileNameProblem(name) === null, { message: "The file name has control characters; rename the file and upload it again." }),
  kind: z.enum(["data", "mapping"]).default("data"),
});

export async function PUT(request: NextRequest, context: { params: Promise<{ id: string }> }) {
  const access = await authorizeImportAccess((await context.params).id, "upload");
  if (!access.ok) return NextResponse.json({ ok: false, reason: access.reason }, { status: access.status });
  const { job } = access;
  const query = querySchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!query.success) return NextResponse.json({ ok: false, reason: query.error.issues[0]?.message ?? "Bad request." }, { status: 400 });
  if (!editableStatuses.has(job.status)) return NextResponse.json({ ok: false, reason: `Import #${job.id} is ${job.status}; files can no longer change.` }, { status: 409 });
  if (!request.body) return NextResponse.json({ ok: false, reason: `${query.data.name} is empty.` }, { status: 400 });
  // A body cut short on its way (a proxy's buffer, a dropped connection) is refused, never stored as a shorter file.
  const length = Number(request.headers.get("content-length") ?? Number.NaN);
  const saved = await saveUpload({ jobId: job.id, fileName: query.data.name, body: request.body, expectedBytes: Number.isSafeInteger(length) && length >= 0 ? length : null });
  if (!saved.ok) return NextResponse.json(saved, { status: 413 });
  // No orphan: the bytes go when the file cannot be recorded.
  const file = await attachUploadedFile(job.id, query.data.kind, query.data.name, saved.upload, access.viewer.userId).catch(async (error: unknown) => {
    await removeUpload(saved.upload.storageKey);
    throw error;
  });
  return NextResponse.json({ ok: true, file });
}
