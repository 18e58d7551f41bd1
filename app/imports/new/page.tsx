import type { Metadata } from "next";
import { requirePageViewer } from "@/app/require-viewer";
import { listOrganizationsForViewer } from "@/lib/crm/organizations";
import { getEnv } from "@/lib/env";
import { NewImportForm } from "@/components/upload/new-import-form";
import { NewImportActionsProvider, type NewImportActions } from "@/components/upload/new-import-actions";
import { prepareImportAction } from "../[id]/columns/actions";
import { createImportJobAction, getOrgConfigAction } from "./actions";

export const metadata: Metadata = { title: "New import" };
export const dynamic = "force-dynamic";

// The form reaches the server only through these (ADR 0011).
const actions: NewImportActions = { createImportJob: createImportJobAction, getOrgConfig: getOrgConfigAction, prepareImport: prepareImportAction };

export default async function NewImportPage() {
  const organizations = await listOrganizationsForViewer(await requirePageViewer());
  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">New import</h1>
        <p className="text-sm text-muted-foreground">
          Upload the city&apos;s export: one or more CSV files in the import format or as another system exported them (Accela PublicStuff, Web Central CRT, Open311, SeeClickFix, NYC or Boston open data, or any CSV: you match its columns next), and the request-type mapping file if its types have old names.
        </p>
      </div>
      <NewImportActionsProvider actions={actions}>
        <NewImportForm organizations={organizations.map((o) => ({ id: o.id, name: o.name, slug: o.slug }))} maxBytes={getEnv().UPLOAD_MAX_BYTES} />
      </NewImportActionsProvider>
    </div>
  );
}
