import Link from "next/link";
import type { ImportJobListItem } from "@/lib/imports/import-jobs";
import { ImportStatusBadge } from "./import-status-badge";
import { ProgressBar } from "@/components/ui/progress-bar";
import { DiscardImportButton } from "./job-buttons";
import { formatWithZone } from "@/components/ui/date-time";
import { discardableWhenUnqueued } from "@/lib/jobs/import-status";
import { Badge } from "@/components/ui/badge";

const number = new Intl.NumberFormat("en-US");

export function ImportJobsTable({ jobs }: { jobs: ImportJobListItem[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Import jobs, newest first</caption>
        <thead className="border-b border-border bg-muted text-xs uppercase tracking-wide text-muted-foreground">
          <tr>
            <th scope="col" className="px-4 py-3">Import</th>
            <th scope="col" className="px-4 py-3">Organization</th>
            <th scope="col" className="px-4 py-3">Status</th>
            <th scope="col" className="w-56 px-4 py-3">Progress</th>
            <th scope="col" className="px-4 py-3 text-right">Rows</th>
            <th scope="col" className="px-4 py-3 text-right">Errors</th>
            <th scope="col" className="px-4 py-3 text-right">Imported</th>
            <th scope="col" className="px-4 py-3">Created</th>
            <th scope="col" className="px-4 py-3"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id} className="border-b border-border last:border-0 hover:bg-muted/50">
              <td className="px-4 py-3">
                <Link href={`/imports/${job.id}`} className="font-medium text-primary hover:underline">
                  #{job.id} {job.files.map((file) => file.name).join(", ") || "(no files)"}
                </Link>
              </td>
              <td className="px-4 py-3">{job.organization.name}</td>
              <td className="px-4 py-3">
                <span className="flex flex-col items-start gap-1">
                  <ImportStatusBadge status={job.status} />
                  {job.submittedAt && job.queuedAt === null ? (
                    <>
                      <Badge tone="success">Submitted for review</Badge>
                      <span className="text-xs text-muted-foreground">
                        by {job.submittedBy?.name ?? job.submittedBy?.email ?? "a former user"} · {formatWithZone(job.submittedAt, job.organization.timezone)}
                      </span>
                    </>
                  ) : null}
                </span>
              </td>
              <td className="px-4 py-3">
                {job.status === "validating" ? (
                  <>
                    <ProgressBar value={Number(job.validatedBytes)} max={Number(job.totalBytes) || 1} label={`Import #${job.id} validation progress`} />
                    <span className="mt-1 block text-xs text-muted-foreground">validating…</span>
                  </>
                ) : (
                  <>
                    <ProgressBar value={job.rowsDone} max={job.totalRows} label={`Import #${job.id} progress`} />
                    <span className="mt-1 block text-xs text-muted-foreground">{number.format(job.rowsDone)} of {number.format(job.totalRows)} rows processed</span>
                  </>
                )}
              </td>
              <td className="px-4 py-3 text-right tabular-nums">{number.format(job.totalRows)}</td>
              <td className="px-4 py-3 text-right tabular-nums">{number.format(job.errorCount)}</td>
              <td className="px-4 py-3 text-right tabular-nums">{number.format(job._count.issues)}</td>
              <td className="px-4 py-3 text-muted-foreground">{formatWithZone(job.createdAt, job.organization.timezone)}</td>
              <td className="px-4 py-3">{job.queuedAt === null && discardableWhenUnqueued.has(job.status) ? <DiscardImportButton jobId={job.id} /> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
