import { mkdtemp, readdir, rm, stat, utimes, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importEntry, sourceFingerprint } from "./compiled-entry.mjs";

let root: string;
let cacheDir: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "compiled-entry-"));
  cacheDir = path.join(root, "cache");
  await writeFile(path.join(root, "package.json"), JSON.stringify({ name: "fixture", type: "module" }));
  await mkdir(path.join(root, "lib", "cli"), { recursive: true });
  await writeFile(path.join(root, "lib", "cli", "main.ts"), `import { answer } from "../answer.ts";\nexport const value: number = answer + 1;\n`);
  await writeFile(path.join(root, "lib", "answer.ts"), `export const answer: number = 41;\n`);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const bundles = async () => (await readdir(cacheDir)).filter((name) => name.startsWith("main-"));

describe("importEntry", () => {
  it("runs the entry from a bundle, built once and reused while the sources stay the same", async () => {
    expect((await importEntry("lib/cli/main.ts", { root, cacheDir })).value).toBe(42);
    const [built] = await bundles();
    expect(built).toBeDefined();
    const builtAt = (await stat(path.join(cacheDir, built!))).mtimeMs;
    expect((await importEntry("lib/cli/main.ts", { root, cacheDir })).value).toBe(42);
    expect(await bundles()).toEqual([built]);
    expect((await stat(path.join(cacheDir, built!))).mtimeMs).toBe(builtAt);
  });

  it("rebuilds when any source under lib/ changes, and drops the stale bundle", async () => {
    await importEntry("lib/cli/main.ts", { root, cacheDir });
    const [before] = await bundles();
    await writeFile(path.join(root, "lib", "answer.ts"), `export const answer: number = 99;\n`);
    expect((await importEntry("lib/cli/main.ts", { root, cacheDir })).value).toBe(100);
    const after = await bundles();
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before);
  });
});

describe("sourceFingerprint", () => {
  it("changes with a file's content or time, a new file, and not otherwise", async () => {
    const first = sourceFingerprint("lib/cli/main.ts", root);
    expect(sourceFingerprint("lib/cli/main.ts", root)).toBe(first);
    const file = path.join(root, "lib", "answer.ts");
    await utimes(file, new Date(2020, 0, 1), new Date(2020, 0, 1));
    const touched = sourceFingerprint("lib/cli/main.ts", root);
    expect(touched).not.toBe(first);
    await writeFile(path.join(root, "lib", "more.ts"), "export {};\n");
    expect(sourceFingerprint("lib/cli/main.ts", root)).not.toBe(touched);
    // Tests are not part of the bundle.
    const withoutTest = sourceFingerprint("lib/cli/main.ts", root);
    await writeFile(path.join(root, "lib", "answer.test.ts"), "export {};\n");
    expect(sourceFingerprint("lib/cli/main.ts", root)).toBe(withoutTest);
  });
});
