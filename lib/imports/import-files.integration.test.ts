import { beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "../testing/use-test-db.ts";
import { canonicalHeader, createOrganization, potholeRow, writeCsv } from "../testing/import-fixtures.ts";
import { createImportJob, enqueueImportJob } from "./import-jobs.ts";
import { ingestImportJob } from "./ingest.ts";
import { applyRowChanges, listRowEdits } from "./row-edits.ts";
import { getImportCounts } from "./import-counts.ts";
import { listBlockedFiles, removeImportFile } from "./import-files.ts";

const { db, url } = useTestDb();
const sizeQ = "Q: What is the size of the pothole?";
const header = [...canonicalHeader, sizeQ];
let userId: number;

beforeAll(async () => {
  userId = (await db.user.upsert({ where: { email: "files-it@bulk-import.example" }, update: {}, create: { email: "files-it@bulk-import.example", isStaff: true } })).id;
});

describe("a file with a whole-file error", () => {
  it("blocks the import, says which file and why; removed, the other file's rows and edits stay and the counts follow", async () => {
    const { organization } = await createOrganization(db, "blocked-file");
    const good = await writeCsv("good.csv", header, [potholeRow(1), potholeRow(2, { auto_assignment: "yes" })]);
    const blocked = await writeCsv("extra-column.csv", [...header, "colour"], [[...potholeRow(3), "red"], [...potholeRow(4), "blue"]]);
    const job = await createImportJob({ organizationId: organization.id }, db);
    await ingestImportJob({ importJobId: job.id, databaseUrl: url, files: [{ name: "good.csv", path: good }, { name: "extra-column.csv", path: blocked }] }, db);

    const [file] = await listBlockedFiles(job.id, db);
    expect(file).toMatchObject({ name: "extra-column.csv", problems: [expect.objectContaining({ code: expect.any(String), message: expect.stringContaining("colour") })] });
    expect(await enqueueImportJob(job.id, { databaseUrl: url, onlyValid: true }, db)).toEqual({
      ok: false,
      reason: "extra-column.csv has a whole-file error: upload it fixed, or remove it from the import.",
    });

    const wrong = await db.importRow.findFirstOrThrow({ where: { importJobId: job.id, row: 2, importFile: { name: "good.csv" } } });
    await applyRowChanges(job.id, [{ rowId: wrong.id, column: "auto_assignment", value: "Yes" }], { userId }, db);
    expect(await getImportCounts(job.id, db)).toMatchObject({ rows: 4, validRows: 2, errors: 1 });

    expect(await removeImportFile(job.id, file!.id, db)).toEqual({ ok: true, name: "extra-column.csv" });
    expect(await listBlockedFiles(job.id, db)).toEqual([]);
    expect(await db.importJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "ready", totalRows: 2, validRows: 2, errorCount: 0, warningCount: 0 });
    expect(await getImportCounts(job.id, db)).toMatchObject({ rows: 2, validRows: 2, errorRows: 0, errors: 0, warnings: 0, problems: [] });
    expect(await listRowEdits(job.id, wrong.id, db)).toHaveLength(1); // the other file's edit stays
    expect(await db.importRow.count({ where: { importJobId: job.id } })).toBe(2);

    const only = await db.importFile.findFirstOrThrow({ where: { importJobId: job.id, kind: "data" } });
    expect(await removeImportFile(job.id, only.id, db)).toEqual({ ok: false, reason: "good.csv is the import's only file: discard the import instead." });
    expect(await enqueueImportJob(job.id, { databaseUrl: url, chunkRows: 2000 }, db)).toMatchObject({ ok: true, rows: 2 });
    expect(await removeImportFile(job.id, only.id, db)).toEqual({ ok: false, reason: `Import #${job.id} is queued; its files can no longer change.` });
  });
});
