import { Card, CardContent } from "@/components/ui/card";
import { ProgressBar } from "@/components/ui/progress-bar";
import { formatSize } from "./format-size";
import type { FileProgress } from "./use-import-upload";

/** The upload's overall progress and each file's; nothing before the upload starts. */
export function UploadProgress({ progress }: { progress: FileProgress[] }) {
  if (!progress.length) return null;
  const totalBytes = progress.reduce((sum, item) => sum + item.size, 0);
  const loadedBytes = progress.reduce((sum, item) => sum + item.loaded, 0);
  return (
    <Card>
      <CardContent className="flex flex-col gap-3 py-5">
        <ProgressBar value={loadedBytes} max={totalBytes} label="Upload progress" />
        <ul className="flex flex-col gap-2 text-sm">
          {progress.map((item) => (
            <li key={item.name} className="flex flex-col gap-1">
              <span className="flex justify-between"><span>{item.name}{item.kind === "mapping" ? " (mapping)" : ""}</span><span className="tabular-nums text-muted-foreground">{formatSize(item.loaded)} of {formatSize(item.size)}</span></span>
              <ProgressBar value={item.loaded} max={item.size} label={`Upload of ${item.name}`} />
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
