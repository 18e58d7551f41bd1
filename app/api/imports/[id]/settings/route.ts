import { NextResponse } from "next/server";
import { authorizeImportAccess } from "@/lib/auth/import-access";
import { getSettingsSnapshot } from "@/lib/imports/settings-snapshot";
import { attachmentDisposition } from "@/lib/uploads/content-disposition";

/** The organization's settings as the import was queued (contract §1), for who may configure them. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  const access = await authorizeImportAccess((await context.params).id, "configure");
  if (!access.ok) return NextResponse.json({ ok: false, reason: access.reason }, { status: access.status });
  const snapshot = await getSettingsSnapshot(access.job.id);
  if (!snapshot) return NextResponse.json({ ok: false, reason: "This import was queued before settings were kept with imports." }, { status: 404 });
  return new NextResponse(`${JSON.stringify(snapshot.config, null, 2)}\n`, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": attachmentDisposition(`${snapshot.config.organization.slug}-import-${access.job.id}-settings.json`),
      "cache-control": "no-store",
    },
  });
}
