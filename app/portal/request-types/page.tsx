import type { Metadata } from "next";
import { requirePortalViewer } from "@/app/require-viewer";
import { listRequestTypesForViewer } from "@/lib/crm/request-types";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { RequestTypesTable } from "@/components/settings/request-types-table";

export const metadata: Metadata = { title: "Request types" };
export const dynamic = "force-dynamic";

// The portal's read-only view of the organization's request types and questions (issue #15): what
// a customer's files are checked against. Changing them is the CSM's (the `configure` verb).
export default async function PortalRequestTypesPage() {
  const viewer = await requirePortalViewer();
  const organizations = await listRequestTypesForViewer(viewer);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Request types</h1>
        <p className="text-sm text-muted-foreground">
          Each row of your files needs one of these request types, and the answers to its questions in columns named <span className="font-mono">Q: the question</span>. To add or change one, ask your SeeClickFix contact.
        </p>
      </div>
      {organizations.map((organization) => (
        <Card key={organization.id}>
          <CardHeader>
            <CardTitle>{organization.name}</CardTitle>
            <CardDescription>{organization.requestTypes.length} request types</CardDescription>
          </CardHeader>
          <RequestTypesTable requestTypes={organization.requestTypes} label={`Request types of ${organization.name}`} />
        </Card>
      ))}
    </div>
  );
}
