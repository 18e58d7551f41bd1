import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { requirePortalViewer } from "@/app/require-viewer";
import { authorizeImportAccess } from "@/lib/auth/import-access";
import { getImportReview, listFileLevelProblems } from "@/lib/imports/review";
import { getImportProgress } from "@/lib/imports/progress";
import { getImportCounts } from "@/lib/imports/import-counts";
import { listBlockedFiles } from "@/lib/imports/import-files";
import { BlockedFiles } from "@/components/review/blocked-files";
import { ResumeUpload } from "@/components/upload/resume-upload";
import { prepareImportAction } from "@/app/imports/[id]/columns/actions";
import { Badge } from "@/components/ui/badge";
import { getSubmission } from "@/lib/imports/submissions";
import { reviewingStatuses, unvalidatedStatuses } from "@/lib/jobs/import-status";
import { PortalStatusBadge } from "@/components/portal/portal-status";
import { JobProgressView } from "@/components/imports/job-progress-view";
import { SummaryCards } from "@/components/review/summary-cards";
import { ReviewActionsProvider } from "@/components/review/review-actions";
import { TimeZoneProvider } from "@/components/ui/time-zone";
import { formatWithZone } from "@/components/ui/date-time";
import { ReviewHeader } from "@/components/review/review-header";
import { ErrorReportDownload } from "@/components/review/error-report-download";
import { ErrorReportUpload } from "@/components/review/error-report-upload";
import { cn } from "@/lib/utils/cn";
import { SubmitForReview } from "@/components/portal/submit-for-review";
import { SubmittedNote } from "@/components/portal/portal-steps";
import { ReviewSection, reviewActions } from "@/app/imports/[id]/review-section";
import { submitImportAction } from "./actions";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };


export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Upload #${(await params).id}` };
}


/** A customer's own upload: the same review as staff see, without queue, cancel, roll back or discard. */
export default async function PortalImportPage({ params }: Params) {
  await requirePortalViewer();
  const access = await authorizeImportAccess((await params).id, "view");
  if (access.ok === false && access.status === 401) redirect("/sign-in");
  if (!access.ok) notFound();
  // Read once for the counts and the review section (an old import's report can be big).
  const wholeFileProblems = listFileLevelProblems(access.job.id);
  const [job, progress, submission, counts] = await Promise.all([getImportReview(access.job.id), getImportProgress(access.job.id), getSubmission(access.job.id), getImportCounts(access.job.id, undefined, wholeFileProblems)]);
  if (!job || !progress || !counts) notFound();
  const dataFiles = job.files.filter((file) => file.kind === "data");
  const validated = !unvalidatedStatuses.has(job.status);
  // Under review, the page is the staff review's workspace: the grid fills the window.
  const workspace = validated && reviewingStatuses.has(job.status);
  const open = job.status === "ready" && job.queuedAt === null;
  const blocked = open ? await listBlockedFiles(job.id) : [];
  return (
    <ReviewActionsProvider actions={reviewActions}>
      <TimeZoneProvider timeZone={job.organization.timezone}>
        <div data-layout="workspace" className={cn("flex flex-col", workspace ? "h-[calc(100dvh-var(--app-header-height))]" : "min-h-[calc(100dvh-var(--app-header-height))]")}>
          <ReviewHeader
            heading={<>Upload #{job.id} {blocked.length ? <Badge tone="danger">{blocked.length === 1 ? "1 file blocked" : `${blocked.length} files blocked`}</Badge> : <PortalStatusBadge status={job.status} />}</>}
            details={`${job.organization.name} · ${dataFiles.map((file) => file.name).join(", ") || "no files"}`}
            summary={validated ? <SummaryCards summary={counts} /> : null}
          >
            {validated ? <ErrorReportDownload jobId={job.id} /> : null}
            {open ? <ErrorReportUpload jobId={job.id} disabled={false} /> : null}
            {open ? <SubmitForReview jobId={job.id} errorCount={counts.errors} submitted={submission !== null} submit={submitImportAction} /> : null}
          </ReviewHeader>
          {open ? <BlockedFiles jobId={job.id} files={blocked} /> : null}
          {submission ? <div className="shrink-0 px-3 pt-2"><SubmittedNote by={submission.by} at={formatWithZone(submission.submittedAt, job.organization.timezone)} /></div> : null}
          {!validated ? (
            <div className="mx-auto flex w-full max-w-7xl flex-col gap-6 px-6 py-6">
              {job.status === "draft" ? (
                <ResumeUpload jobId={job.id} received={job.files.map((file) => ({ name: file.name, kind: file.kind, byteSize: Number(file.byteSize) }))} reviewPath="/portal/imports" prepare={prepareImportAction} />
              ) : (
                <JobProgressView jobId={job.id} pageStatus={job.status} initial={progress} />
              )}
            </div>
          ) : null}
          {workspace ? (
            <div className="flex min-h-0 flex-1">
              <ReviewSection job={job} dataFiles={dataFiles} counts={counts} settingsSlug={null} wholeFileProblems={wholeFileProblems} />
            </div>
          ) : null}
        </div>
      </TimeZoneProvider>
    </ReviewActionsProvider>
  );
}

