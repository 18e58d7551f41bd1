import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { useTestDb } from "../testing/use-test-db.ts";
import { canonicalHeader, createOrganization, potholeRow, queueImport, testExecutor, writeCsv } from "../testing/import-fixtures.ts";
import { saveUpload, uploadPath } from "../uploads/upload-storage.ts";
import { attachUploadedFile } from "./import-drafts.ts";
import { createImportJob, resumeImportJob } from "./import-jobs.ts";
import { ingestImportJob } from "./ingest.ts";
import { discardImport } from "./discard.ts";

const { db, url } = useTestDb();
const header = [...canonicalHeader, "Q: What is the size of the pothole?"];

async function upload(jobId: number, name: string, text: string) {
  const saved = await saveUpload({ jobId, fileName: name, body: new Response(text).body! });
  if (!saved.ok) throw new Error(saved.reason);
  await attachUploadedFile(jobId, "data", name, saved.upload, null, db);
  return saved.upload.storageKey;
}

describe("discarding an import that was never queued", () => {
  it("removes its rows, counts and uploaded files, and keeps it in the list as cancelled", async () => {
    const { organization } = await createOrganization(db, "discard");
    const job = await createImportJob({ organizationId: organization.id }, db);
    const csv = [header, potholeRow(1), potholeRow(2, { auto_assignment: "yes" })].map((row) => row.join(",")).join("\n");
    const key = await upload(job.id, "discard.csv", csv);
    await ingestImportJob({ importJobId: job.id, databaseUrl: url, files: [{ name: "discard.csv", path: uploadPath(key) }] }, db);
    expect(await db.importRow.count({ where: { importJobId: job.id } })).toBe(2);

    expect(await discardImport(job.id, null, db)).toEqual({ ok: true, removedFiles: 1 });
    expect(existsSync(uploadPath(key))).toBe(false);
    expect(await db.importRow.count({ where: { importJobId: job.id } })).toBe(0);
    expect(await db.importProblemCount.count({ where: { importJobId: job.id } })).toBe(0);
    expect(await db.importJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "cancelled", queuedAt: null });
    // It cannot come back as an import.
    expect(await resumeImportJob(job.id, {}, db)).toMatchObject({ ok: false, reason: expect.stringContaining("discarded") });
    expect(await discardImport(job.id, null, db)).toMatchObject({ ok: false });
  });

  it("a draft with nothing validated goes too, and a re-uploaded file leaves no orphan", async () => {
    const { organization } = await createOrganization(db, "discard-draft");
    const job = await createImportJob({ organizationId: organization.id }, db);
    const first = await upload(job.id, "same.csv", "lat,lng\n1,2\n");
    const second = await upload(job.id, "same.csv", "lat,lng\n3,4\n");
    expect(existsSync(uploadPath(first))).toBe(false); // replaced by the second upload of the name
    expect(await discardImport(job.id, null, db)).toEqual({ ok: true, removedFiles: 1 });
    expect(existsSync(uploadPath(second))).toBe(false);
  });

  it("refuses an import that was queued", async () => {
    const { organization } = await createOrganization(db, "discard-queued");
    const file = await writeCsv("discard-queued.csv", header, [potholeRow(1)]);
    const { importJobId } = await queueImport(db, url, { organizationId: organization.id, files: [{ name: "discard-queued.csv", path: file }] });
    const runner = testExecutor(db, url);
    await runner.drain(importJobId);
    await runner.end();
    expect(await discardImport(importJobId, null, db)).toMatchObject({ ok: false, reason: expect.stringContaining("never queued") });
  });
});


