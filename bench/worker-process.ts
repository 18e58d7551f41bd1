// The import worker (bin/worker.mjs) as its own process, for benchmarks that time its jobs.
import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";

const root = path.join(import.meta.dirname, "..");

/** Starts a worker on the database; resolves once it says it is ready. FIX_BENCH_PROFILE=DIR profiles it. */
export async function startWorker(databaseUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...(process.env.FIX_BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.FIX_BENCH_PROFILE}`] : []), path.join(root, "bin", "worker.mjs")], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`worker exited with ${code}`)));
  });
  return child;
}

/** A process's resident memory now, in bytes (0 once it is gone). */
export async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}
