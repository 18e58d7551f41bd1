import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A worker's script under bin/ (e.g. "validate-worker.mjs"), found upwards from this module: a
 * source file, or the CLI's bundle under node_modules/.cache.
 */
export function binScript(name: string): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "bin", name);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`bin/${name} not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
