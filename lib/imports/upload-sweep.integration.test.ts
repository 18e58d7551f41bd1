import { existsSync } from "node:fs";
import { mkdtemp, utimes, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useTestDb } from "../testing/use-test-db.ts";
import { createOrganization } from "../testing/import-fixtures.ts";
import { saveUpload, uploadPath } from "../uploads/upload-storage.ts";
import { attachUploadedFile } from "./import-drafts.ts";
import { createImportJob } from "./import-jobs.ts";
import { sweepUploads } from "./upload-sweep.ts";

// The sweep of uploads nobody keeps: a discarded import's files that survived a crash, and orphans
// past the grace period; files of live imports, and fresh uploads still in flight, stay.

process.env.UPLOAD_DIR = await mkdtemp(path.join(tmpdir(), "upload-sweep-"));
const { db } = useTestDb();

async function upload(jobId: number, name: string) {
  const saved = await saveUpload({ jobId, fileName: name, body: new Response("a,b\n1,2\n").body! });
  if (!saved.ok) throw new Error(saved.reason);
  await attachUploadedFile(jobId, "data", name, saved.upload, null, db);
  return saved.upload.storageKey;
}

const ago = async (key: string, hours: number) => {
  const when = new Date(Date.now() - hours * 3600_000);
  await utimes(uploadPath(key), when, when);
};

describe("sweeping uploads", () => {
  it("deletes a discarded import's files and old orphans, and keeps live files and fresh uploads", async () => {
    const { organization } = await createOrganization(db, "upload-sweep");
    const live = await createImportJob({ organizationId: organization.id }, db);
    const liveKey = await upload(live.id, "live.csv");
    await ago(liveKey, 48);
    // A discard whose file delete never happened (the process died after the commit).
    const discarded = await createImportJob({ organizationId: organization.id }, db);
    const discardedKey = await upload(discarded.id, "discarded.csv");
    await db.importJob.update({ where: { id: discarded.id }, data: { status: "cancelled" } });
    // Orphans: bytes no ImportFile names, one old and one just written (an upload in flight).
    const oldOrphan = path.join("999999", "old.upload");
    const freshOrphan = path.join("999998", "fresh.upload");
    for (const key of [oldOrphan, freshOrphan]) {
      await mkdir(path.dirname(uploadPath(key)), { recursive: true });
      await writeFile(uploadPath(key), "x");
    }
    await ago(oldOrphan, 48);

    const swept = await sweepUploads({}, db);
    expect(swept).toEqual({ discardedKeys: 1, removedFiles: [oldOrphan] });
    expect(existsSync(uploadPath(discardedKey))).toBe(false);
    expect(await db.importFile.count({ where: { importJobId: discarded.id, storageKey: { not: null } } })).toBe(0);
    expect(existsSync(uploadPath(oldOrphan))).toBe(false);
    expect(existsSync(path.dirname(uploadPath(oldOrphan)))).toBe(false);
    expect(existsSync(uploadPath(freshOrphan))).toBe(true);
    expect(existsSync(uploadPath(liveKey))).toBe(true);
    // A second sweep finds nothing more.
    expect(await sweepUploads({}, db)).toEqual({ discardedKeys: 0, removedFiles: [] });
  });
});
