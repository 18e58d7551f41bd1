import { createHash } from "node:crypto";
import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fileNameProblem, saveUpload, uploadPath } from "./upload-storage.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "uploads-"));
  process.env.UPLOAD_DIR = dir;
});

/** A request body arriving in chunks, as a browser sends a big file. */
function body(chunks: number, chunkBytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent === chunks) return controller.close();
      controller.enqueue(new Uint8Array(chunkBytes).fill(97 + (sent % 26)));
      sent += 1;
    },
  });
}

describe("saveUpload", () => {
  it("streams a big body to disk and hashes it on the way", async () => {
    const result = await saveUpload({ jobId: 1, fileName: "big.csv", body: body(64, 256 * 1024), maxBytes: 100 * 1024 * 1024 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const stored = await readFile(uploadPath(result.upload.storageKey));
    expect(result.upload.byteSize).toBe(16 * 1024 * 1024);
    expect(stored.length).toBe(16 * 1024 * 1024);
    expect(result.upload.sha256).toBe(createHash("sha256").update(stored).digest("hex"));
  });

  it.each([
    ["cut short", 10 * 1024 * 1024, "The upload of cut.csv was cut off: 10,485,760 of 12,582,912 bytes arrived, and nothing was kept. Upload it again."],
    ["longer than announced", 10 * 1024 * 1024 + 1, "The upload of cut.csv was cut off: 10,486,784 of 10,485,760 bytes arrived, and nothing was kept. Upload it again."],
  ] as const)("refuses a body whose length is not its Content-Length (%s) and keeps nothing", async (_name, arriving, reason) => {
    const jobId = arriving === 10 * 1024 * 1024 ? 3 : 4;
    const announced = arriving === 10 * 1024 * 1024 ? 12 * 1024 * 1024 : 10 * 1024 * 1024;
    const result = await saveUpload({ jobId, fileName: "cut.csv", body: body(Math.ceil(arriving / 1024), 1024), maxBytes: 100 * 1024 * 1024, expectedBytes: announced });
    expect(result).toEqual({ ok: false, reason });
    expect(await readdir(path.join(dir, String(jobId)))).toEqual([]);
  });

  it("keeps a body of exactly its Content-Length", async () => {
    const result = await saveUpload({ jobId: 5, fileName: "whole.csv", body: body(4, 1024), expectedBytes: 4096 });
    expect(result).toMatchObject({ ok: true, upload: { byteSize: 4096 } });
  });

  it("refuses a body over the limit with a clear message and keeps nothing", async () => {
    const result = await saveUpload({ jobId: 2, fileName: "huge.csv", body: body(5, 1024 * 1024), maxBytes: 3 * 1024 * 1024 });
    expect(result).toEqual({ ok: false, reason: "huge.csv is larger than the 3 MB upload limit (UPLOAD_MAX_BYTES)." });
    expect(await readdir(path.join(dir, "2"))).toEqual([]);
  });

  it("refuses an empty file", async () => {
    expect(await saveUpload({ jobId: 3, fileName: "empty.csv", body: body(0, 1) })).toEqual({ ok: false, reason: "empty.csv is empty." });
  });

  it.each([
    "../../etc/passwd",
    "C:\\Users\\me\\potholes 2023.csv",
    "市民からの要望.csv",
    "résumé;rm -rf.csv",
  ])("keeps %j out of the storage key (the name is display text only)", async (name) => {
    const result = await saveUpload({ jobId: 4, fileName: name, body: body(1, 10) });
    expect(result.ok && result.upload.storageKey).toMatch(/^4\/[0-9a-f-]{36}\.upload$/);
  });

  it("gives two uploads of the same moment their own bytes", async () => {
    const [a, b] = await Promise.all([saveUpload({ jobId: 5, fileName: "same.csv", body: body(3, 1000) }), saveUpload({ jobId: 5, fileName: "same.csv", body: body(5, 1000) })]);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.upload.storageKey).not.toBe(b.upload.storageKey);
    expect((await readFile(uploadPath(a.upload.storageKey))).length).toBe(3000);
    expect((await readFile(uploadPath(b.upload.storageKey))).length).toBe(5000);
  });

  it.each([
    ["potholes.csv", null],
    ["市民からの要望.csv", null],
    ["bad\u0000name.csv", "control characters"],
    ["two\nlines.csv", "control characters"],
    ["tab\there.csv", "control characters"],
  ])("file name %j: %s", (name, problem) => {
    const found = fileNameProblem(name);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });

  it("never resolves a storage key outside the upload folder", () => {
    expect(() => uploadPath("../outside.csv")).toThrow(/Bad storage key/);
  });
});
