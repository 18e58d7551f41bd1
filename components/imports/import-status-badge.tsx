import { Badge } from "@/components/ui/badge";

const tones = {
  draft: "neutral",
  validating: "info",
  ready: "info",
  queued: "info",
  running: "info",
  completed: "success",
  failed: "danger",
  cancelling: "warning",
  cancelled: "warning",
  rolled_back: "neutral",
} as const;

const labels: Record<keyof typeof tones, string> = {
  draft: "Draft",
  validating: "Validating",
  ready: "Ready to import",
  queued: "Queued",
  running: "Importing",
  completed: "Completed",
  failed: "Failed",
  cancelling: "Cancelling",
  cancelled: "Cancelled",
  rolled_back: "Rolled back",
};

export function ImportStatusBadge({ status }: { status: keyof typeof tones }) {
  return <Badge tone={tones[status]}>{labels[status]}</Badge>;
}
