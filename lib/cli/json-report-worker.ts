import { parentPort, workerData } from "node:worker_threads";
import { JsonReportStream } from "./json-report-stream.ts";
import { applyReportRequest, openReportTarget, type ReportReply, type ReportRequest, type ReportTarget } from "./json-report-requests.ts";
import { ProblemUnpacker } from "../engine/report/packed-problems.ts";

/**
 * The worker thread of JsonReportThread (json-report-thread.ts): it writes the JSON report to the
 * file in `workerData` as the requests come, in order, and says when each batch of problems is
 * written (so the validating thread never runs more than a few batches ahead) and when the report
 * is finished. The first failure (the disk is full) is reported and the rest ignored.
 */
const port = parentPort;
if (port) {
  const target = workerData as ReportTarget;
  const stream = new JsonReportStream(() => openReportTarget(target));
  const unpacker = new ProblemUnpacker();
  let failed = false;
  let chain: Promise<void> = Promise.resolve();
  const reply = (message: ReportReply) => port.postMessage(message);
  port.on("message", (request: ReportRequest) => {
    chain = chain.then(async () => {
      if (failed) return;
      try {
        await applyReportRequest(stream, unpacker, request);
        if (request.kind === "rows" || request.kind === "text" || request.kind === "segment") reply({ kind: "written", id: request.id });
        else if (request.kind === "finish") reply({ kind: "finished" });
      } catch (error) {
        failed = true;
        const { message, code, syscall } = error as NodeJS.ErrnoException;
        reply({ kind: "failed", message: String(message ?? error), ...(code ? { code } : {}), ...(syscall ? { syscall } : {}) });
      }
    });
  });
}
