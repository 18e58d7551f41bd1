import type { Metadata } from "next";
import Link from "next/link";
import { FileUp, Plus } from "lucide-react";
import { requirePageViewer } from "@/app/require-viewer";
import { listImportJobs } from "@/lib/imports/import-jobs";
import { activeStatuses } from "@/lib/jobs/import-status";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ImportJobsTable } from "@/components/imports/import-jobs-table";
import { AutoRefresh } from "@/components/imports/auto-refresh";
import { JobActionsProvider, type JobActions } from "@/components/imports/job-actions";
import { cancelImportAction, rollbackImportAction } from "./[id]/actions";
import { discardImportAction } from "./actions";

export const metadata: Metadata = { title: "Imports" };
export const dynamic = "force-dynamic";

// The table's buttons reach the server only through these (ADR 0011).
const jobActions: JobActions = { cancelImport: cancelImportAction, rollbackImport: rollbackImportAction, discardImport: discardImportAction };

export default async function ImportsPage() {
  const jobs = await listImportJobs(await requirePageViewer());
  const moving = jobs.some((job) => activeStatuses.has(job.status));
  return (
    <div className="flex flex-col gap-6">
      <AutoRefresh active={moving} />
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Imports</h1>
          <p className="text-sm text-muted-foreground">Service-request history on its way into the SeeClickFix 311 CRM.</p>
        </div>
        <Button asChild>
          <Link href="/imports/new">
            <Plus aria-hidden className="size-4" />
            New import
          </Link>
        </Button>
      </div>
      {jobs.length === 0 ? (
        <EmptyState icon={<FileUp className="size-10" />} title="No imports yet" action={
          <Button asChild>
            <Link href="/imports/new">Start your first import</Link>
          </Button>
        }>
          <p>
            Upload a city&apos;s CSV export (and a request-type mapping file if its types have old names). Every rule of the
            import format is checked; you fix problems in a grid or on a map, download an error report for the customer, and
            queue the import when it is clean.
          </p>
        </EmptyState>
      ) : (
        <JobActionsProvider actions={jobActions}>
          <ImportJobsTable jobs={jobs} />
        </JobActionsProvider>
      )}
    </div>
  );
}
