import "server-only";
import { readdir, rmdir, stat } from "node:fs/promises";
import path from "node:path";
import { getDb, type Db } from "../db/client.ts";
import { removeUpload, uploadRoot } from "../uploads/upload-storage.ts";

// Uploaded files nobody keeps any more (issue #13): a discarded import's files are deleted by the
// discard itself, but a crash between its commit and the delete, an upload whose request died
// before its ImportFile was written, or a file replaced mid-crash leaves bytes on disk that no row
// names. The worker process runs this sweep at start and every hour (lib/runtime/worker-main.ts).

/** Files younger than this are left alone: an upload in flight has no ImportFile row yet. */
export const UPLOAD_SWEEP_GRACE_MS = 6 * 60 * 60 * 1000;

export type UploadSweep = { discardedKeys: number; removedFiles: string[] };

export async function sweepUploads(options: { graceMs?: number; now?: Date } = {}, db: Db = getDb()): Promise<UploadSweep> {
  const now = options.now ?? new Date();
  // A discarded import (cancelled before it was ever queued) that still names files: forget them, then delete.
  const discarded = await db.importFile.findMany({ where: { storageKey: { not: null }, importJob: { status: "cancelled", queuedAt: null } }, select: { id: true, storageKey: true } });
  if (discarded.length) await db.importFile.updateMany({ where: { id: { in: discarded.map((file) => file.id) } }, data: { storageKey: null } });
  for (const file of discarded) await removeUpload(file.storageKey);

  const kept = new Set((await db.importFile.findMany({ where: { storageKey: { not: null } }, select: { storageKey: true } })).map((file) => file.storageKey!));
  const removedFiles: string[] = [];
  const root = uploadRoot();
  const cutoff = now.getTime() - (options.graceMs ?? UPLOAD_SWEEP_GRACE_MS);
  for (const dir of await readdir(root, { withFileTypes: true }).catch(() => [])) {
    if (!dir.isDirectory()) continue;
    const names = await readdir(path.join(root, dir.name));
    for (const name of names) {
      const key = path.join(dir.name, name);
      if (kept.has(key)) continue;
      const info = await stat(path.join(root, key)).catch(() => null);
      if (!info?.isFile() || info.mtimeMs > cutoff) continue;
      await removeUpload(key);
      removedFiles.push(key);
    }
    // An import's directory with nothing left in it goes too (rmdir refuses one that is not empty).
    await rmdir(path.join(root, dir.name)).catch(() => undefined);
  }
  return { discardedKeys: discarded.length, removedFiles };
}
