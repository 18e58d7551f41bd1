import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { authorizeImportAccess } from "@/lib/auth/import-access";
import { getOrganizationConfig } from "@/lib/crm/organizations";
import { loadColumnStep } from "@/lib/imports/source-profiles";
import { editableStatuses } from "@/lib/jobs/import-status";
import { ColumnActionsProvider, type ColumnActions } from "@/components/columns/column-actions";
import { MatchColumnsStep } from "@/components/columns/match-columns-step";
import { requirePageViewer } from "@/app/require-viewer";
import { applyColumnsAction } from "./actions";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Match columns · import #${(await params).id}` };
}

const actions: ColumnActions = { applyColumns: applyColumnsAction };

export default async function MatchColumnsPage({ params }: Params) {
  await requirePageViewer(); // staff only: a customer's own step is /portal/imports/[id]/columns
  const access = await authorizeImportAccess((await params).id, "upload");
  if (access.ok === false && access.status === 401) redirect("/sign-in");
  if (!access.ok) notFound();
  const { job } = access;
  if (!editableStatuses.has(job.status)) redirect(`/imports/${job.id}`);
  const [files, config] = await Promise.all([loadColumnStep(job.id), getOrganizationConfig(job.organizationId)]);
  if (!config) notFound();
  if (!files.some((file) => file.proposal.profile !== null)) redirect(`/imports/${job.id}`);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Match columns</h1>
        <p className="text-sm text-muted-foreground">
          Import #{job.id} for {config.organization.name}. These files are not in the import format: say where each column comes from. Nothing in the files is changed, and
          every column without a place here is kept in an internal comment.
        </p>
      </div>
      <ColumnActionsProvider actions={actions}>
        <MatchColumnsStep jobId={job.id} files={files} config={config} />
      </ColumnActionsProvider>
    </div>
  );
}
