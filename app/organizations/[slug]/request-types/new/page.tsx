import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { decide } from "@/lib/auth/policy";
import { getOrganizationDetail } from "@/lib/crm/organizations";
import { requirePageViewer } from "@/app/require-viewer";
import { safeBackPath } from "@/lib/forms/back-path";
import { RequestTypePage } from "../request-type-page";

export const metadata: Metadata = { title: "New request type" };
export const dynamic = "force-dynamic";

export default async function NewRequestTypePage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ title?: string; back?: string }> }) {
  const [{ slug }, { title, back }] = await Promise.all([params, searchParams]);
  const [viewer, organization] = await Promise.all([requirePageViewer(), getOrganizationDetail(slug)]);
  if (!organization || !decide(viewer, "configure", organization.id).ok) notFound();
  // ?title= comes from a review's unknown request type ("add this request type").
  const defaults = { title: (title ?? "").slice(0, 200), agencyId: "", enabled: true, autoAssignEmail: "", questions: [] };
  return <RequestTypePage organization={organization} requestTypeId={null} defaults={defaults} back={safeBackPath(back)} />;
}
