import type { Metadata } from "next";
import Link from "next/link";
import { FileUp, Upload } from "lucide-react";
import { requirePortalViewer } from "@/app/require-viewer";
import { listImportJobs } from "@/lib/imports/import-jobs";
import { listOrganizationsForViewer } from "@/lib/crm/organizations";
import { activeStatuses } from "@/lib/jobs/import-status";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PortalUploadsTable } from "@/components/portal/portal-uploads-table";
import { AutoRefresh } from "@/components/imports/auto-refresh";
import { PortalSteps } from "@/components/portal/portal-steps";

export const metadata: Metadata = { title: "Your imports" };
export const dynamic = "force-dynamic";

// The customer portal's home (ADR 0015): their organization, what happens next, their own uploads.
export default async function PortalHomePage() {
  const viewer = await requirePortalViewer();
  const [organizations, jobs] = await Promise.all([listOrganizationsForViewer(viewer), listImportJobs(viewer)]);
  const names = organizations.map((organization) => organization.name).join(", ");
  return (
    <div className="flex flex-col gap-6">
      <AutoRefresh active={jobs.some((job) => activeStatuses.has(job.status))} />
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{names || "Your imports"}</h1>
          <p className="text-sm text-muted-foreground">Prepare your service-request history for the SeeClickFix 311 CRM. Here is what happens next:</p>
        </div>
        <Button asChild>
          <Link href="/portal/imports/new">
            <Upload aria-hidden className="size-4" />
            Upload files
          </Link>
        </Button>
      </div>
      <PortalSteps />
      <h2 className="text-lg font-semibold">Your uploads</h2>
      {jobs.length === 0 ? (
        <EmptyState icon={<FileUp className="size-10" />} title="Nothing uploaded yet" action={
          <Button asChild>
            <Link href="/portal/imports/new">Upload your first file</Link>
          </Button>
        }>
          <p>Upload a CSV export of your service requests. You see every problem in it within a minute or so.</p>
        </EmptyState>
      ) : (
        <PortalUploadsTable jobs={jobs} />
      )}
    </div>
  );
}
