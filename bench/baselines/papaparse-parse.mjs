#!/usr/bin/env node
// The baseline for bench:validate: papaparse's raw streaming parse of FILE, as a user would run
// it: a plain `node` process (no tsx, no loader hooks), the file streamed through
// `Papa.parse(fs.createReadStream(file, { encoding: "utf8" }), { chunk })`, the `chunk` callback
// doing nothing but count rows. Prints one line of JSON: {"rows": N, "ms": M}, where rows counts
// every record papaparse produced (header included) and ms runs from just before Papa.parse to
// `complete` (bench:validate times the whole process from spawn to exit; `ms` is for reference).
//
//   node bench/baselines/papaparse-parse.mjs FILE
//
// The stream uses fs's default 64 KiB reads and a utf8 decoder (so no character is split across
// chunks); the bench's README explains why these and not the CLI's 1 MiB reads.
import { createReadStream } from "node:fs";
import { performance } from "node:perf_hooks";
import Papa from "papaparse";

const file = process.argv[2];
if (!file) {
  process.stderr.write("usage: node bench/baselines/papaparse-parse.mjs FILE\n");
  process.exit(2);
}

const start = performance.now();
let rows = 0;
Papa.parse(createReadStream(file, { encoding: "utf8" }), {
  chunk: (results) => {
    rows += results.data.length;
  },
  complete: () => {
    process.stdout.write(`${JSON.stringify({ rows, ms: Math.round(performance.now() - start) })}\n`);
  },
  error: (error) => {
    process.stderr.write(`papaparse: ${error?.message ?? String(error)}\n`);
    process.exitCode = 1;
  },
});
