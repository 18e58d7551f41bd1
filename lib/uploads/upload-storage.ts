import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { getEnvWithoutDatabase } from "../env.ts";

// Uploaded files are streamed to disk (never buffered whole) and hashed on the way, so a 100 MB
// export costs a few kilobytes of memory. The sha256 identifies the file for exactly-once imports.

export type StoredUpload = { storageKey: string; sha256: string; byteSize: number };
export type UploadResult = { ok: true; upload: StoredUpload } | { ok: false; reason: string };

export function uploadRoot(): string {
  return path.resolve(getEnvWithoutDatabase().UPLOAD_DIR);
}

export function uploadPath(storageKey: string): string {
  const root = uploadRoot();
  const full = path.resolve(root, storageKey);
  if (!full.startsWith(root + path.sep)) throw new Error("Bad storage key");
  return full;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

export async function saveUpload(options: {
  jobId: number;
  fileName: string;
  body: WebReadableStream<Uint8Array> | ReadableStream<Uint8Array>;
  maxBytes?: number;
  /** The bytes the client said it sends (Content-Length): fewer arriving is a cut-off upload, never a shorter file. */
  expectedBytes?: number | null;
}): Promise<UploadResult> {
  const maxBytes = options.maxBytes ?? getEnvWithoutDatabase().UPLOAD_MAX_BYTES;
  // A key that cannot collide (two uploads in one millisecond kept each other's bytes once); the
  // file's own name, in any script, is display text on its ImportFile.
  const storageKey = path.join(String(options.jobId), `${randomUUID()}.upload`);
  const target = uploadPath(storageKey);
  await mkdir(path.dirname(target), { recursive: true });
  const hash = createHash("sha256");
  let byteSize = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      byteSize += chunk.length;
      if (byteSize > maxBytes) {
        callback(new UploadTooLargeError(`${options.fileName} is larger than the ${formatBytes(maxBytes)} upload limit (UPLOAD_MAX_BYTES).`));
        return;
      }
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(options.body as WebReadableStream<Uint8Array>), meter, createWriteStream(target));
  } catch (error) {
    await rm(target, { force: true });
    if (error instanceof UploadTooLargeError) return { ok: false, reason: error.message };
    return { ok: false, reason: `The upload of ${options.fileName} was interrupted: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (options.expectedBytes != null && byteSize !== options.expectedBytes) {
    await rm(target, { force: true });
    return { ok: false, reason: `The upload of ${options.fileName} was cut off: ${byteSize.toLocaleString("en-US")} of ${options.expectedBytes.toLocaleString("en-US")} bytes arrived, and nothing was kept. Upload it again.` };
  }
  if (byteSize === 0) {
    await rm(target, { force: true });
    return { ok: false, reason: `${options.fileName} is empty.` };
  }
  return { ok: true, upload: { storageKey, sha256: hash.digest("hex"), byteSize: (await stat(target)).size } };
}

class UploadTooLargeError extends Error {}

/** A name with control characters (NUL, line breaks, …) is refused: it would be shown and sent back in headers. */
export function fileNameProblem(name: string): string | null {
  // eslint-disable-next-line no-control-regex -- control characters are what is looked for
  return /[\u0000-\u001f\u007f]/.test(name) ? "The file name has control characters; rename the file and upload it again." : null;
}

/** Removes a stored upload (a replaced or discarded file); a file already gone is fine. */
export async function removeUpload(storageKey: string | null | undefined): Promise<void> {
  if (storageKey) await rm(uploadPath(storageKey), { force: true });
}
