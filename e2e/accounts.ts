// The accounts the e2e server creates (e2e/serve.ts) and the setup project signs in once each
// (e2e/auth.setup.ts). Specs run as the CSM unless they say otherwise.

export const accounts = {
  admin: { email: "admin@e2e.example", name: "Ada Admin", password: "e2e admin password", role: "admin" },
  csm: { email: "csm@e2e.example", name: "Casey E2E", password: "e2e csm password", role: "csm" },
} as const;

export type AccountName = keyof typeof accounts;

/** Where a signed-in account's cookies are kept for the specs. */
export const stateFile = (name: AccountName) => `test-results/.auth/${name}.json`;

/** For a spec (or describe) that runs signed out. */
export const signedOut = { cookies: [], origins: [] };
