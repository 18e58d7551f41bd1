import { listFileLevelProblems, type getImportReview } from "@/lib/imports/review";
import { countProblems } from "@/lib/imports/problem-counts";
import { unionHeader } from "@/lib/imports/error-report";
import { getEnv } from "@/lib/env";
import { reviewingStatuses, rollbackableStatuses } from "@/lib/jobs/import-status";
import { ProblemCharts, type ChartDatum } from "@/components/charts/problem-charts";
import { FileProblems } from "@/components/review/file-problems";
import { ReviewWorkspace } from "@/components/review/review-workspace";
import type { ReviewActions } from "@/components/review/review-actions";
import {
  applyBulkFixAction,
  applyFindReplaceAction,
  previewFindReplaceAction,
  editCellAction,
  moveRowAction,
  previewBulkFixAction,
  queueImportAction,
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
  previewFindReplace: previewFindReplaceAction,
  applyFindReplace: applyFindReplaceAction,
};

function chartData(counts: { key: string; severity: string; count: number }[]): ChartDatum[] {
  const byKey = new Map<string, ChartDatum>();
  for (const { key, severity, count } of counts) {
    const datum = byKey.get(key) ?? { name: key, errors: 0, warnings: 0 };
    if (severity === "error") datum.errors += count;
    else datum.warnings += count;
    byKey.set(key, datum);
  }
  return [...byKey.values()].sort((a, b) => b.errors + b.warnings - (a.errors + a.warnings)).slice(0, 15);
}

export type Job = NonNullable<Awaited<ReturnType<typeof getImportReview>>>;

/** Once validated: the grid of rows, with the charts, file problems, map and fixes beside it. */
export async function ReviewSection({ job, dataFiles, settingsSlug }: { job: Job; dataFiles: Job["files"]; settingsSlug: string | null }) {
  const env = getEnv();
  // Under review, or imported with its issues still there (not rolled back).
  const counted = reviewingStatuses.has(job.status) || rollbackableStatuses.has(job.status);
  const counts = counted ? await countProblems(job.id) : [];
  const wholeFile = await listFileLevelProblems(job.id);
  const allCounts = [...counts, ...wholeFile.map((problem) => ({ code: problem.code, column: problem.column, severity: problem.severity, count: 1 }))];
  const columns = unionHeader(dataFiles.map((file) => file.header));

  return (
    <ReviewWorkspace
      jobId={job.id}
      status={job.status}
      files={dataFiles.map((file) => ({ id: file.id, name: file.name, header: file.header, blocked: file.blocked }))}
      columns={columns}
      codes={[...new Set(counts.map((count) => count.code))].sort()}
      totalRows={job.totalRows}
      requestTypes={job.organization.requestTypes.map((type) => type.title)}
      settingsSlug={settingsSlug}
      tileUrl={env.MAP_TILE_URL}
      tileAttribution={env.MAP_TILE_ATTRIBUTION}
      fileProblems={wholeFile.length ? <FileProblems problems={wholeFile} settings={settingsSlug ? { slug: settingsSlug, importId: job.id, requestTypes: job.organization.requestTypes } : null} /> : null}
      charts={
        <section aria-label="Problem charts">
          <ProblemCharts
            byCode={chartData(allCounts.map((c) => ({ key: c.code, severity: c.severity, count: c.count })))}
            byColumn={chartData(allCounts.map((c) => ({ key: c.column ?? "(whole row)", severity: c.severity, count: c.count })))}
          />
        </section>
      }
    />
  );
}
