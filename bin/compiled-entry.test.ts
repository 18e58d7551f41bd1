import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile, mkdir } from "node:fs/promises";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";
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

describe("importEntry, many at once in one process (the validate workers are threads of it)", () => {
  it("builds in a staging folder of each caller's own, so none loads a bundle another is still writing", async () => {
    // A bigger bundle, so the builds overlap.
    await writeFile(path.join(root, "lib", "answer.ts"), `export const filler: string[] = [\n${Array.from({ length: 5000 }, (_, i) => `  "${i}${"x".repeat(100)}",`).join("\n")}\n];\nexport const answer: number = 41;\n`);
    await writeFile(path.join(root, "lib", "cli", "main.ts"), `import { answer, filler } from "../answer.ts";\nexport const value: number = answer + 1;\nexport const fillers: number = filler.length;\n`);
    // Worker threads: one process id, a module cache each.
    const code = `
      import { workerData, parentPort } from "node:worker_threads";
      const { importEntry } = await import(workerData.entry);
      try {
        const module = await importEntry("lib/cli/main.ts", { root: workerData.root, cacheDir: workerData.cacheDir });
        parentPort.postMessage([module.value, module.fillers]);
      } catch (error) {
        parentPort.postMessage(String(error));
      }`;
    const entry = pathToFileURL(path.join(import.meta.dirname, "compiled-entry.mjs")).href;
    const loaded = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData: { entry, root, cacheDir } });
        const [answer] = (await once(worker, "message")) as [unknown];
        await worker.terminate();
        return answer;
      }),
    );
    expect(loaded).toEqual(Array.from({ length: 4 }, () => [42, 5000]));
    const [bundle] = await bundles();
    expect(await readdir(cacheDir)).toEqual([bundle]); // no staging folder left behind
    expect(await readFile(path.join(cacheDir, bundle!, "main.mjs"), "utf8")).toContain(`"4999${"x".repeat(100)}"`);
  });
});

describe("importEntry's lazy packages", () => {
  it("loads chardet, iconv-lite, temporal-polyfill and fastest-levenshtein at their first use, not when the bundle loads", async () => {
    await symlink(path.join(import.meta.dirname, "..", "node_modules"), path.join(root, "node_modules"));
    await writeFile(
      path.join(root, "lib", "cli", "main.ts"),
      [
        'import chardet from "chardet";',
        'import iconv from "iconv-lite";',
        'import { distance } from "fastest-levenshtein";',
        'import { Temporal } from "temporal-polyfill";',
        "export const use = () => [",
        '  chardet.detect(Buffer.from("plain text")),',
        '  iconv.decode(Buffer.from([0x43, 0x61, 0x66, 0xe9]), "windows-1252"),',
        '  distance("kitten", "sitting"),',
        "  Temporal.Instant.fromEpochMilliseconds(0).toString(),",
        "];",
      ].join("\n"),
    );
    // In a process of its own: the test runner's may have loaded these packages already.
    const script = `
      import { createRequire } from "node:module";
      const { importEntry } = await import(${JSON.stringify(pathToFileURL(path.join(import.meta.dirname, "compiled-entry.mjs")).href)});
      const cache = createRequire(import.meta.url).cache;
      const lazy = ["chardet", "fastest-levenshtein", "iconv-lite", "temporal-polyfill"];
      const loaded = () => lazy.filter((name) => Object.keys(cache).some((file) => file.includes("/node_modules/" + name + "/")));
      const main = await importEntry("lib/cli/main.ts", { root: ${JSON.stringify(root)}, cacheDir: ${JSON.stringify(cacheDir)} });
      const before = loaded();
      const results = main.use();
      console.log(JSON.stringify({ before, after: loaded(), results }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], { cwd: root });
    expect(JSON.parse(stdout)).toEqual({
      before: [],
      after: ["chardet", "fastest-levenshtein", "iconv-lite", "temporal-polyfill"],
      results: ["ASCII", "Café", 3, "1970-01-01T00:00:00Z"],
    });
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
