/**
 * A `Content-Disposition: attachment` header for any file name (RFC 6266 with the RFC 5987
 * `filename*` form): an ASCII fallback for old clients and the exact name, UTF-8 percent-encoded,
 * for the rest. A header value must be Latin-1, so a name in any other script cannot go in raw.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_").trim() || "download";
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
