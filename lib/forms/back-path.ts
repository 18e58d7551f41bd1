// Where a settings page sends the CSM back to once saved, when it was opened from a review
// ("add this request type"): only an import's page, so the parameter cannot send anyone
// elsewhere (an open redirect).

const importPage = /^\/(?:portal\/)?imports\/[1-9]\d{0,9}$/;

/** The path, if it is an import's page; otherwise null. */
export function safeBackPath(value: unknown): string | null {
  return typeof value === "string" && importPage.test(value) ? value : null;
}
