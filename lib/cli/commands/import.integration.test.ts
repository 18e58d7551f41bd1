import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "../../testing/use-test-db.ts";
import { canonicalHeader, createOrganization, potholeRow, testExecutor, writeCsv } from "../../testing/import-fixtures.ts";
import { runCli } from "../testing/run-cli.ts";

const { db, url } = useTestDb();
const previous = { DATABASE_URL: process.env.DATABASE_URL, IMPORT_CHUNK_ROWS: process.env.IMPORT_CHUNK_ROWS };

const run = runCli;

beforeAll(() => {
  process.env.DATABASE_URL = url;
  // Small chunks, so that an import can be caught half-way.
  process.env.IMPORT_CHUNK_ROWS = "2";
});

afterAll(async () => {
  process.env.DATABASE_URL = previous.DATABASE_URL;
  process.env.IMPORT_CHUNK_ROWS = previous.IMPORT_CHUNK_ROWS;
});

const size = "Q: What is the size of the pothole?";
const header = [...canonicalHeader, size];

describe("bulk-import import", () => {
  it("refuses files with validation errors (exit 1) and says how to go on; --only-valid imports the valid rows", async () => {
    await createOrganization(db, "cli-errors");
    const file = await writeCsv("cli-errors.csv", header, [potholeRow(1), potholeRow(2, { created_at: "2021-03-04 10:11:12" }), potholeRow(3)]);
    const refused = await run(["import", "--org", "cli-errors", file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("invalid_timestamp");
    expect(refused.stderr).toMatch(/was not started: the files have 1 validation error\. .*error-report.*--only-valid/s);
    expect(await db.issue.count({ where: { organization: { slug: "cli-errors" } } })).toBe(0);

    const imported = await run(["import", "--org", "cli-errors", "--only-valid", file]);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toMatch(/import #\d+ completed: 3\/3 rows \(100%\).*2 issues created, 1 row skipped, 0 rows failed/);
    expect(imported.stderr).toContain("skipped 1: has 1 validation error (invalid_timestamp)");
    expect(await db.issue.count({ where: { organization: { slug: "cli-errors" } } })).toBe(2);
    // The refused import was validated again and reused, not duplicated.
    expect(await db.importJob.count({ where: { organization: { slug: "cli-errors" } } })).toBe(1);
  });

  it("run again after a crash, the same command resumes the unfinished import instead of starting another", async () => {
    await createOrganization(db, "cli-resume");
    const rows = Array.from({ length: 10 }, (_, i) => potholeRow(i + 1, { reporter_email: i === 3 ? "new.guest@cli-resume.example" : "" }));
    const file = await writeCsv("cli-resume.csv", header, rows);
    const queued = await run(["import", "--org", "cli-resume", "--no-wait", file]);
    expect(queued.code).toBe(0);
    const importJobId = Number(/Import #(\d+) is queued/.exec(queued.stderr)?.[1]);
    // A worker wrote two chunks, then died.
    const runner = testExecutor(db, url);
    await runner.drain(importJobId, 2);
    await runner.end();
    expect(await db.importJob.findUniqueOrThrow({ where: { id: importJobId } })).toMatchObject({ status: "running", rowsDone: 4 });

    const again = await run(["import", "--org", "cli-resume", file]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`Resuming import #${importJobId} (running) of these files.`);
    expect(await db.importJob.count({ where: { organization: { slug: "cli-resume" } } })).toBe(1);
    expect(await db.importJob.findUniqueOrThrow({ where: { id: importJobId } })).toMatchObject({ status: "completed", rowsDone: 10, issuesCreated: 10, chunksDone: 5 });
    expect(again.stderr).toContain(`bulk-import users --import ${importJobId} -o new-users.csv`);

    // The new users, for the invitation task.
    const usersFile = path.join(path.dirname(file), "new-users.csv");
    const users = await run(["users", "--import", String(importJobId), "-o", usersFile]);
    expect(users.code).toBe(0);
    const csv = (await readFile(usersFile, "utf8")).split("\r\n");
    expect(csv[0]).toBe("email,name,invitation_state,created_at,import_id,issues_reported");
    expect(csv[1]).toMatch(new RegExp(`^new\\.guest@cli-resume\\.example,,pending,[^,]+,${importJobId},1$`));

    // status, and the job commands' refusals.
    const status = await run(["jobs", "status", String(importJobId), "--format", "json"]);
    expect(JSON.parse(status.stdout)).toMatchObject({ id: importJobId, status: "completed", rowsDone: 10, totalRows: 10, percent: 100, usersCreated: 1 });
    const cancel = await run(["jobs", "cancel", String(importJobId)]);
    expect(cancel).toMatchObject({ code: 2, stderr: `Import #${importJobId} is already completed.\n` });

    // Importing the same file into the organization again: every row skipped, and said up front.
    const twice = await run(["import", "--org", "cli-resume", file]);
    expect(twice.code).toBe(0);
    expect(twice.stderr).toContain(`10 rows of it were already imported into cli-resume by import #${importJobId}; they will be skipped.`);
    expect(twice.stderr).toContain(`skipped 10: already imported by import #${importJobId}`);

    // Export, then roll back.
    const out = path.join(path.dirname(file), "cli-resume-export.csv");
    const exported = await run(["export", "--org", "cli-resume", "--import", String(importJobId), "-o", out]);
    expect(exported).toMatchObject({ code: 0, stderr: `Wrote 10 issues to ${out} (Pothole).\n` });
    expect((await readFile(out, "utf8")).split("\r\n").filter(Boolean)).toHaveLength(11);
    const rollback = await run(["jobs", "rollback", String(importJobId)]);
    expect(rollback).toMatchObject({ code: 0, stderr: `Rolled back import #${importJobId}: removed 10 issues and 1 guest user.\n` });
  });

  it("--resume continues an import by number; usage errors exit 2", async () => {
    expect((await run(["import", "--resume", "999999"])).stderr).toContain("There is no import #999999.");
    expect((await run(["import", "--resume", "x"])).code).toBe(2);
    expect((await run(["import", "--org", "nowhere", "missing.csv"])).stderr).toMatch(/cannot read missing\.csv: no such file/);
    const file = await writeCsv("cli-noorg.csv", header, [potholeRow(1)]);
    const noOrg = await run(["import", "--org", "nowhere", file]);
    expect(noOrg).toMatchObject({ code: 2 });
    expect(noOrg.stderr).toContain('no organization with slug "nowhere"');
  });
});
