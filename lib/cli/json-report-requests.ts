import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import type { Problem } from "../engine/problem.ts";
import type { FileReport, ValidationReport } from "../engine/validate.ts";
import type { JsonReportStream } from "./json-report-stream.ts";
import { ProblemUnpacker, type PackedProblems } from "../engine/report/packed-problems.ts";
import type { PackedInsert } from "../engine/parallel/validate-in-blocks.ts";

/**
 * What JsonReportThread (json-report-thread.ts) asks of the JsonReportStream that writes the
 * report, in a worker thread or, for a small report, in its own: each request is a
 * JsonReportStream call, and `applyReportRequest` makes it, so both places write the same bytes.
 */
export type ReportRequest =
  | { kind: "fileStart"; index: number; file: string; problems: Problem[] }
  | { kind: "rows"; id: number; index: number; fields: PackedProblems }
  | { kind: "text"; id: number; index: number; utf8: Uint8Array }
  | { kind: "segment"; id: number; index: number; batches: PackedProblems[]; inserts: PackedInsert[] }
  | { kind: "fileDone"; index: number; report: FileReport; settled: Problem[] }
  | { kind: "finish"; report: ValidationReport; end: boolean };

/** A report file the worker opens itself: `-o`'s path, or stdout's descriptor when it is a regular file. */
export type ReportTarget = { path: string; fd?: undefined; highWaterMark: number } | { fd: number; path?: undefined; highWaterMark: number };

export type ReportReply =
  | { kind: "written"; id: number }
  | { kind: "finished" }
  | { kind: "failed"; message: string; code?: string; syscall?: string };

/** The JsonReportStream call a request stands for. */
export function applyReportRequest(stream: JsonReportStream, unpacker: ProblemUnpacker, request: ReportRequest): void | Promise<void> {
  switch (request.kind) {
    case "fileStart":
      return stream.fileStart(request.index, request.file, request.problems);
    case "rows":
      if (request.fields.context) stream.acceptDeferredTexts(request.fields.context);
      return stream.addPacked(request.index, unpacker.reader(request.fields));
    case "text":
      return stream.addText(request.index, request.utf8);
    case "segment":
      return writeSegment(stream, request);
    case "fileDone":
      return stream.fileDone(request.index, request.report, request.settled);
    case "finish":
      return stream.finish(request.report, request.end);
  }
}

/** A segment's packed problems (numbered on their own: an unpacker of their own), its inserts among them. */
async function writeSegment(stream: JsonReportStream, request: Extract<ReportRequest, { kind: "segment" }>): Promise<void> {
  const { index, inserts } = request;
  const unpacker = new ProblemUnpacker();
  let next = 0;
  let before = 0;
  for (const batch of request.batches) {
    if (batch.context) stream.acceptDeferredTexts(batch.context);
    const reader = unpacker.reader(batch);
    for (; next < inserts.length && inserts[next]!.after < before + batch.count; next++) {
      await stream.addPacked(index, reader, inserts[next]!.after - before);
      await stream.add(index, inserts[next]!.problems);
    }
    await stream.addPacked(index, reader);
    before += batch.count;
  }
  for (; next < inserts.length; next++) await stream.add(index, inserts[next]!.problems);
}

/** The target opened as `validate` opens a report file (reportOutput in commands/validate.ts). */
export function openReportTarget(target: ReportTarget): Writable {
  return target.path !== undefined
    ? createWriteStream(target.path, { highWaterMark: target.highWaterMark })
    : createWriteStream("", { fd: target.fd, autoClose: false, highWaterMark: target.highWaterMark });
}
