import { Download } from "lucide-react";
import { buttonVariants } from "@/components/ui/button";

/** The review header's "Error report" download, for staff and the customer portal alike. */
export function ErrorReportDownload({ jobId }: { jobId: number }) {
  return (
    <a href={`/api/imports/${jobId}/error-report`} download className={buttonVariants({ variant: "secondary", size: "sm" })} aria-label="Download error report" title="The rows with errors and what is wrong with each, to fix in a spreadsheet">
      <Download aria-hidden className="size-4" /> Error report
    </a>
  );
}
