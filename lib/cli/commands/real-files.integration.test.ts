import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "../../testing/use-test-db.ts";
import { applyFixtureOrganization } from "../../testing/fixture-organization.ts";
import { convertBytes, lostValues, readSource, realDir } from "../../profiles/testing/convert-helpers.ts";
import { runCli } from "../testing/run-cli.ts";

// The two shared real exports, end to end from the command line: detected, converted, validated
// and imported (`import --profile auto`), then exported back, where every source value of every
// imported row is still there (in its canonical column or in the internal comment).

const { db, url } = useTestDb();
const previous = { DATABASE_URL: process.env.DATABASE_URL, IMPORT_CHUNK_ROWS: process.env.IMPORT_CHUNK_ROWS };
let dir = "";

beforeAll(async () => {
  process.env.DATABASE_URL = url;
  process.env.IMPORT_CHUNK_ROWS = "40";
  dir = await mkdtemp(path.join(tmpdir(), "real-files-"));
  await applyFixtureOrganization(url, "lib/profiles/testing/real-files-org.json");
});

afterAll(() => {
  process.env.DATABASE_URL = previous.DATABASE_URL;
  process.env.IMPORT_CHUNK_ROWS = previous.IMPORT_CHUNK_ROWS;
});

describe("real exports imported from the command line", () => {
  it.each([
    { file: "boston311-100.csv", profile: "boston-311", rows: 100, imported: 99, timestamps: ["open_dt", "closed_dt"], id: "case_enquiry_id" },
    { file: "publicstuff-hoboken-20190521.csv", profile: "publicstuff-csv", rows: 91, imported: 91, timestamps: ["Date Created"], id: "ID" },
  ])("$file: converted with $profile, $imported of $rows rows imported, every value kept", async ({ file, profile, rows, imported, timestamps, id }) => {
    const source = path.join(realDir, file);
    const result = await runCli(["import", "--org", "real-files", "--only-valid", source]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`converted with the source profile ${profile}`);
    const job = await db.importJob.findFirstOrThrow({ where: { files: { some: { name: source } } }, orderBy: { id: "desc" }, include: { files: true } });
    expect(job).toMatchObject({ status: "completed", totalRows: rows, issuesCreated: imported });
    expect(job.files[0]).toMatchObject({ profile, header: expect.arrayContaining(["lat", "lng", "created_at"]) });
    expect(job.files[0]!.sourceHeader).toContain(id);

    const out = path.join(dir, `${profile}.csv`);
    const exported = await runCli(["export", "--org", "real-files", "--import", String(job.id), "-o", out]);
    expect(exported.code, exported.stderr).toBe(0);
    // The export may split by request types that share question texts: read every file it wrote.
    const written = (await readdir(dir)).filter((name) => name.startsWith(profile)).map((name) => path.join(dir, name));
    const back = (await Promise.all(written.map(async (name) => convertBytes(await readFile(name), { profile: "auto" })))).flatMap((converted) => converted.rows);
    const sourceRows = await readSource(await readFile(source), ",");
    const idAt = sourceRows.header.indexOf(id);
    // Each imported source row, found in the export by its id (kept in the internal comment).
    const importedRows = sourceRows.rows.filter((fields) => back.some((row) => row.values.internal_comment_1?.includes(`${id}: ${fields[idAt]}`)));
    expect(importedRows.length).toBe(imported);
    const byId = (fields: string[]) => back.find((row) => row.values.internal_comment_1?.includes(`${id}: ${fields[idAt]}`))!;
    const lost = lostValues({ header: sourceRows.header, rows: importedRows }, { choice: null, compiled: null, header: [], delimiter: ",", rows: importedRows.map(byId), findings: [] }, timestamps);
    expect(lost).toEqual([]);
  }, 180_000);
});
