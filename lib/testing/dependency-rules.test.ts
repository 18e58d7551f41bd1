import { execFile } from "node:child_process";
import { mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Each layer rule of .dependency-cruiser.cjs must catch a violation planted in a small tree laid
// out like the project, through relative paths, `@/` paths, npm packages and import().

const root = path.join(import.meta.dirname, "..", "..");
const run = promisify(execFile);

type Violation = { from: string; to: string; rule: { name: string } };

/** file → source; every file the plants import exists, so each import resolves. */
const tree: Record<string, string> = {
  "tsconfig.json": JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@/*": ["./*"] }, allowImportingTsExtensions: true, noEmit: true, jsx: "react-jsx" } }),
  "lib/db/client.ts": "export type Db = { ok: true };\nexport const getDb = () => ({ ok: true });\n",
  "lib/imports/ingest.ts": 'import "server-only";\nexport const ingest = 1;\n',
  "lib/imports/review.ts": "export type ReviewRow = { id: number };\nexport const listRows = () => [];\n",
  "app/imports/actions.ts": "export async function queueAction() {}\n",
  // Planted violations, one per rule (and a second way for some).
  "lib/engine/uses-db.ts": 'import { getDb } from "../db/client.ts";\nexport const x = getDb;\n',
  "lib/geo/uses-next.ts": 'import { NextResponse } from "next/server";\nexport const y = NextResponse;\n',
  "lib/profiles/uses-react.ts": 'import { useState } from "react";\nexport const z = useState;\n',
  "components/uses-app.tsx": 'import { queueAction } from "@/app/imports/actions";\nexport const a = queueAction;\n',
  "lib/uploads/uses-app.ts": 'import { queueAction } from "../../app/imports/actions.ts";\nexport const b = queueAction;\n',
  "lib/uploads/uses-prisma.ts": 'import { getDb } from "../db/client.ts";\nexport const c = getDb;\n',
  "lib/jobs/uses-workflow.ts": 'export const d = () => import("../imports/ingest.ts");\n',
  "components/uses-server-code.tsx": 'import { listRows } from "@/lib/imports/review";\nexport const e = listRows;\n',
  "lib/cli/main.ts": "export const main = 1;\n",
  "lib/imports/uses-cli.ts": 'import { main } from "../cli/main.ts";\nexport const l = main;\n',
  "lib/crm/uses-workflow.ts": 'import { listRows } from "../imports/review.ts";\nexport const m = listRows;\n',
  "lib/crm/cycle-a.ts": 'import { g } from "./cycle-b.ts";\nexport const f = () => g;\n',
  "lib/crm/cycle-b.ts": 'export const g = 1;\nexport const h = () => import("./cycle-a.ts");\n',
  // Allowed: type-only imports of server modules, and the data modules' own use of the client.
  "lib/uploads/names-a-type.ts": 'import type { Db } from "../db/client.ts";\nexport type I = Db;\n',
  "components/names-a-type.tsx": 'import type { ReviewRow } from "@/lib/imports/review";\nexport type J = ReviewRow;\n',
  "lib/imports/uses-db.ts": 'import { getDb } from "../db/client.ts";\nexport const k = getDb;\n',
};

let dir: string;
let violations: Violation[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "dependency-rules-"));
  for (const [file, source] of Object.entries(tree)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), source);
  }
  await symlink(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  const depcruise = path.join(root, "node_modules", ".bin", "depcruise");
  const result = await run(depcruise, ["app", "components", "lib", "--config", path.join(root, ".dependency-cruiser.cjs"), "--output-type", "json"], { cwd: dir, maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }),
  );
  violations = (JSON.parse(result.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const caught = (rule: string) => violations.filter((v) => v.rule.name === rule).map((v) => `${v.from} → ${v.to.replace(/^.*node_modules\//, "node_modules/")}`);

describe("each layer rule catches its planted violation", () => {
  it.each([
    { rule: "engine-is-pure", from: "lib/engine/uses-db.ts", to: "lib/db/client.ts" },
    { rule: "engine-is-pure", from: "lib/geo/uses-next.ts", to: "node_modules/next/" },
    { rule: "engine-is-pure", from: "lib/profiles/uses-react.ts", to: "node_modules/react/" },
    { rule: "components-do-not-import-app", from: "components/uses-app.tsx", to: "app/imports/actions.ts" },
    { rule: "lib-does-not-import-ui", from: "lib/uploads/uses-app.ts", to: "app/imports/actions.ts" },
    { rule: "prisma-only-in-data-modules", from: "lib/uploads/uses-prisma.ts", to: "lib/db/client.ts" },
    { rule: "jobs-do-not-import-the-workflow", from: "lib/jobs/uses-workflow.ts", to: "lib/imports/ingest.ts" },
    { rule: "ui-imports-server-modules-only-as-types", from: "components/uses-server-code.tsx", to: "lib/imports/review.ts" },
    { rule: "layers-point-down", from: "lib/imports/uses-cli.ts", to: "lib/cli/main.ts" },
    { rule: "data-below-the-workflow", from: "lib/crm/uses-workflow.ts", to: "lib/imports/review.ts" },
    { rule: "no-cycles", from: "lib/crm/cycle-a.ts", to: "lib/crm/cycle-b.ts" },
  ])("$rule: $from → $to", ({ rule, from, to }) => {
    expect(caught(rule).some((found) => found.startsWith(`${from} → ${to}`))).toBe(true);
  });

  it("lets type-only imports and the data modules' own client through", () => {
    const allowed = ["lib/uploads/names-a-type.ts", "components/names-a-type.tsx", "lib/imports/uses-db.ts"];
    expect(violations.filter((v) => allowed.includes(v.from))).toEqual([]);
  });
});
