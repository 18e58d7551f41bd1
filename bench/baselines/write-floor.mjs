#!/usr/bin/env node
// What writing a report of BYTES costs this host alone: a plain `node` process writing BYTES to
// FILE in 1 MiB writes (the size BufferedOutput hands the disk), from one buffer, and nothing else.
// The every-row-error file's report is ~892 MB; on this VM copying that much into the page cache
// took 0.2 to 2.1 s of kernel time from one minute to the next (`dd` showed the same), so
// bench:validate measures it beside that file's runs, to tell the host's share from the CLI's.
// Prints one line of JSON: {"bytes": N, "ms": M}. The caller removes FILE.
//
//   node bench/baselines/write-floor.mjs BYTES FILE
import { Buffer } from "node:buffer";
import { closeSync, openSync, writeSync } from "node:fs";
import { performance } from "node:perf_hooks";

const bytes = Number(process.argv[2]);
const file = process.argv[3];
if (!Number.isSafeInteger(bytes) || bytes < 0 || !file) {
  process.stderr.write("usage: node bench/baselines/write-floor.mjs BYTES FILE\n");
  process.exit(2);
}

const start = performance.now();
const buffer = Buffer.alloc(1024 * 1024, "x");
const fd = openSync(file, "w");
for (let written = 0; written < bytes; ) {
  const n = Math.min(buffer.length, bytes - written);
  written += writeSync(fd, buffer, 0, n);
}
closeSync(fd);
process.stdout.write(`${JSON.stringify({ bytes, ms: Math.round(performance.now() - start) })}\n`);
