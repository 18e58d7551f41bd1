import type { getImportReview } from "@/lib/imports/review";
import type { Problem } from "@/lib/engine/problem";
import { problemChartData, type ImportCounts } from "@/lib/imports/import-counts";
import { unionHeader } from "@/lib/imports/error-report";
import { getEnv } from "@/lib/env";
import { ProblemCharts } from "@/components/charts/problem-charts";
import { FileProblems } from "@/components/review/file-problems";
import { ReviewWorkspace } from "@/components/review/review-workspace";
import { AuditEventList } from "@/components/audit/audit-event-list";
import { listImportAuditEvents } from "@/lib/auth/audit-log";
import type { ReviewActions } from "@/components/review/review-actions";
import {
  applyBulkFixAction,
  applyFindReplaceAction,
  previewFindReplaceAction,
  editCellAction,
  moveRowAction,
  previewBulkFixAction,
  queueImportAction,
  removeFileAction,
  startValidationAction,
  rowHistoryAction,
  undoEditAction,
  undoFixAction,
  unknownRequestTypesAction,
} from "./actions";

// The review of a validated import, as staff and the customer portal both show it.

// The page's components reach the server only through these (ADR 0011).
// The portal hands on queueImport for the type only: it shows no queue form, and the policy refuses a customer.
export const reviewActions: ReviewActions = {
  editCell: editCellAction,
  undoEdit: undoEditAction,
  rowHistory: rowHistoryAction,
  moveRow: moveRowAction,
  previewBulkFix: previewBulkFixAction,
  applyBulkFix: applyBulkFixAction,
  undoFix: undoFixAction,
  unknownRequestTypes: unknownRequestTypesAction,
  queueImport: queueImportAction,
  removeFile: removeFileAction,
  startValidation: startValidationAction,
  previewFindReplace: previewFindReplaceAction,
  applyFindReplace: applyFindReplaceAction,
};

export type Job = NonNullable<Awaited<ReturnType<typeof getImportReview>>>;

/** Once validated: the grid of rows, with the charts, file problems, map and fixes beside it. */
export async function ReviewSection({ job, dataFiles, counts, settingsSlug, wholeFileProblems }: { job: Job; dataFiles: Job["files"]; counts: ImportCounts; settingsSlug: string | null; wholeFileProblems: Promise<Problem[]> }) {
  const env = getEnv();
  const wholeFile = await wholeFileProblems;
  // The charts are the counts module's problems, so they add up to the cards (whole-file ones too).
  const allCounts = counts.problems;
  const columns = unionHeader(dataFiles.map((file) => file.header));
  const events = await listImportAuditEvents(job.id);

  return (
    <ReviewWorkspace
      jobId={job.id}
      status={job.status}
      files={dataFiles.map((file) => ({ id: file.id, name: file.name, header: file.header, blocked: file.blocked }))}
      columns={columns}
      codes={[...new Set(allCounts.filter((count) => !count.wholeFile).map((count) => count.code))].sort()}
      totalRows={job.totalRows}
      requestTypes={job.organization.requestTypes.map((type) => type.title)}
      settingsSlug={settingsSlug}
      tileUrl={env.MAP_TILE_URL}
      tileAttribution={env.MAP_TILE_ATTRIBUTION}
      fileProblems={wholeFile.length ? <FileProblems problems={wholeFile} settings={settingsSlug ? { slug: settingsSlug, importId: job.id, requestTypes: job.organization.requestTypes } : null} /> : null}
      activity={<AuditEventList events={events} timeZone={job.organization.timezone} label="Import activity" empty="Nothing recorded yet." />}
      charts={
        <section aria-label="Problem charts">
          <ProblemCharts
            byCode={problemChartData(allCounts, "code")}
            byColumn={problemChartData(allCounts, "column")}
          />
        </section>
      }
    />
  );
}
