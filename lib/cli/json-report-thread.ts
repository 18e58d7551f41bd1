import { Worker } from "node:worker_threads";
import type { Problem } from "../engine/problem.ts";
import type { TextContext } from "../engine/deferred-text.ts";
import type { FileReport, ValidationReport } from "../engine/validate.ts";
import { binScript } from "./bin-script.ts";
import { detachScratchBuffer } from "./detach-scratch-buffer.ts";
import { JsonReportStream } from "./json-report-stream.ts";
import { applyReportRequest, openReportTarget, type ReportReply, type ReportRequest, type ReportTarget } from "./json-report-requests.ts";
import { BATCH_PROBLEMS, ProblemPacker, ProblemUnpacker, type PackedProblems } from "../engine/report/packed-problems.ts";
import type { PackedInsert } from "../engine/parallel/validate-in-blocks.ts";
import type { ProblemSink } from "./problem-sink.ts";

/**
 * Problems that start the worker: below that (most files, the bench's 1%-error file) the report
 * is written here at the end, from the queued batches (~4 MB at most), and costs no thread.
 */
export const START_PROBLEMS = 16_384;
/**
 * Problems sent and not yet written (a batch's, a segment's; a text counts as TEXT_PROBLEMS): the
 * validating thread waits beyond that (flat memory): four batches of deferred problems, sixteen
 * of usual ones (~1 MB of texts). A block's segment (~6,500 problems on the every-row-error file)
 * is written before the next is sent: with eight in flight the writer held ~15 MB more of them,
 * waiting through its scavenges into its old generation, for no speed.
 */
const MAX_IN_FLIGHT_PROBLEMS = 4 * BATCH_PROBLEMS;
/** What a text weighs in the in-flight budget: a batch of usual problems (~64 KiB of texts). */
const TEXT_PROBLEMS = 256;
/**
 * The writer's young generation, MB: the default (up to 3 x 16) held ~20 MB more at the peak
 * for no speed; 4 cost time.
 */
const WRITER_YOUNG_GENERATION_MB = 8;

/**
 * The JSON report of JsonReportStream, written by a worker thread (json-report-worker.ts) when it
 * is big, so that on two cores validating and writing run side by side: encoding a problem as
 * the report writes it costs about as much as finding it (1.65M problems on the every-row-error
 * file). The problems go to the worker in batches of their fields (lib/engine/report/packed-problems.ts):
 * packed here (`add`), or by the thread that validated a block (`addPackedSegment`: on several
 * threads, each block's problems, with the duplicate_row problems found here among them).
 *
 * The worker starts once START_PROBLEMS problems are waiting; a smaller report is written here by
 * a JsonReportStream at the end, from the same requests (applyReportRequest, as the worker
 * does). Only for a report file (`-o`, or stdout that is a regular file): the worker opens it itself.
 */
export class JsonReportThread implements ProblemSink {
  readonly wantsText = true;
  private worker: Worker | null = null;
  /** Requests made before the worker started (all of them when it never does). */
  private queued: ReportRequest[] = [];
  private queuedProblems = 0;
  private readonly batch = new ProblemPacker();
  private batchIndex = -1;
  private nextId = 1;
  /** Each request's problems sent and not yet written, oldest first (the worker writes in order), and their sum. */
  private readonly inFlight: number[] = [];
  private inFlightProblems = 0;
  /** Sends waiting for the worker to catch up. */
  private waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private finishing: { resolve: () => void; reject: (error: Error) => void } | null = null;
  private failure: Error | null = null;
  private local: JsonReportStream | null = null;
  private started = false;

  /**
   * `target` is the file the worker opens (or this thread, for a small report). With `startNow`
   * (a report known to be big) the worker starts at once: it loads (~100-300 ms) while this
   * thread warms up, instead of when the first START_PROBLEMS problems wait for it.
   */
  constructor(private readonly target: ReportTarget, options: { startNow?: boolean } = {}) {
    // Its batches move to the writer by transfer, from before the hot code is optimized: see
    // detachScratchBuffer. (Made for a big input sampled busy: a report of many problems.)
    detachScratchBuffer();
    if (options.startNow) this.start();
  }

  /** Whether the worker was started (the report is big). */
  get threaded(): boolean {
    return this.started;
  }

  /** The output's first error, if any. */
  get error(): Error | null {
    return this.local?.error ?? this.failure;
  }

  /** The writer makes deferred texts (off this thread, the point of deferring them). */
  acceptDeferredTexts(context: TextContext): boolean {
    this.batch.textContext = context;
    return true;
  }

  fileStart(index: number, file: string, problems: readonly Problem[]): void | Promise<void> {
    return this.after(this.flushBatch(), () => this.send({ kind: "fileStart", index, file, problems: [...problems] }));
  }

  add(index: number, problems: readonly Problem[]): void | Promise<void> {
    if (this.failure) throw this.failure;
    if (problems.length === 0) return;
    const flushed = index !== this.batchIndex ? this.flushBatch() : undefined;
    this.batchIndex = index;
    // Packed now: the problems are transient.
    this.batch.add(problems);
    const full = this.batch.full ? this.flushBatch() : undefined;
    return flushed && full ? Promise.all([flushed, full]).then(() => undefined) : (flushed ?? full);
  }

  /** A segment's problems packed by the thread that validated it (their batches move on as they are). */
  addPackedSegment(index: number, batches: PackedProblems[], inserts: PackedInsert[]): void | Promise<void> {
    return this.after(this.flushBatch(), () => this.send({ kind: "segment", id: this.nextId++, index, batches, inserts }));
  }

  addText(index: number, utf8: Uint8Array): void | Promise<void> {
    if (utf8.byteLength === 0) return;
    // Copied now: the bytes are lent, and the send may wait for the batch before it.
    const copy = utf8.slice();
    return this.after(this.flushBatch(), () => this.send({ kind: "text", id: this.nextId++, index, utf8: copy }));
  }

  keepExamples(): void {}

  examples(): Problem[] {
    return [];
  }

  async fileDone(index: number, report: FileReport, settled: Iterable<Problem>): Promise<void> {
    await this.flushBatch();
    await this.send({ kind: "fileDone", index, report, settled: [...settled] });
  }

  /** The end of the report written, as JsonReportStream's `finish`; the worker, if any, stopped. */
  async finish(report: ValidationReport, end: boolean): Promise<void> {
    await this.flushBatch();
    if (this.worker === null) {
      // A small report: written here.
      const stream = new JsonReportStream(() => openReportTarget(this.target));
      this.local = stream;
      const unpacker = new ProblemUnpacker();
      for (const request of this.queued.splice(0)) await applyReportRequest(stream, unpacker, request);
      await stream.finish(report, end);
      return;
    }
    const finished = new Promise<void>((resolve, reject) => {
      this.finishing = { resolve, reject };
    });
    await this.send({ kind: "finish", report, end });
    if (this.failure) throw this.failure;
    try {
      await finished;
    } finally {
      await this.close();
    }
  }

  /** Stops the worker, if any (after `finish`, or when the run failed). */
  async close(): Promise<void> {
    const worker = this.worker;
    if (worker === null) return;
    this.worker = null;
    await worker.terminate();
  }

  private flushBatch(): void | Promise<void> {
    if (this.batch.size === 0) return;
    return this.send({ kind: "rows", id: this.nextId++, index: this.batchIndex, fields: this.batch.take() });
  }

  private send(request: ReportRequest): void | Promise<void> {
    if (this.failure) throw this.failure;
    if (this.worker === null) {
      this.queued.push(request);
      this.queuedProblems += problemsOf(request);
      if (this.queuedProblems < START_PROBLEMS) return;
      this.start();
    } else {
      this.post(request);
    }
    if (this.inFlightProblems >= MAX_IN_FLIGHT_PROBLEMS) {
      return new Promise<void>((resolve, reject) => {
        this.waiting.push({ resolve, reject });
      });
    }
  }

  private post(request: ReportRequest): void {
    if (request.kind === "rows" || request.kind === "text" || request.kind === "segment") {
      // A text's problems are not counted: it weighs a batch of usual problems.
      const problems = Math.max(problemsOf(request), request.kind === "text" ? TEXT_PROBLEMS : 0);
      this.inFlight.push(problems);
      this.inFlightProblems += problems;
    }
    // A batch's numbers move to the worker; the texts are copied.
    const moved = request.kind === "rows" ? [request.fields.ints.buffer as ArrayBuffer] : request.kind === "segment" ? request.batches.map((batch) => batch.ints.buffer as ArrayBuffer) : [];
    this.worker!.postMessage(request, moved);
  }

  private start(): void {
    const worker = new Worker(binScript("json-report-worker.mjs"), { workerData: this.target, resourceLimits: { maxYoungGenerationSizeMb: WRITER_YOUNG_GENERATION_MB } });
    worker.on("message", (reply: ReportReply) => this.reply(reply));
    worker.on("error", (error) => this.fail(error));
    worker.on("exit", (code) => {
      if (this.worker === worker) this.fail(new Error(`the report's writer stopped with exit code ${code}`));
    });
    this.worker = worker;
    this.started = true;
    for (const request of this.queued.splice(0)) this.post(request);
  }

  private reply(reply: ReportReply): void {
    if (reply.kind === "written") {
      this.inFlightProblems -= this.inFlight.shift() ?? 0;
      if (this.inFlightProblems < MAX_IN_FLIGHT_PROBLEMS) for (const { resolve } of this.waiting.splice(0)) resolve();
    } else if (reply.kind === "finished") {
      this.finishing?.resolve();
    } else {
      this.fail(Object.assign(new Error(reply.message), reply.code ? { code: reply.code } : {}, reply.syscall ? { syscall: reply.syscall } : {}));
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const { reject } of this.waiting.splice(0)) reject(this.failure);
    this.finishing?.reject(this.failure);
    this.finishing = null;
  }

  /** `then` after `first` when it is a promise, at once otherwise (no promise a row). */
  private after(first: void | Promise<void>, then: () => void | Promise<void>): void | Promise<void> {
    return first ? first.then(then) : then();
  }
}

/** The row problems a request carries (none for a text: its problems are not counted). */
function problemsOf(request: ReportRequest): number {
  if (request.kind === "rows") return request.fields.count;
  if (request.kind !== "segment") return 0;
  let problems = 0;
  for (const batch of request.batches) problems += batch.count;
  for (const insert of request.inserts) problems += insert.problems.length;
  return problems;
}
