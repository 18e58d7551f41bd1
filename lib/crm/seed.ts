import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { getDb, type Db } from "../db/client.ts";
import { parseOrgConfig } from "../org/org-config-schema.ts";
import { applyOrgConfig } from "./org-config-store.ts";
import { projectRoot } from "../utils/project-root.ts";

export const demoOrganizationPath = path.join(projectRoot, "prisma", "seed", "demo-organization.json");

/** Creates the demo organization unless it exists (a CSM's later edits are never overwritten). */
export async function seedDemoOrganization(db: Db = getDb()): Promise<boolean> {
  const parsed = parseOrgConfig(JSON.parse(await readFile(demoOrganizationPath, "utf8")));
  if (!parsed.ok) throw new Error(`The demo organization is invalid: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
  const existing = await db.organization.findUnique({ where: { slug: parsed.config.organization.slug } });
  if (existing) return false;
  await applyOrgConfig(parsed.config, null, db);
  // A CSM account for the app itself.
  await db.user.upsert({ where: { email: "csm@bulk-import.example" }, update: { isStaff: true, role: "csm" }, create: { email: "csm@bulk-import.example", name: "Casey (CSM)", isStaff: true, role: "csm" } });
  return true;
}
