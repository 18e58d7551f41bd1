/**
 * What the database alone costs for the rows an import must write: the CRM rows of N canonical
 * rows (an issue, its acknowledged/closed/archived/system events, comments, answers) COPYed
 * straight into the real tables, in transactions of 2,000 source rows with
 * row triggers off — no queue, no ImportRow, no planning beyond string building — by one
 * connection, then by two at once (as bench:import's worker writes). It is the ceiling of any
 * executor on this data model and this machine, measured against the same baseline as
 * bench:import (COPY of canonical rows into a bare table), in the same run:
 *   - "schema": the tables as migrated (every index);
 *   - "no indexes": the same tables with every index and key dropped.
 *   npx tsx bench/import-floor.bench.ts [--rows 100000]
 */
import { register } from "node:module";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

register("../bin/node-hooks.mjs", import.meta.url);
const { createThrowawayDatabase } = await import("../lib/testing/throwaway-database.ts");
const { pgConfigFromUrl } = await import("../lib/db/database-url.ts");
const { CopyBuffer } = await import("../lib/db/copy-rows.ts");

const at = process.argv.indexOf("--rows");
const rows = at >= 0 ? Number(process.argv[at + 1]) : 100_000;
const CHUNK = 2000;
const log = (line: string) => process.stdout.write(`${line}\n`);
const crmTables = ["Issue", "IssueEvent", "Comment", "Answer"];

async function copy(client: pg.Client, sql: string, buffer: InstanceType<typeof CopyBuffer>) {
  await pipeline(Readable.from(buffer.chunks()), client.query(copyFrom(sql)));
}

/**
 * The bench:import rows as CRM rows (a third closed, comments and answers as that bench's
 * generator makes them), written by `clients` connections at once, each taking every
 * `clients`-th transaction.
 */
async function writeCrmRows(clients: pg.Client[]): Promise<{ seconds: number; written: number }> {
  const start = performance.now();
  const counts = await Promise.all(clients.map((client, index) => writeShare(client, index, clients.length)));
  return { seconds: (performance.now() - start) / 1000, written: counts.reduce((sum, n) => sum + n, 0) };
}

async function writeShare(client: pg.Client, index: number, of: number): Promise<number> {
  const sha = "0".repeat(64);
  let written = 0;
  for (let first = 1 + index * CHUNK; first <= rows; first += CHUNK * of) {
    const n = Math.min(CHUNK, rows - first + 1);
    await client.query("BEGIN");
    await client.query("SET LOCAL session_replication_role = replica");
    const drawn = await client.query<{ ids: number[] }>(`SELECT ARRAY(SELECT nextval('"Issue_id_seq"')::int FROM generate_series(1, $1)) AS ids`, [n]);
    const ids = drawn.rows[0]!.ids;
    const issues = new CopyBuffer();
    const events = new CopyBuffer();
    const comments = new CopyBuffer();
    const answers = new CopyBuffer();
    const now = "2026-01-01 00:00:00";
    for (let i = 0; i < n; i++) {
      const r = first + i;
      const id = ids[i]!;
      const closed = r % 3 === 0 ? "2021-04-01T13:00:00.000Z" : null;
      const created = "2021-03-01T15:11:12.000Z";
      issues.add([id, 1, 1, closed ? "Archived" : "Acknowledged", 42.1 + (r % 500) * 0.00008, -72.53, `${r % 9000} Main St`, "Pothole",
        `A pothole reported by a resident, number ${r}. It is deep enough to damage a tyre.`, 1, r % 2 === 0 ? 2 : null, null, r % 2 === 0,
        created, created, closed, closed, now, now, 1, 1, sha, r]);
      events.add([id, "acknowledged", null, "Acknowledged", "Issue Acknowledged", 1, created, 1]);
      if (closed) {
        events.add([id, "closed", "Acknowledged", "Closed", null, 1, closed, 1]);
        events.add([id, "archived", "Closed", "Archived", null, 1, closed, 1]);
      }
      events.add([id, "system_message", null, null, `Imported from bench.csv, row ${r}, import #1`, 1, now, 1]);
      if (r % 4 === 0) comments.add([id, "public", 1, "Thanks for reporting", 1, created, 1]);
      comments.add([id, "internal", 1, `Original ID: SR-${r}`, r % 4 === 0 ? 2 : 1, created, 1]);
      answers.add([id, 1, ["Small", "Medium", "Large"][r % 3]!]);
      if (r % 2 === 0) answers.add([id, 2, String(r % 12)]);
    }
    await copy(client, `COPY "Issue" (id, "organizationId", "requestTypeId", status, lat, lng, address, summary, description, "reporterId", "assigneeId", "acknowledgeMessage", "autoAssignment", "createdAt", "acknowledgedAt", "closedAt", "archivedAt", "updatedAt", "importedAt", "importJobId", "importFileId", "sourceSha256", "sourceRow") FROM STDIN`, issues);
    await copy(client, `COPY "IssueEvent" ("issueId", kind, "fromStatus", "toStatus", message, "authorId", "occurredAt", "importJobId") FROM STDIN`, events);
    await copy(client, `COPY "Comment" ("issueId", visibility, "authorId", body, position, "createdAt", "importJobId") FROM STDIN`, comments);
    await copy(client, `COPY "Answer" ("issueId", "questionId", value) FROM STDIN`, answers);
    await client.query("COMMIT");
    written += issues.rows + events.rows + comments.rows + answers.rows;
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
  const client = new pg.Client(pgConfigFromUrl(database.url));
  await client.connect();
  try {
    // Baseline, as bench:import: canonical rows (15 text columns) COPYed into a bare table.
    const canonical = new CopyBuffer();
    for (let r = 1; r <= rows; r++) {
      canonical.add([(42.1 + (r % 500) * 0.00008).toFixed(5), "-72.53000", `${r % 9000} Main St`, "Pothole", "Pothole",
        `A pothole reported by a resident, number ${r}. It is deep enough to damage a tyre.`, r % 5 === 0 ? `resident${r % 2000}@example.com` : "",
        "2021-03-01T10:11:12-05:00", "", r % 3 === 0 ? "2021-04-01T09:00:00-04:00" : "", r % 2 === 0 ? "Yes" : "No", "", `Original ID: SR-${r}`, "Small", ""]);
    }
    await client.query(`CREATE TABLE bench_raw (${Array.from({ length: 15 }, (_, i) => `c${i} text`).join(", ")})`);
    const baselineStart = performance.now();
    await copy(client, "COPY bench_raw FROM STDIN", canonical);
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
  }
}

await main();
