import type { Metadata } from "next";
import { requirePortalViewer } from "@/app/require-viewer";
import { listOrganizationsForViewer } from "@/lib/crm/organizations";
import { getEnv } from "@/lib/env";
import { NewImportForm } from "@/components/upload/new-import-form";
import { NewImportActionsProvider, type NewImportActions } from "@/components/upload/new-import-actions";
import { prepareImportAction } from "@/app/imports/[id]/columns/actions";
import { createImportJobAction, getOrgConfigAction } from "@/app/imports/new/actions";

export const metadata: Metadata = { title: "Upload files" };
export const dynamic = "force-dynamic";

// The staff upload flow and its actions (each asks the policy: a customer may upload to its own
// organization); only where it goes next differs.
const actions: NewImportActions = { createImportJob: createImportJobAction, getOrgConfig: getOrgConfigAction, prepareImport: prepareImportAction };

export default async function PortalUploadPage() {
  const organizations = await listOrganizationsForViewer(await requirePortalViewer());
  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Upload files</h1>
        <p className="text-sm text-muted-foreground">
          One or more CSV files of service requests, as your system exported them, and the request-type mapping file if your types have old names. Every row is checked; nothing is imported until your SeeClickFix contact does it.
        </p>
      </div>
      <NewImportActionsProvider actions={actions}>
        <NewImportForm organizations={organizations.map((o) => ({ id: o.id, name: o.name, slug: o.slug }))} maxBytes={getEnv().UPLOAD_MAX_BYTES} reviewPath="/portal/imports" />
      </NewImportActionsProvider>
    </div>
  );
}
