import { readFile } from "node:fs/promises";
import path from "node:path";
import { createDb } from "../db/client.ts";
import { applyOrgConfig } from "../crm/org-config-store.ts";
import { parseOrgConfig } from "../org/org-config-schema.ts";
import { projectRoot } from "../utils/project-root.ts";

/** Applies an organization file (a path from the project root) to a test database. */
export async function applyFixtureOrganization(databaseUrl: string, file: string): Promise<void> {
  const parsed = parseOrgConfig(JSON.parse(await readFile(path.join(projectRoot, file), "utf8")));
  if (!parsed.ok) throw new Error(`${file} is not a valid organization: ${parsed.problems.map((problem) => `${problem.path}: ${problem.message}`).join("; ")}`);
  const db = createDb(databaseUrl, { max: 1 });
  try {
    await applyOrgConfig(parsed.config, null, db);
  } finally {
    await db.$disconnect();
  }
}
