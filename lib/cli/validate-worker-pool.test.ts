import { describe, expect, it } from "vitest";
import { PARALLEL_MIN_BYTES, validateThreads } from "./validate-worker-pool.ts";

describe("validateThreads", () => {
  const big = PARALLEL_MIN_BYTES;
  it.each([
    ["unset: one thread", undefined, big, 8, 0],
    ["empty", "", big, 8, 0],
    ["a number", "2", big, 8, 2],
    ["a number on a small input", "2", big - 1, 8, 0],
    ["auto: one a core", "auto", big, 2, 2],
    ["auto: at most 4", "auto", big, 16, 4],
    ["auto on one core", "auto", big, 1, 0],
    ["at most 16", "99", big, 8, 16],
    ["0", "0", big, 8, 0],
    ["not a number", "two", big, 8, 0],
    ["a fraction", "1.5", big, 8, 0],
  ] as const)("%s", (_, value, bytes, cores, expected) => {
    expect(validateThreads(bytes, value === undefined ? {} : { BULK_IMPORT_THREADS: value }, cores)).toBe(expected);
  });
});
