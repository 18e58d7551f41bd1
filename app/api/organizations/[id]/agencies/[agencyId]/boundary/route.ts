import { NextResponse, type NextRequest } from "next/server";
import * as z from "zod";
import { authorize } from "@/lib/auth/viewer";
import { recordIdSchema } from "@/lib/forms/record-id";
import { clearAgencyBoundary, saveAgencyBoundary } from "@/lib/crm/agency-boundary";
import { recheckAfterSettingsChange } from "@/lib/imports/settings-recheck";

// An agency's boundary (issue #15). The body is the GeoJSON itself: a detailed city boundary is
// several MB, past a server action's 1 MB body.

const MAX_BYTES = 20 * 1024 * 1024;
const paramsSchema = z.object({ id: recordIdSchema, agencyId: recordIdSchema });
type Context = { params: Promise<{ id: string; agencyId: string }> };

const notFound = () => NextResponse.json({ ok: false, reason: "No such agency." }, { status: 404 });
const refused = (access: { reason: string; status: number }) => NextResponse.json({ ok: false, reason: access.reason }, { status: access.status });

/** Checks the GeoJSON in the body and, without an error, saves it as the agency's boundary. */
export async function PUT(request: NextRequest, context: Context) {
  const params = paramsSchema.safeParse(await context.params);
  if (!params.success) return notFound();
  const access = await authorize("configure", params.data.id);
  if (!access.ok) return refused(access);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BYTES) return NextResponse.json({ ok: false, reason: "The GeoJSON is larger than 20 MB: simplify the boundary first.", faults: [] }, { status: 413 });
  const text = await request.text();
  if (text.length > MAX_BYTES) return NextResponse.json({ ok: false, reason: "The GeoJSON is larger than 20 MB: simplify the boundary first.", faults: [] }, { status: 413 });
  const result = await saveAgencyBoundary(params.data.id, params.data.agencyId, text, access.viewer.userId);
  if (result.ok) await recheckAfterSettingsChange(params.data.id, { userId: access.viewer.userId, change: "an agency boundary saved" });
  return NextResponse.json(result, { status: result.ok ? 200 : result.faults.length ? 422 : 404 });
}

/** Removes the agency's boundary. */
export async function DELETE(_request: NextRequest, context: Context) {
  const params = paramsSchema.safeParse(await context.params);
  if (!params.success) return notFound();
  const access = await authorize("configure", params.data.id);
  if (!access.ok) return refused(access);
  const cleared = await clearAgencyBoundary(params.data.id, params.data.agencyId, access.viewer.userId);
  if (cleared) await recheckAfterSettingsChange(params.data.id, { userId: access.viewer.userId, change: "an agency boundary removed" });
  return cleared ? NextResponse.json({ ok: true }) : NextResponse.json({ ok: false, reason: "No such agency." }, { status: 404 });
}
