import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { requirePortalViewer } from "@/app/require-viewer";
import { authorizeImportAccess } from "@/lib/auth/import-access";
import { getImportReview, listFileLevelProblems } from "@/lib/imports/review";
import { countProblems } from "@/lib/imports/problem-counts";
import { getImportProgress } from "@/lib/imports/progress";
import { getSubmission } from "@/lib/imports/submissions";
import { unionHeader } from "@/lib/imports/error-report";
import { getEnv } from "@/lib/env";
import { reviewingStatuses, unvalidatedStatuses } from "@/lib/jobs/import-status";
import { PortalStatusBadge } from "@/components/portal/portal-status";
import { JobProgressView } from "@/components/imports/job-progress-view";
import { SummaryCards } from "@/components/review/summary-cards";
import { ProblemCharts, type ChartDatum } from "@/components/charts/problem-charts";
import { FileProblems } from "@/components/review/file-problems";
import { ReviewWorkspace } from "@/components/review/review-workspace";
import { ReviewActionsProvider, type ReviewActions } from "@/components/review/review-actions";
import { TimeZoneProvider } from "@/components/ui/time-zone";
import { formatWithZone } from "@/components/ui/date-time";
import { SubmitForReview } from "@/components/portal/submit-for-review";
import { SubmittedNote } from "@/components/portal/portal-steps";
import {
  applyBulkFixAction,
  applyFindReplaceAction,
  editCellAction,
  moveRowAction,
  previewBulkFixAction,
  previewFindReplaceAction,
  queueImportAction,
  rowHistoryAction,
  undoEditAction,
  undoFixAction,
  unknownRequestTypesAction,
} from "@/app/imports/[id]/actions";
import { submitImportAction } from "./actions";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

// The staff review's actions, each asking the policy. queueImport is there for the type only: the
// workspace shows no queue form here (canQueue false), and the policy refuses a customer anyway.
const reviewActions: ReviewActions = {
  editCell: editCellAction,
  undoEdit: undoEditAction,
  rowHistory: rowHistoryAction,
  moveRow: moveRowAction,
  previewBulkFix: previewBulkFixAction,
  applyBulkFix: applyBulkFixAction,
  undoFix: undoFixAction,
  unknownRequestTypes: unknownRequestTypesAction,
  queueImport: queueImportAction,
  previewFindReplace: previewFindReplaceAction,
  applyFindReplace: applyFindReplaceAction,
};

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Upload #${(await params).id}` };
}

function chartData(counts: { key: string; severity: string; count: number }[]): ChartDatum[] {
  const byKey = new Map<string, ChartDatum>();
  for (const { key, severity, count } of counts) {
    const datum = byKey.get(key) ?? { name: key, errors: 0, warnings: 0 };
    datum[severity === "error" ? "errors" : "warnings"] += count;
    byKey.set(key, datum);
  }
  return [...byKey.values()].sort((a, b) => b.errors + b.warnings - (a.errors + a.warnings)).slice(0, 15);
}

/** A customer's own upload: the same review as staff see, without queue, cancel, roll back or discard. */
export default async function PortalImportPage({ params }: Params) {
  await requirePortalViewer();
  const access = await authorizeImportAccess((await params).id, "view");
  if (access.ok === false && access.status === 401) redirect("/sign-in");
  if (!access.ok) notFound();
  const [job, progress, submission] = await Promise.all([getImportReview(access.job.id), getImportProgress(access.job.id), getSubmission(access.job.id)]);
  if (!job || !progress) notFound();
  const dataFiles = job.files.filter((file) => file.kind === "data");
  return (
    <ReviewActionsProvider actions={reviewActions}>
      <TimeZoneProvider timeZone={job.organization.timezone}>
        <div className="flex flex-col gap-6">
          <div>
            <h1 className="flex items-center gap-3 text-2xl font-semibold tracking-tight">
              Upload #{job.id} <PortalStatusBadge status={job.status} />
            </h1>
            <p className="text-sm text-muted-foreground">{job.organization.name} · {dataFiles.map((file) => file.name).join(", ") || "no files"}</p>
          </div>
          {submission ? <SubmittedNote by={submission.by} at={formatWithZone(submission.submittedAt, job.organization.timezone)} /> : null}
          {unvalidatedStatuses.has(job.status) ? <JobProgressView jobId={job.id} initial={progress} /> : null}
          {job.status === "ready" && job.queuedAt === null ? <SubmitForReview jobId={job.id} errorCount={job.errorCount} submitted={submission !== null} submit={submitImportAction} /> : null}
          {!unvalidatedStatuses.has(job.status) && reviewingStatuses.has(job.status) ? <PortalReview job={job} dataFiles={dataFiles} /> : null}
        </div>
      </TimeZoneProvider>
    </ReviewActionsProvider>
  );
}

type Job = NonNullable<Awaited<ReturnType<typeof getImportReview>>>;

async function PortalReview({ job, dataFiles }: { job: Job; dataFiles: Job["files"] }) {
  const env = getEnv();
  const [counts, wholeFile] = await Promise.all([countProblems(job.id), listFileLevelProblems(job.id)]);
  const allCounts = [...counts, ...wholeFile.map((problem) => ({ code: problem.code, column: problem.column, severity: problem.severity, count: 1 }))];
  return (
    <>
      <SummaryCards summary={{ rows: job.totalRows, validRows: job.validRows, errors: job.errorCount, warnings: job.warningCount }} />
      <FileProblems problems={wholeFile} />
      <section aria-label="Problem charts" className="rounded-lg border border-border bg-white px-5 py-4">
        <ProblemCharts
          byCode={chartData(allCounts.map((c) => ({ key: c.code, severity: c.severity, count: c.count })))}
          byColumn={chartData(allCounts.map((c) => ({ key: c.column ?? "(whole row)", severity: c.severity, count: c.count })))}
        />
      </section>
      <ReviewWorkspace
        jobId={job.id}
        status={job.status}
        canQueue={false}
        files={dataFiles.map((file) => ({ id: file.id, name: file.name, header: file.header, blocked: file.blocked }))}
        columns={unionHeader(dataFiles.map((file) => file.header))}
        codes={[...new Set(counts.map((count) => count.code))].sort()}
        totalRows={job.totalRows}
        errorCount={job.errorCount}
        validRows={job.validRows}
        requestTypes={job.organization.requestTypes.map((type) => type.title)}
        tileUrl={env.MAP_TILE_URL}
        tileAttribution={env.MAP_TILE_ATTRIBUTION}
      />
    </>
  );
}
