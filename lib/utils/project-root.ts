import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const packageName = "bulk-import";

/**
 * The repository's root: the nearest folder at or above `from` whose package.json is this
 * project's. Modules find prisma/, docs/ and .data/ through it rather than by counting `..`, so
 * they work the same from the sources and from the CLI's bundle (bin/compiled-entry.mjs).
 */
export function findProjectRoot(from: string): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === packageName) return dir;
      } catch {
        // not a readable manifest: keep looking
      }
    }
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

export const projectRoot = findProjectRoot(import.meta.dirname ?? process.cwd());
