// Runs a TypeScript entry point of lib/ from a cached esbuild bundle, rebuilt whenever a file
// under lib/ changes. Loading the ~200 source modules one by one through tsx's loader hooks costs
// ~0.7 s on every start of the CLI or a worker; the bundle loads in about a tenth of that.
// Packages stay external (resolved from node_modules as usual). When the bundle cannot be built,
// or BULK_IMPORT_NO_BUNDLE is set, the sources run through tsx as before.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const projectRoot = path.join(import.meta.dirname, "..");
const STALE_BUNDLE_MS = 24 * 60 * 60 * 1000;

/** Every source the bundle is made of, by path, size and mtime; and the build's own inputs. */
export function sourceFingerprint(entry, root = projectRoot) {
  const hash = createHash("sha1").update(`${entry}\n`);
  const walk = (dir) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const item of entries) {
      const full = path.join(dir, item.name);
      if (item.isDirectory()) walk(full);
      else if (!item.name.endsWith(".test.ts")) {
        const info = statSync(full);
        hash.update(`${full}:${info.size}:${info.mtimeMs}\n`);
      }
    }
  };
  walk(path.join(root, path.dirname(entry).split(path.sep)[0]));
  if (!entry.startsWith("lib/")) walk(path.join(root, "lib"));
  for (const file of ["package-lock.json", "tsconfig.json", "bin/compiled-entry.mjs"]) {
    const info = statSync(path.join(root, file), { throwIfNoEntry: false });
    hash.update(`${file}:${info?.size}:${info?.mtimeMs}\n`);
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * Packages bundled with the sources instead of loaded from node_modules at run time: zod's ~80
 * modules (its locales among them) took ~60 ms of every CLI start to resolve, read and compile.
 */
const BUNDLED_PACKAGES = new Set(["zod"]);

/** The data modules' `import "server-only"` marker: outside Next they are server code already. */
const ALIASES = { "server-only": path.join(projectRoot, "node_modules", "server-only", "empty.js") };

/**
 * Packages that few runs need, loaded at their first use instead of at every start of the CLI and
 * of each validate worker: chardet and iconv-lite read files that are not UTF-8, temporal-polyfill
 * gives zone rules for timestamps without an offset, fastest-levenshtein suggests a request type.
 * Imported through ESM's loader they took ~60-75 ms of each thread's start (its CommonJS
 * translation parses a package's source for its exports); required, ~30 ms, and only when used.
 * Each import of one becomes a small module (`lazyModule`) whose exports require the package
 * (CommonJS, or ESM: Node >= 20.19, package.json's engines) when first touched. What each
 * export is (the module's default, an object or a function) is listed here.
 */
const LAZY_PACKAGES = {
  chardet: { default: "object" },
  "iconv-lite": { default: "object" },
  "temporal-polyfill": { Temporal: "object" },
  "fastest-levenshtein": { distance: "function" },
};

/** The source of the module that stands for a LAZY_PACKAGES package. */
function lazyModule(name) {
  const lines = [
    'import { createRequire } from "node:module";',
    "let loaded;",
    `const load = () => (loaded ??= createRequire(import.meta.url)(${JSON.stringify(name)}));`,
  ];
  for (const [exported, kind] of Object.entries(LAZY_PACKAGES[name])) {
    const value = exported === "default" ? "load()" : `load()[${JSON.stringify(exported)}]`;
    const stand = kind === "function" ? `(...args) => ${value}(...args)` : `new Proxy({}, { get: (_target, key) => ${value}[key] })`;
    lines.push(exported === "default" ? `export default ${stand};` : `export const ${exported} = ${stand};`);
  }
  return lines.join("\n");
}

const lazyPackages = {
  name: "lazy-packages",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, ({ path: specifier }) => (Object.hasOwn(LAZY_PACKAGES, specifier) ? { path: specifier, namespace: "lazy-package" } : undefined));
    build.onLoad({ filter: /.*/, namespace: "lazy-package" }, ({ path: name }) => ({ contents: lazyModule(name), loader: "js" }));
  },
};

/** Every package import stays external, resolved from node_modules as usual, but for BUNDLED_PACKAGES. */
const externalPackages = {
  name: "external-packages",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, ({ path: specifier }) => {
      const name = specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");
      return BUNDLED_PACKAGES.has(name) || name in ALIASES ? undefined : { path: specifier, external: true };
    });
  },
};

async function buildBundle(entry, name, dir, root, cacheDir) {
  const { build } = await import("esbuild");
  // A staging folder of this call's own: the validate workers are threads of one process, and two
  // of them building at once into one folder (named by the process id) let one load a module the
  // other was still writing ("Unexpected end of input", seen once in CI).
  const staging = `${dir}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await build({
      entryPoints: { [name]: path.join(root, entry) },
      outdir: staging,
      outExtension: { ".js": ".mjs" },
      bundle: true,
      splitting: true, // the CLI's command families stay lazily loaded chunks
      format: "esm",
      platform: "node",
      target: "node20",
      plugins: [lazyPackages, externalPackages],
      alias: ALIASES,
      sourcemap: true,
      logLevel: "silent",
    });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  try {
    renameSync(staging, dir);
  } catch (error) {
    // Another process built the same sources first: use theirs.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(dir)) throw error;
  }
  // Older bundles go after a day: a process still running from one (a worker started before the
  // edit) loads its command chunks lazily and would fail if they vanished under it.
  for (const old of readdirSync(cacheDir)) {
    const full = path.join(cacheDir, old);
    if (!old.startsWith(`${name}-`) || full === dir || old.endsWith(".tmp")) continue;
    const info = statSync(full, { throwIfNoEntry: false });
    if (info && Date.now() - info.mtimeMs > STALE_BUNDLE_MS) rmSync(full, { recursive: true, force: true });
  }
}

/**
 * The module at `entry` (a path from the repository root, e.g. "lib/cli/main.ts"), bundled when
 * possible. `root` and `cacheDir` are for tests.
 */
export async function importEntry(entry, { root = projectRoot, cacheDir = path.join(root, "node_modules", ".cache", "bulk-import") } = {}) {
  let bundled = null;
  if (!process.env.BULK_IMPORT_NO_BUNDLE) {
    try {
      const name = path.basename(entry, ".ts");
      const dir = path.join(cacheDir, `${name}-${sourceFingerprint(entry, root)}`);
      const file = path.join(dir, `${name}.mjs`);
      if (!existsSync(file)) {
        mkdirSync(cacheDir, { recursive: true });
        await buildBundle(entry, name, dir, root, cacheDir);
      }
      bundled = file;
    } catch (error) {
      if (process.env.BULK_IMPORT_DEBUG) console.error("bulk-import: running from the sources, the bundle failed:", error);
    }
  }
  if (bundled) return import(pathToFileURL(bundled).href);
  await import("./register.mjs");
  return import(pathToFileURL(path.join(root, entry)).href);
}
