import { open } from "node:fs/promises";
import { availableParallelism } from "node:os";
import type { OrgConfig } from "../org/org-config-schema.ts";
import { bytesSource, fileSource } from "../engine/read/source.ts";
import { validateImport } from "../engine/validate.ts";
import { PARALLEL_MIN_BYTES, validateThreads } from "./validate-worker-pool.ts";

/**
 * How many threads `validate` and `error-report` use (ADR 0020, session 20 update). With
 * `BULK_IMPORT_THREADS` set, what it says (`validateThreads`). Otherwise one thread a core (at most
 * four) for an input of PARALLEL_MIN_BYTES or more whose first rows are mostly clean, else one.
 *
 * Why the first rows decide: on a file that is mostly clean, blocks validated on two threads beat
 * one thread (bench/README, session 20); on a file with a problem on every row the threads spend
 * their time making the report's text, and one thread beside the report's writer thread is
 * quicker and smaller. The problems of a file's first rows are a cheap, good guess of the rest
 * (an export's faults are the same on every row: a missing offset, an old request type). A guess
 * that is wrong costs time, never a different report: both paths give the same report, byte for
 * byte.
 */
export async function chooseValidateThreads(
  files: readonly string[],
  sizes: readonly number[],
  context: { config: OrgConfig; mapping?: string },
  env: Readonly<Record<string, string | undefined>> = process.env,
  cores = availableParallelism(),
): Promise<number> {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if ((env.BULK_IMPORT_THREADS ?? "").trim() !== "") return validateThreads(total, env, cores);
  if (total < PARALLEL_MIN_BYTES || cores < 2) return 1;
  const biggest = sizes.indexOf(Math.max(...sizes));
  const rate = await sampleProblemRate(files[biggest]!, context);
  return rate < BUSY_PROBLEMS_PER_ROW ? Math.min(cores, 4) : 1;
}

/** Row problems a row in the sample at or above which one thread validates. */
export const BUSY_PROBLEMS_PER_ROW = 0.1;

/** The start of the file that is sampled: some 250 rows of a typical export, 10-20 ms to validate (512 KiB took ~90 ms). */
export const SAMPLE_BYTES = 64 * 1024;

/**
 * Row problems a row in the file's first SAMPLE_BYTES (its last whole line), validated as the
 * whole file would be (with the mapping, if any); Infinity when the sample has no whole row.
 */
export async function sampleProblemRate(file: string, context: { config: OrgConfig; mapping?: string }, sampleBytes = SAMPLE_BYTES): Promise<number> {
  const head = await readHead(file, sampleBytes);
  const end = head.lastIndexOf(10) + 1;
  if (end === 0) return Infinity;
  let problems = 0;
  const report = await validateImport({
    files: [{ name: file, source: bytesSource(head.subarray(0, end)) }],
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

async function readHead(file: string, bytes: number): Promise<Uint8Array> {
  const handle = await open(file);
  try {
    const buffer = new Uint8Array(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
