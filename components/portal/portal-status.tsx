import { Badge } from "@/components/ui/badge";
import { importStatusTones, type ImportStatus } from "@/lib/jobs/import-status";

// An import's status in a customer's words: "Ready to import" would promise them a button they do
// not have (ADR 0015).
const portalStatusLabels: Record<ImportStatus, string> = {
  draft: "Uploading",
  validating: "Checking",
  ready: "Checked",
  queued: "Being imported",
  running: "Being imported",
  completed: "Imported",
  failed: "Failed",
  cancelling: "Withdrawn",
  cancelled: "Withdrawn",
  rolled_back: "Taken back",
};

export function PortalStatusBadge({ status }: { status: ImportStatus }) {
  return <Badge tone={importStatusTones[status]}>{portalStatusLabels[status]}</Badge>;
}
