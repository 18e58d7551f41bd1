/**
 * What the database alone costs for the rows an import must write: bench:import's canonical
 * rows, planned and written exactly as the executor writes them (row-plan.ts, crm-rows.ts: an
 * issue, its acknowledged/closed/archived/system events, comments, answers), COPYed straight into
 * the real tables in transactions of 2,000 source rows with row triggers off — no queue, no
 * ImportRow to read back, no reporters to look up — by one connection, then by two at once (as
 * bench:import's worker writes). It is the ceiling of any executor on this data model and this
 * machine, measured against bench:import's baseline (COPY of the same rows as CSV into a bare
 * table), in the same run:
 *   - "schema": the tables as migrated (every index);
 *   - "no indexes": the same tables with every index and key dropped.
 *   npx tsx bench/import-floor.bench.ts [--rows 100000]
 */
import { register } from "node:module";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { importBenchHeader, importBenchRow } from "./import-rows.ts";

register("../bin/node-hooks.mjs", import.meta.url);
const { createThrowawayDatabase } = await import("../lib/testing/throwaway-database.ts");
const { pgConfigFromUrl } = await import("../lib/db/database-url.ts");
const { CrmRows } = await import("../lib/jobs/crm-rows.ts");
const { fileLayout, planRow } = await import("../lib/jobs/row-plan.ts");
const { csvLine } = await import("../lib/engine/write/csv-writer.ts");

const at = process.argv.indexOf("--rows");
const rows = at >= 0 ? Number(process.argv[at + 1]) : 100_000;
const CHUNK = 2000;
const log = (line: string) => process.stdout.write(`${line}\n`);
const crmTables = ["Issue", "IssueEvent", "Comment", "Answer"];

// The rows planned as the executor plans them (row-plan.ts), against stand-in ids: the request
// type (1), its auto-assign user (2), its questions (1, 2), the reporter and generic user (1).
const layout = fileLayout(importBenchHeader);
const types = {
  byTitle: new Map([["Pothole", { id: 1, autoAssignUserId: 2, questions: new Map([["What is the size of the pothole?", 1], ["How deep is it, in inches?", 2]]) }]]),
  mapping: new Map<string, string>(),
};

/**
 * The bench:import rows as the executor writes them (`CrmRows`), by `clients` connections at
 * once, each taking every `clients`-th transaction.
 */
async function writeCrmRows(clients: pg.Client[]): Promise<{ seconds: number; written: number }> {
  const start = performance.now();
  const counts = await Promise.all(clients.map((client, index) => writeShare(client, index, clients.length)));
  return { seconds: (performance.now() - start) / 1000, written: counts.reduce((sum, n) => sum + n, 0) };
}

async function writeShare(client: pg.Client, index: number, of: number): Promise<number> {
  const sha256 = "0".repeat(64);
  let written = 0;
  for (let first = 1 + index * CHUNK; first <= rows; first += CHUNK * of) {
    const n = Math.min(CHUNK, rows - first + 1);
    await client.query("BEGIN");
    await client.query("SET LOCAL session_replication_role = replica");
    const drawn = await client.query<{ now: string; ids: number[] }>(
      `SELECT (now() AT TIME ZONE 'UTC')::text AS now, ARRAY(SELECT nextval('"Issue_id_seq"')::int FROM generate_series(1, $1)) AS ids`,
      [n],
    );
    const { now, ids } = drawn.rows[0]!;
    const crm = new CrmRows({ organizationId: 1, importJobId: 1, genericUserId: 1, now });
    for (let i = 0; i < n; i++) {
      const row = first + i;
      const plan = planRow(layout, types, importBenchRow(row));
      if (!plan.ok) throw new Error(`row ${row}: ${plan.reason}`);
      crm.add(ids[i]!, { importFileId: 1, fileName: "bench.csv", sha256, row }, plan.issue, 1);
    }
    await crm.copy(client);
    await client.query("COMMIT");
    written += crm.rows;
  }
  return written;
}

async function dropIndexes(client: pg.Client) {
  const constraints = await client.query<{ table: string; name: string }>(
    `SELECT conrelid::regclass::text AS table, conname AS name FROM pg_constraint WHERE contype IN ('p', 'u', 'f') AND conrelid::regclass::text = ANY($1)`,
    [crmTables.map((table) => `"${table}"`)],
  );
  for (const { table, name } of constraints.rows) await client.query(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS "${name}" CASCADE`);
  const indexes = await client.query<{ name: string }>(`SELECT indexname AS name FROM pg_indexes WHERE tablename = ANY($1)`, [crmTables]);
  for (const { name } of indexes.rows) await client.query(`DROP INDEX IF EXISTS "${name}"`);
}

async function main() {
  const database = await createThrowawayDatabase("bulk_import_floor");
  const dir = await mkdtemp(path.join(tmpdir(), "import-floor-"));
  const file = path.join(dir, "bench.csv");
  const client = new pg.Client(pgConfigFromUrl(database.url));
  await client.connect();
  try {
    // Baseline, exactly as bench:import's: the canonical rows written to a CSV file, then
    // streamed from it with COPY into a bare table.
    const csv = [csvLine(importBenchHeader)];
    for (let row = 1; row <= rows; row++) csv.push(csvLine(importBenchRow(row)));
    await writeFile(file, csv.join(""));
    csv.length = 0;
    await client.query(`CREATE TABLE bench_raw (${importBenchHeader.map((_, i) => `c${i} text`).join(", ")})`);
    const baselineStart = performance.now();
    await pipeline(createReadStream(file), client.query(copyFrom("COPY bench_raw FROM STDIN WITH (FORMAT csv, HEADER true)")));
    const baseline = rows / ((performance.now() - baselineStart) / 1000);
    await client.query("DROP TABLE bench_raw");

    log(`bench:import-floor: ${rows.toLocaleString("en-US")} canonical rows; baseline COPY into a bare table ${Math.round(baseline).toLocaleString("en-US")} rows/s`);
    const second = new pg.Client(pgConfigFromUrl(database.url));
    await second.connect();
    const results: Record<string, { rowsPerSecond: number; ratio: number; written: number }> = {};
    try {
      for (const indexes of ["schema", "no indexes"] as const) {
        if (indexes === "no indexes") await dropIndexes(client);
        for (const connections of [[client], [client, second]]) {
          const variant = `${indexes}, ${connections.length} connection${connections.length === 1 ? "" : "s"}`;
          await client.query(`TRUNCATE ${crmTables.map((table) => `"${table}"`).join(", ")}`);
          await client.query("CHECKPOINT");
          const { seconds, written } = await writeCrmRows(connections);
          const rate = rows / seconds;
          results[variant] = { rowsPerSecond: Math.round(rate), ratio: Number((rate / baseline).toFixed(3)), written };
          log(`${variant.padEnd(26)} ${seconds.toFixed(2)} s  ${Math.round(rate).toLocaleString("en-US").padStart(8)} source rows/s  ratio ${(rate / baseline).toFixed(3)}  (${written.toLocaleString("en-US")} CRM rows written)`);
        }
      }
    } finally {
      await second.end();
    }
    log(JSON.stringify({ bench: "import-floor", rows, baselineRowsPerSecond: Math.round(baseline), results }));
  } finally {
    await client.end();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
