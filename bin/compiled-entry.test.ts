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

  it("rebuilds when any source under lib/ changes; keeps a recent bundle (a process may run from it), drops one a day old", async () => {
    await importEntry("lib/cli/main.ts", { root, cacheDir });
    const [first] = await bundles();
    await writeFile(path.join(root, "lib", "answer.ts"), `export const answer: number = 99;\n`);
    expect((await importEntry("lib/cli/main.ts", { root, cacheDir })).value).toBe(100);
    const second = (await bundles()).find((name) => name !== first);
    expect(second).toBeDefined();
    expect((await bundles()).sort()).toEqual([first, second].sort());

    const dayAgo = new Date(Date.now() - 25 * 60 * 60 * 1000);
    await utimes(path.join(cacheDir, first!), dayAgo, dayAgo);
    await writeFile(path.join(root, "lib", "answer.ts"), `export const answer: number = 7;\n`);
    expect((await importEntry("lib/cli/main.ts", { root, cacheDir })).value).toBe(8);
    const left = await bundles();
    expect(left).toHaveLength(2);
    expect(left).not.toContain(first);
    expect(left).toContain(second);
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
