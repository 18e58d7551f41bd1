// CPU time of processes from /proc, for benchmarks that say what each process of a run used.
import { readdir, readFile } from "node:fs/promises";

const TICKS = 100; // USER_HZ: /proc's clock ticks a second

/** A process's name and its CPU seconds so far (user + system); none and 0 once it is gone. */
export async function processCpu(pid: number | string): Promise<{ name: string; seconds: number }> {
  const text = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  const close = text.lastIndexOf(")");
  if (close < 0) return { name: "", seconds: 0 };
  const fields = text.slice(close + 2).split(" ");
  return { name: text.slice(text.indexOf("(") + 1, close), seconds: (Number(fields[11]) + Number(fields[12])) / TICKS }; // utime stime
}

/** CPU seconds so far of every `postgres` process on the machine (a backend that has ended is not counted). */
export async function postgresCpuSeconds(): Promise<number> {
  let total = 0;
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const usage = await processCpu(entry);
    if (usage.name === "postgres") total += usage.seconds;
  }
  return total;
}
