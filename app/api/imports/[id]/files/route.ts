import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { canAccessOrganization, getViewer } from "@/lib/auth/viewer";
import { attachUploadedFile, getImportJobAccess } from "@/lib/imports/import-drafts";
import { saveUpload } from "@/lib/uploads/upload-storage";

// Streaming upload: the request body is the file itself, written to disk as it arrives (a
// server-action body would be buffered and is capped at 1 MB).

const querySchema = z.object({ name: z.string().trim().min(1).max(255), kind: z.enum(["data", "mapping"]).default("data") });
const paramsSchema = z.object({ id: z.coerce.number().int().positive() });

export async function PUT(request: NextRequest, context: { params: Promise<{ id: string }> }) {
  const viewer = await getViewer();
  if (!viewer) return NextResponse.json({ ok: false, reason: "Sign in first." }, { status: 401 });
  const params = paramsSchema.safeParse(await context.params);
  const query = querySchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!params.success || !query.success) return NextResponse.json({ ok: false, reason: "Give the file's name, e.g. ?name=potholes.csv" }, { status: 400 });
  const job = await getImportJobAccess(params.data.id);
  if (!job || !canAccessOrganization(viewer, job.organizationId)) return NextResponse.json({ ok: false, reason: "No such import." }, { status: 404 });
  if (job.status !== "draft" && job.status !== "ready") return NextResponse.json({ ok: false, reason: `Import #${job.id} is ${job.status}; files can no longer change.` }, { status: 409 });
  if (!request.body) return NextResponse.json({ ok: false, reason: `${query.data.name} is empty.` }, { status: 400 });
  const saved = await saveUpload({ jobId: job.id, fileName: query.data.name, body: request.body });
  if (!saved.ok) return NextResponse.json(saved, { status: 413 });
  const file = await attachUploadedFile(job.id, query.data.kind, query.data.name, saved.upload);
  return NextResponse.json({ ok: true, file });
}
