import { open, type FileHandle } from "node:fs/promises";
import { availableParallelism } from "node:os";
import type { OrgConfig } from "../org/org-config-schema.ts";
import { bytesSource, fileSource } from "../engine/read/source.ts";
import { validateImport } from "../engine/validate.ts";
import type { RowProblemsForm } from "../engine/parallel/segment-validator.ts";
import { PARALLEL_MIN_BYTES, validateThreads } from "./validate-worker-pool.ts";

/**
 * How many threads `validate` and `error-report` use (ADR 0020, session 20 update; ADR 0023,
 * session 25 update). With `BULK_IMPORT_THREADS` set, what it says (`validateThreads`). Otherwise
 * one thread a core (at most four) for an input of PARALLEL_MIN_BYTES or more, unless the input's
 * sample (its biggest file's start and middle) is busy; then, by what the blocks give
 * (`rowProblems`): one thread when they would make the report's text ("text": a JSON report to a
 * pipe, the error report); a core less, at least one and at most BUSY_PACKING_THREADS, when they
 * pack their problems for the report's writer thread ("packed": a report file), which needs a
 * core of its own; all of them when they give only counts ("counts": the text report).
 *
 * Why: on a file that is mostly clean, blocks validated on two threads beat one thread
 * (bench/README, session 20); on a file with a problem on every row, threads that make the
 * report's text spend their time on it, and one thread beside the report's writer is quicker and
 * smaller. Packed blocks beside the writer on two cores were no quicker than one thread either
 * (session 25: the writer and the kernel's copy of the report take most of a core, and a second
 * validating thread costs ~1 s of CPU more), but use the cores a bigger machine has. The sample
 * also tells the writer to start early (`busy`). A sample of its start and middle is a cheap, good guess of the rest (an export's faults are
 * the same on every row: a missing offset, an old request type). A guess that is wrong costs time
 * and memory (a file clean at its start and middle and busy elsewhere), never a different report:
 * both paths give the same report, byte for byte. `busy`: the sample was taken and was busy (the
 * report will be big).
 */
export async function chooseValidateThreads(
  files: readonly string[],
  sizes: readonly number[],
  context: { config: OrgConfig; mapping?: string; rowProblems: RowProblemsForm },
  env: Readonly<Record<string, string | undefined>> = process.env,
  cores = availableParallelism(),
): Promise<{ threads: number; busy: boolean }> {
  const most = mostValidateThreads(sizes, env, cores);
  if (most === 1 || (env.BULK_IMPORT_THREADS ?? "").trim() !== "") return { threads: most, busy: false };
  const biggest = sizes.indexOf(Math.max(...sizes));
  const busy = (await sampleProblemRate(files[biggest]!, context)) >= BUSY_PROBLEMS_PER_ROW;
  if (!busy || context.rowProblems === "counts") return { threads: most, busy };
  return { threads: context.rowProblems === "packed" ? Math.max(1, Math.min(most, cores - 1, BUSY_PACKING_THREADS)) : 1, busy };
}

/**
 * The threads chooseValidateThreads gives the run unless the sample is busy: what
 * BULK_IMPORT_THREADS asks, or one a core (at most four) for an input of PARALLEL_MIN_BYTES or
 * more. The CLI starts that many workers before the sample is read (they take ~250 ms to load).
 */
export function mostValidateThreads(
  sizes: readonly number[],
  env: Readonly<Record<string, string | undefined>> = process.env,
  cores = availableParallelism(),
): number {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if ((env.BULK_IMPORT_THREADS ?? "").trim() !== "") return validateThreads(total, env, cores);
  return total < PARALLEL_MIN_BYTES || cores < 2 ? 1 : Math.min(cores, 4);
}

/**
 * Threads at most that validate a busy input packing for the writer: on the every-row-error file
 * (1M rows, run with BULK_IMPORT_THREADS on two cores, session 25) two took 219-230 MiB, three
 * 275 MiB and four 302 MiB, past the 256 MB the run may use whatever its problem count.
 */
export const BUSY_PACKING_THREADS = 2;

/** Row problems a row in the sample at or above which one thread validates. */
export const BUSY_PROBLEMS_PER_ROW = 0.1;

/** Bytes of each part of the sample (the file's start, its middle): some 250 rows of a typical export each; the two validate in 10-20 ms (512 KiB took ~90 ms). */
export const SAMPLE_BYTES = 64 * 1024;

/**
 * Row problems a row in a sample of the file, validated as the whole file would be (with the
 * mapping, if any) in one run: its first SAMPLE_BYTES (to the last whole line) and, past a few
 * samples' size, as much from its middle (its whole lines). The middle catches a file that turns
 * busy after a clean start (its threads would make the report's text: ~275 MB on a 1M-row file
 * with a problem on every row, past the 256 MB ceiling). Infinity when the start has no whole row.
 */
export async function sampleProblemRate(file: string, context: { config: OrgConfig; mapping?: string }, sampleBytes = SAMPLE_BYTES): Promise<number> {
  const handle = await open(file);
  let sample: Uint8Array;
  try {
    const { size } = await handle.stat();
    const head = await readAt(handle, 0, sampleBytes);
    const headEnd = head.lastIndexOf(10) + 1;
    if (headEnd === 0) return Infinity;
    sample = head.subarray(0, headEnd);
    if (size >= 4 * sampleBytes) {
      // A line that starts inside a quoted field reads as a broken row: busier, so one thread;
      // never a wrong report.
      const middle = await readAt(handle, Math.floor(size / 2), sampleBytes);
      const from = middle.indexOf(10) + 1;
      const to = middle.lastIndexOf(10) + 1;
      if (from > 0 && to > from) sample = Buffer.concat([sample, middle.subarray(from, to)]);
    }
  } finally {
    await handle.close();
  }
  let problems = 0;
  const report = await validateImport({
    files: [{ name: file, source: bytesSource(sample) }],
    ...(context.mapping ? { mapping: { name: context.mapping, source: fileSource(context.mapping) } } : {}),
    config: context.config,
    onRowProblems: (_file, rowProblems) => {
      problems += rowProblems.length;
    },
    transientRowProblems: true,
    deferTexts: true,
  });
  const rows = report.summary.rows;
  return rows === 0 ? Infinity : problems / rows;
}

async function readAt(handle: FileHandle, position: number, bytes: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(bytes);
  const { bytesRead } = await handle.read(buffer, 0, bytes, position);
  return buffer.subarray(0, bytesRead);
}
