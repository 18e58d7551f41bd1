import { NextResponse, type NextRequest } from "next/server";
import * as z from "zod";
import { authorize } from "@/lib/auth/viewer";
import { recordIdSchema } from "@/lib/forms/record-id";
import { getOrganizationConfig } from "@/lib/crm/organizations";
import { applyOrgConfig, previewOrgConfig } from "@/lib/crm/org-config-store";
import { parseOrgConfig } from "@/lib/org/org-config-schema";
import { recheckAfterSettingsChange } from "@/lib/imports/settings-recheck";
import { attachmentDisposition } from "@/lib/uploads/content-disposition";

// The whole organization as the configuration file of contract §1 (issue #15): download it, or
// upload one to see what it would change and then apply it, all or nothing, as `org apply` does.
// A body, not a server action: boundaries make the file several MB.

const MAX_BYTES = 20 * 1024 * 1024;
const paramsSchema = z.object({ id: recordIdSchema });
const querySchema = z.object({ apply: z.enum(["0", "1"]).default("0") });
type Context = { params: Promise<{ id: string }> };

const json = (body: unknown, status = 200) => NextResponse.json(body, { status });

/** The organization's configuration file. */
export async function GET(_request: NextRequest, context: Context) {
  const params = paramsSchema.safeParse(await context.params);
  if (!params.success) return json({ ok: false, reason: "No such organization." }, 404);
  const access = await authorize("configure", params.data.id);
  if (!access.ok) return json({ ok: false, reason: access.reason }, access.status);
  const config = await getOrganizationConfig(params.data.id);
  if (!config) return json({ ok: false, reason: "No such organization." }, 404);
  return new NextResponse(`${JSON.stringify(config, null, 2)}\n`, {
    headers: { "content-type": "application/json; charset=utf-8", "content-disposition": attachmentDisposition(`${config.organization.slug}.json`) },
  });
}

/** `?apply=0` (the default): what the file would change. `?apply=1`: apply it. */
export async function POST(request: NextRequest, context: Context) {
  const params = paramsSchema.safeParse(await context.params);
  if (!params.success) return json({ ok: false, reason: "No such organization." }, 404);
  const access = await authorize("configure", params.data.id);
  if (!access.ok) return json({ ok: false, reason: access.reason }, access.status);
  const query = querySchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!query.success) return json({ ok: false, reason: "Bad request." }, 400);
  const text = await request.text();
  if (text.length > MAX_BYTES) return json({ ok: false, reason: "The file is larger than 20 MB." }, 413);
  // A preview that finds problems did its job (200); an apply that is refused did not (422).
  const refused = query.data.apply === "1" ? 422 : 200;
  let input: unknown;
  try {
    input = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    return json({ ok: false, reason: `The file is not JSON: ${error instanceof Error ? error.message : String(error)}.`, problems: [] }, refused);
  }
  const parsed = parseOrgConfig(input);
  if (!parsed.ok) return json({ ok: false, reason: `The file has ${parsed.problems.length} problem${parsed.problems.length === 1 ? "" : "s"}; nothing was changed.`, problems: parsed.problems }, refused);
  const current = await getOrganizationConfig(params.data.id);
  if (!current) return json({ ok: false, reason: "No such organization." }, 404);
  if (parsed.config.organization.slug !== current.organization.slug) {
    return json({ ok: false, reason: `This file is for the organization \`${parsed.config.organization.slug}\`, not \`${current.organization.slug}\`; nothing was changed.`, problems: [] }, refused);
  }
  const summary = query.data.apply === "1" ? await applyOrgConfig(parsed.config, access.viewer.userId) : await previewOrgConfig(parsed.config);
  if (query.data.apply === "1") await recheckAfterSettingsChange(params.data.id, { userId: access.viewer.userId, change: "settings file applied" });
  return json({ ok: true, applied: query.data.apply === "1", summary });
}
