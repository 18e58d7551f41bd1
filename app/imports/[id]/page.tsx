import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { decide } from "@/lib/auth/policy";
import { requirePageViewer } from "@/app/require-viewer";
import { getImportReview, listFileLevelProblems } from "@/lib/imports/review";
import { getImportProgress } from "@/lib/imports/progress";
import { getEnv } from "@/lib/env";
import { ImportStatusBadge } from "@/components/imports/import-status-badge";
import { JobProgressView } from "@/components/imports/job-progress-view";
import { SummaryCards } from "@/components/review/summary-cards";
import { ImportResultsView } from "@/components/imports/import-results";
import { CancelImportButton, DiscardImportButton } from "@/components/imports/job-buttons";
import { getImportResults } from "@/lib/imports/results";
import { getImportCounts } from "@/lib/imports/import-counts";
import { listBlockedFiles } from "@/lib/imports/import-files";
import { BlockedFiles } from "@/components/review/blocked-files";
import { ResumeUpload } from "@/components/upload/resume-upload";
import { canMoveImport, discardableWhenUnqueued, editableStatuses, finishedStatuses, rollbackableStatuses, unvalidatedStatuses } from "@/lib/jobs/import-status";
import { ReviewActionsProvider } from "@/components/review/review-actions";
import { JobActionsProvider, type JobActions } from "@/components/imports/job-actions";
import { TimeZoneProvider } from "@/components/ui/time-zone";
import { Badge } from "@/components/ui/badge";
import { ReviewHeader } from "@/components/review/review-header";
import { QueueImportForm } from "@/components/review/queue-import-form";
import { ErrorReportDownload } from "@/components/review/error-report-download";
import { ErrorReportUpload } from "@/components/review/error-report-upload";
import { cn } from "@/lib/utils/cn";
import { recordIdSchema } from "@/lib/forms/record-id";
import { getSubmission } from "@/lib/imports/submissions";
import { SubmittedNote } from "@/components/portal/portal-steps";
import { formatWithZone } from "@/components/ui/date-time";
import { RecheckNotice } from "@/components/review/recheck-notice";
import { latestRecheck } from "@/lib/imports/fix-jobs";
import { getSettingsSnapshot } from "@/lib/imports/settings-snapshot";
import { cancelImportAction, rollbackImportAction } from "./actions";
import { prepareImportAction } from "./columns/actions";
import { ReviewSection, reviewActions } from "./review-section";
import { discardImportAction } from "../actions";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

const jobActions: JobActions = { cancelImport: cancelImportAction, rollbackImport: rollbackImportAction, discardImport: discardImportAction };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  return { title: `Import #${id}` };
}


export default async function ImportReviewPage({ params }: Params) {
  const id = recordIdSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const [viewer, job] = await Promise.all([requirePageViewer(), getImportReview(id.data)]);
  if (!job || !decide(viewer, "view", job.organization.id).ok) notFound();
  // Read once for the counts and the review section (an old import's report can be big).
  const wholeFileProblems = listFileLevelProblems(job.id);
  const [progress, counts] = await Promise.all([getImportProgress(job.id), getImportCounts(job.id, undefined, wholeFileProblems)]);
  if (!progress || !counts) notFound();
  const env = getEnv();
  const imported = job.queuedAt !== null && finishedStatuses.has(job.status);
  const results = imported ? await getImportResults(job.id) : null;
  const snapshot = results ? await getSettingsSnapshot(job.id) : null; // the settings it was queued with
  const submission = job.queuedAt === null ? await getSubmission(job.id) : null; // a customer's "Submit for review"
  const dataFiles = job.files.filter((file) => file.kind === "data");

  const validated = !unvalidatedStatuses.has(job.status);
  // Under review, the page is a workspace: the grid fills the window under the header.
  const workspace = validated && editableStatuses.has(job.status);
  // A whole-file error blocks the import: its heading says so instead of "Ready to import".
  const blocked = workspace ? await listBlockedFiles(job.id) : [];
  const recheck = workspace ? await latestRecheck(job.id) : null; // after a settings change

  return (
    <JobActionsProvider actions={jobActions}>
      <ReviewActionsProvider actions={reviewActions}>
        <TimeZoneProvider timeZone={job.organization.timezone}>
          <div data-layout="workspace" className={cn("flex flex-col", workspace ? "h-[calc(100dvh-var(--app-header-height))]" : "min-h-[calc(100dvh-var(--app-header-height))]")}>
            <ReviewHeader
              heading={<>Import #{job.id} {blocked.length ? <Badge tone="danger">{plural(blocked.length, "file")} blocked</Badge> : <ImportStatusBadge status={job.status} />}</>}
              details={`${job.organization.name} · ${dataFiles.map((file) => file.name).join(", ") || "no files"}${job.mappingFileName ? ` · mapping ${job.mappingFileName}` : ""}`}
              summary={validated ? <SummaryCards summary={counts} /> : null}
            >
              {validated ? <ErrorReportDownload jobId={job.id} /> : null}
              {workspace ? <ErrorReportUpload jobId={job.id} disabled={false} /> : null}
              {job.queuedAt === null && job.status !== "draft" && discardableWhenUnqueued.has(job.status) ? <DiscardImportButton jobId={job.id} then="/imports" compact /> : null}
              {workspace ? <QueueImportForm jobId={job.id} errorRows={counts.errorRows} errorCount={counts.errors} validRows={counts.validRows} blockedFiles={blocked.map((file) => file.name)} /> : null}
            </ReviewHeader>
            {workspace ? <BlockedFiles jobId={job.id} files={blocked} /> : null}
            {recheck ? <div className="shrink-0 px-3 pt-2"><RecheckNotice jobId={job.id} initial={recheck} /></div> : null}
            {submission ? <div className="shrink-0 px-3 pt-2"><SubmittedNote by={submission.by} at={formatWithZone(submission.submittedAt, job.organization.timezone)} /></div> : null}

            {job.status === "draft" && job.queuedAt === null ? <DraftUpload job={job} /> : null}

            {!editableStatuses.has(job.status) ? (
              <div className="mx-auto flex w-full max-w-7xl flex-col gap-6 px-6 py-6">
                {!editableStatuses.has(job.status) ? (
                  <JobProgressView jobId={job.id} pageStatus={job.status} initial={progress}>
                    {canMoveImport(job.status, "cancelling") ? <CancelImportButton jobId={job.id} /> : null}
                  </JobProgressView>
                ) : null}
                {results ? (
                  <ImportResultsView
                    jobId={job.id}
                    results={results}
                    outcome={counts.outcome}
                    canRollBack={rollbackableStatuses.has(job.status)}
                    tileUrl={env.MAP_TILE_URL}
                    tileAttribution={env.MAP_TILE_ATTRIBUTION}
                    agencies={snapshot ? snapshot.config.agencies.map((agency) => ({ name: agency.name, boundary: agency.boundary ?? null })) : job.organization.agencies}
                    settings={snapshot ? { takenAt: formatWithZone(snapshot.takenAt, job.organization.timezone), downloadable: decide(viewer, "configure", job.organization.id).ok } : null}
                  />
                ) : null}
              </div>
            ) : null}

            {validated ? (
              // Below the results, the rows get a window's height of their own.
              <div className={cn("flex", workspace ? "min-h-0 flex-1" : "h-[calc(100dvh-var(--app-header-height))] shrink-0 border-t border-border")}>
                <ReviewSection job={job} dataFiles={dataFiles} counts={counts} settingsSlug={decide(viewer, "configure", job.organization.id).ok ? job.organization.slug : null} wholeFileProblems={wholeFileProblems} />
              </div>
            ) : null}
          </div>
        </TimeZoneProvider>
      </ReviewActionsProvider>
    </JobActionsProvider>
  );
}


/** A draft: its upload was interrupted, or it waits for its columns to be matched. */
function DraftUpload({ job }: { job: { id: number; files: { name: string; kind: "data" | "mapping"; byteSize: bigint }[] } }) {
  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-6 py-6">
      <ResumeUpload jobId={job.id} received={job.files.map((file) => ({ name: file.name, kind: file.kind, byteSize: Number(file.byteSize) }))} reviewPath="/imports" prepare={prepareImportAction} discard={<DiscardImportButton jobId={job.id} then="/imports" />} />
    </div>
  );
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString("en-US")} ${noun}${count === 1 ? "" : "s"}`;
}
