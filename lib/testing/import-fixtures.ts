import { fixedColumns } from "../engine/format.ts";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { Db } from "../db/client.ts";
import { pgConfigFromUrl } from "../db/database-url.ts";
import { applyOrgConfig } from "../crm/org-config-store.ts";
import { demoOrganizationPath } from "../crm/seed.ts";
import { parseOrgConfig, type OrgConfig } from "../org/org-config-schema.ts";
import { createImportJob, enqueueImportJob } from "../imports/import-jobs.ts";
import { ingestImportJob } from "../imports/ingest.ts";
import { csvLine } from "../engine/write/csv-writer.ts";
import { ImportExecutor } from "../jobs/executor.ts";
import { executorSettings, type ExecutorSettings } from "../jobs/settings.ts";

// Test fixtures for the executor's integration tests: an organization, CSV files, an import
// validated and queued, and a way to run it to the end in-process without the queue.

export async function demoConfig(slug: string, change?: (config: OrgConfig) => OrgConfig): Promise<OrgConfig> {
  const parsed = parseOrgConfig(JSON.parse(await readFile(demoOrganizationPath, "utf8")));
  if (!parsed.ok) throw new Error("demo organization is invalid");
  const config = { ...parsed.config, organization: { ...parsed.config.organization, slug, name: `Org ${slug}` } };
  return change ? change(config) : config;
}

export async function createOrganization(db: Db, slug: string, change?: (config: OrgConfig) => OrgConfig) {
  const config = await demoConfig(slug, change);
  await applyOrgConfig(config, null, db);
  return { config, organization: await db.organization.findUniqueOrThrow({ where: { slug } }) };
}

let tempDir: string | undefined;
export async function writeCsv(name: string, header: readonly string[], rows: readonly (readonly string[])[]): Promise<string> {
  tempDir ??= await mkdtemp(path.join(tmpdir(), "import-it-"));
  const file = path.join(tempDir, name);
  await writeFile(file, csvLine(header) + rows.map((row) => csvLine(row)).join(""));
  return file;
}

export const canonicalHeader: string[] = [...fixedColumns];

/** A valid Pothole row inside the demo organization's Public Works boundary. */
export function potholeRow(n: number, overrides: Partial<Record<string, string>> = {}, header: readonly string[] = [...canonicalHeader, "Q: What is the size of the pothole?"]): string[] {
  const base: Record<string, string> = {
    lat: (42.11 + (n % 100) * 0.0001).toFixed(5),
    lng: (-72.53 - (n % 50) * 0.0001).toFixed(5),
    address: `${n} Main St`,
    request_type: "Pothole",
    summary: "Pothole",
    description: `Hole number ${n}`,
    reporter_email: "",
    created_at: "2021-03-04T10:11:12-05:00",
    acknowledge_message: "",
    closed_at: "",
    auto_assignment: "",
    "Q: What is the size of the pothole?": "Small",
    ...overrides,
  };
  return header.map((column) => base[column] ?? "");
}

/** Creates an import of `files` for the organization, validates it (ingest) and queues it. */
export async function queueImport(
  db: Db,
  databaseUrl: string,
  input: { organizationId: number; files: { name: string; path: string }[]; mapping?: { name: string; path: string }; onlyValid?: boolean; chunkRows?: number },
) {
  const job = await createImportJob({ organizationId: input.organizationId, onlyValid: input.onlyValid ?? false }, db);
  const ingest = await ingestImportJob({ importJobId: job.id, databaseUrl, files: input.files, ...(input.mapping ? { mapping: input.mapping } : {}) }, db);
  const queued = await enqueueImportJob(job.id, { databaseUrl, chunkRows: input.chunkRows ?? 2000, onlyValid: input.onlyValid ?? false }, db);
  if (!queued.ok) throw new Error(queued.reason);
  return { importJobId: job.id, ingest, chunks: queued.chunks };
}

/** An executor on its own pool, for running chunks in-process without pg-boss. */
export function testExecutor(db: Db, databaseUrl: string, settings: Partial<ExecutorSettings> = {}, workerId = "test-worker", log?: (line: string) => void) {
  const pool = new pg.Pool({ ...pgConfigFromUrl(databaseUrl), max: 4 });
  const executor = new ImportExecutor(pool, db, executorSettings(settings), workerId, log);
  return {
    executor,
    pool,
    /** Writes chunks until none is pending (or the import stops). */
    async drain(importJobId: number, maxChunks = Infinity) {
      let chunks = 0;
      while (chunks < maxChunks) {
        const outcome = await executor.processChunk(importJobId, null);
        if (outcome.kind !== "written") return { chunks, outcome };
        chunks++;
      }
      return { chunks, outcome: null };
    },
    end: () => pool.end(),
  };
}
