import { Badge } from "@/components/ui/badge";
import { importStatusLabels, importStatusTones, type ImportStatus } from "@/lib/jobs/import-status";

export function ImportStatusBadge({ status }: { status: ImportStatus }) {
  return <Badge tone={importStatusTones[status]}>{importStatusLabels[status]}</Badge>;
}
