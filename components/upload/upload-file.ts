// Uploads one file as the request body with XMLHttpRequest, the one browser API that reports
// upload progress.
export type UploadOutcome = { ok: true } | { ok: false; reason: string };

export function uploadFile(url: string, file: File, onProgress: (loaded: number) => void, signal?: AbortSignal): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open("PUT", url);
    request.setRequestHeader("content-type", "application/octet-stream");
    request.upload.onprogress = (event) => onProgress(event.loaded);
    request.onload = () => {
      let body: { ok?: boolean; reason?: string } = {};
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = {};
      }
      if (request.status >= 200 && request.status < 300 && body.ok) {
        onProgress(file.size);
        resolve({ ok: true });
      } else {
        resolve({ ok: false, reason: body.reason ?? `The upload of ${file.name} failed (HTTP ${request.status}).` });
      }
    };
    request.onerror = () => resolve({ ok: false, reason: `The upload of ${file.name} failed: the connection was lost.` });
    request.onabort = () => resolve({ ok: false, reason: `The upload of ${file.name} was cancelled.` });
    signal?.addEventListener("abort", () => request.abort());
    request.send(file);
  });
}
