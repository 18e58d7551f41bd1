import Link from "next/link";
import type { ImportJobListItem } from "@/lib/imports/import-jobs";
import { Badge } from "@/components/ui/badge";
import { formatWithZone } from "@/components/ui/date-time";
import { PortalStatusBadge } from "./portal-status";

const number = new Intl.NumberFormat("en-US");

/** A customer's own uploads: what they can act on (rows, errors, submitted), none of the import's machinery. */
export function PortalUploadsTable({ jobs }: { jobs: ImportJobListItem[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Your uploads, newest first</caption>
        <thead className="border-b border-border bg-muted text-xs uppercase tracking-wide text-muted-foreground">
          <tr>
            <th scope="col" className="px-4 py-3">Upload</th>
            <th scope="col" className="px-4 py-3">Status</th>
            <th scope="col" className="px-4 py-3 text-right">Rows</th>
            <th scope="col" className="px-4 py-3 text-right">Errors</th>
            <th scope="col" className="px-4 py-3">Uploaded</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id} className="border-b border-border last:border-0 hover:bg-muted/50">
              <td className="px-4 py-3">
                <Link href={`/portal/imports/${job.id}`} className="font-medium text-primary hover:underline">
                  #{job.id} {job.files.map((file) => file.name).join(", ") || "(no files)"}
                </Link>
              </td>
              <td className="px-4 py-3">
                <span className="flex flex-wrap items-center gap-2">
                  <PortalStatusBadge status={job.status} />
                  {job.submittedAt && job.queuedAt === null ? <Badge tone="success">Submitted {formatWithZone(job.submittedAt, job.organization.timezone)}</Badge> : null}
                </span>
              </td>
              <td className="px-4 py-3 text-right tabular-nums">{number.format(job.totalRows)}</td>
              <td className="px-4 py-3 text-right tabular-nums">{number.format(job.errorCount)}</td>
              <td className="px-4 py-3 text-muted-foreground">{formatWithZone(job.createdAt, job.organization.timezone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
