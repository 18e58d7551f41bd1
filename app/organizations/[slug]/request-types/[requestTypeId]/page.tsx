import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { decide } from "@/lib/auth/policy";
import { recordIdSchema } from "@/lib/forms/record-id";
import { getOrganizationDetail } from "@/lib/crm/organizations";
import { getRequestTypeForm } from "@/lib/crm/request-types";
import { requirePageViewer } from "@/app/require-viewer";
import { RequestTypePage } from "../request-type-page";

export const metadata: Metadata = { title: "Request type" };
export const dynamic = "force-dynamic";

export default async function EditRequestTypePage({ params }: { params: Promise<{ slug: string; requestTypeId: string }> }) {
  const { slug, requestTypeId } = await params;
  const id = recordIdSchema.safeParse(requestTypeId);
  if (!id.success) notFound();
  const [viewer, organization] = await Promise.all([requirePageViewer(), getOrganizationDetail(slug)]);
  if (!organization || !decide(viewer, "configure", organization.id).ok) notFound();
  const form = await getRequestTypeForm(organization.id, id.data);
  if (!form) notFound();
  return <RequestTypePage organization={organization} requestTypeId={form.id} defaults={form.values} />;
}
