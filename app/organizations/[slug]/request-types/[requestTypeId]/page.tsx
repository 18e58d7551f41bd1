import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { decide } from "@/lib/auth/policy";
import { recordIdSchema } from "@/lib/forms/record-id";
import { getOrganizationDetail } from "@/lib/crm/organizations";
import { getRequestTypeForm } from "@/lib/crm/request-types";
import { requirePageViewer } from "@/app/require-viewer";
import { safeBackPath } from "@/lib/forms/back-path";
import { RequestTypePage } from "../request-type-page";

export const metadata: Metadata = { title: "Request type" };
export const dynamic = "force-dynamic";

export default async function EditRequestTypePage({ params, searchParams }: { params: Promise<{ slug: string; requestTypeId: string }>; searchParams: Promise<{ question?: string; back?: string }> }) {
  const [{ slug, requestTypeId }, { question, back }] = await Promise.all([params, searchParams]);
  const id = recordIdSchema.safeParse(requestTypeId);
  if (!id.success) notFound();
  const [viewer, organization] = await Promise.all([requirePageViewer(), getOrganizationDetail(slug)]);
  if (!organization || !decide(viewer, "configure", organization.id).ok) notFound();
  const form = await getRequestTypeForm(organization.id, id.data);
  if (!form) notFound();
  // ?question= comes from a review's unknown_question ("add this question to …"): a new text question, to finish and save.
  const text = typeof question === "string" ? question.trim().slice(0, 500) : "";
  const adding = text !== "" && !form.values.questions.some((existing) => existing.text === text);
  const defaults = adding ? { ...form.values, questions: [...form.values.questions, { id: "", text, kind: "text" as const, required: false, optionsText: "" }] } : form.values;
  return <RequestTypePage organization={organization} requestTypeId={form.id} defaults={defaults} savedTitle={form.values.title} back={safeBackPath(back)} />;
}
