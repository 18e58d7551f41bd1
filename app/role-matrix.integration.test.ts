import { beforeAll, describe, expect, it, vi } from "vitest";
import { useTestDb } from "@/lib/testing/use-test-db";
import { createOrganization } from "@/lib/testing/import-fixtures";
import { createAuth } from "@/lib/auth/auth";
import { setPasswordAccount } from "@/lib/auth/accounts";
import { createInvite } from "@/lib/auth/invites";

// The role × endpoint matrix (issue #13): the real server actions and route handlers, called as
// Next calls them, with each role's real session cookie. Expectations are written out by hand, not
// derived from the policy, so a policy or an endpoint that drifts fails here.

let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

// eslint-disable-next-line react-hooks/rules-of-hooks -- the test database helper, not a React hook
const { db, url } = useTestDb();
const secret = "matrix-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
process.env.DATABASE_URL = url;
process.env.BETTER_AUTH_SECRET = secret;

const roles = ["admin", "csm", "customerA", "customerB", "anonymous"] as const;
type Role = (typeof roles)[number];
const cookies = {} as Record<Role, string>;
let orgA: number;
let importOfA: number;
let readyImportOfA: number;

async function signIn(email: string, password: string): Promise<string> {
  const auth = createAuth(db, { baseURL: "http://127.0.0.1:3000", secret });
  const { headers } = await auth.api.signInEmail({ body: { email, password }, headers: new Headers(), returnHeaders: true });
  return headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
}

async function customerOf(organizationId: number, email: string) {
  const user = await setPasswordAccount(db, { email, role: "customer", password: `${email} password` });
  await db.membership.create({ data: { organizationId, userId: user.id, role: "viewer" } });
  return user;
}

beforeAll(async () => {
  orgA = (await createOrganization(db, "matrix-a")).organization.id;
  const orgB = (await createOrganization(db, "matrix-b")).organization.id;
  await setPasswordAccount(db, { email: "admin@matrix.example", role: "admin", password: "admin@matrix.example password" });
  await setPasswordAccount(db, { email: "csm@matrix.example", role: "csm", password: "csm@matrix.example password" });
  const a = await customerOf(orgA, "a@matrix.example");
  await customerOf(orgB, "b@matrix.example");
  // Rolled back: every action past the policy stops at the import's status, so nothing changes.
  importOfA = (await db.importJob.create({ data: { organizationId: orgA, status: "rolled_back", createdById: a.id } })).id;
  readyImportOfA = (await db.importJob.create({ data: { organizationId: orgA, status: "ready", createdById: a.id } })).id;
  for (const [role, email] of [["admin", "admin@matrix.example"], ["csm", "csm@matrix.example"], ["customerA", "a@matrix.example"], ["customerB", "b@matrix.example"]] as const) {
    cookies[role] = await signIn(email, `${email} password`);
  }
  cookies.anonymous = "";
});

/** What the policy let through: "ok" (the endpoint ran; it may still refuse for the import's status) or the refusal. */
function outcome(result: { ok: boolean; reason?: string }): string {
  if (result.ok) return "ok";
  const refusals: Record<string, string> = { "Sign in first.": "401", "You may not do that.": "403", "No such import.": "404", "No such organization.": "404", "No such invite.": "404" };
  return refusals[result.reason ?? ""] ?? "ok";
}

type Endpoint = { name: string; call: () => Promise<string> };

async function endpoints(): Promise<Endpoint[]> {
  const reviewActions = await import("@/app/imports/[id]/actions");
  const { discardImportAction } = await import("@/app/imports/actions");
  const { submitImportAction } = await import("@/app/portal/imports/[id]/actions");
  const { createInviteAction, revokeInviteAction } = await import("@/app/organizations/[slug]/actions");
  const statusRoute = await import("@/app/api/imports/[id]/status/route");
  const errorReportRoute = await import("@/app/api/imports/[id]/error-report/route");
  const resultsRoute = await import("@/app/api/imports/[id]/results/route");
  const params = (id: number) => ({ params: Promise.resolve({ id: String(id) }) });
  const route = async (response: Response) => (response.ok ? "ok" : String(response.status));
  return [
    { name: "GET status", call: async () => route(await statusRoute.GET(new Request("http://x/"), params(importOfA))) },
    { name: "GET error report", call: async () => route(await errorReportRoute.GET(new Request("http://x/"), params(importOfA))) },
    { name: "GET results CSV", call: async () => route(await resultsRoute.GET(new Request("http://x/"), params(importOfA))) },
    { name: "remove a file", call: async () => outcome(await reviewActions.removeFileAction({ jobId: importOfA, fileId: 1 })) },
    { name: "edit a cell", call: async () => outcome(await reviewActions.editCellAction({ jobId: importOfA, rowId: "1", column: "description", value: "x" })) },
    { name: "submit for review", call: async () => outcome(await submitImportAction({ jobId: readyImportOfA })) },
    { name: "queue", call: async () => outcome(await reviewActions.queueImportAction({ jobId: importOfA, onlyValid: false })) },
    { name: "cancel", call: async () => outcome(await reviewActions.cancelImportAction({ jobId: importOfA })) },
    { name: "roll back", call: async () => outcome(await reviewActions.rollbackImportAction({ jobId: importOfA })) },
    { name: "discard", call: async () => outcome(await discardImportAction({ jobId: importOfA })) },
    { name: "create an invite", call: async () => outcome(await createInviteAction({ organizationId: orgA, email: `contact-${Math.random()}@city.example`, expiresInDays: 7 })) },
    {
      name: "revoke an invite",
      call: async () => {
        const created = await createInvite({ organizationId: orgA, email: "revoke-me@city.example", expiresInDays: 7, createdById: 1 }, db);
        return outcome(await revokeInviteAction({ inviteId: created.ok ? created.inviteId : 0 }));
      },
    },
  ];
}

// Staff: everything. Customer of A on its own import: view, download, edit, remove a file, submit; never queue,
// cancel, roll back, discard or invite. Customer of B: A's import and A's invites do not exist.
const expected: Record<string, Record<Role, string>> = {
  "GET status": { admin: "ok", csm: "ok", customerA: "ok", customerB: "404", anonymous: "401" },
  "GET error report": { admin: "ok", csm: "ok", customerA: "ok", customerB: "404", anonymous: "401" },
  "GET results CSV": { admin: "ok", csm: "ok", customerA: "ok", customerB: "404", anonymous: "401" },
  "remove a file": { admin: "ok", csm: "ok", customerA: "ok", customerB: "404", anonymous: "401" },
  "edit a cell": { admin: "ok", csm: "ok", customerA: "ok", customerB: "404", anonymous: "401" },
  "submit for review": { admin: "ok", csm: "ok", customerA: "ok", customerB: "404", anonymous: "401" },
  queue: { admin: "ok", csm: "ok", customerA: "403", customerB: "404", anonymous: "401" },
  cancel: { admin: "ok", csm: "ok", customerA: "403", customerB: "404", anonymous: "401" },
  "roll back": { admin: "ok", csm: "ok", customerA: "403", customerB: "404", anonymous: "401" },
  discard: { admin: "ok", csm: "ok", customerA: "403", customerB: "404", anonymous: "401" },
  "create an invite": { admin: "ok", csm: "ok", customerA: "403", customerB: "404", anonymous: "401" },
  "revoke an invite": { admin: "ok", csm: "ok", customerA: "403", customerB: "404", anonymous: "401" },
};

describe("role × endpoint", () => {
  it("answers each role as the policy says", async () => {
    const actual: Record<string, Record<string, string>> = {};
    for (const endpoint of await endpoints()) {
      actual[endpoint.name] = {};
      for (const role of roles) {
        requestHeaders = new Headers(cookies[role] ? { cookie: cookies[role] } : {});
        actual[endpoint.name]![role] = await endpoint.call();
      }
    }
    expect(actual).toEqual(expected);
    // The import of A was never moved by anyone past the policy: its status held every action.
    expect((await db.importJob.findUniqueOrThrow({ where: { id: importOfA } })).status).toBe("rolled_back");
    expect((await db.importJob.findUniqueOrThrow({ where: { id: readyImportOfA } })).submittedAt).not.toBeNull();
  });
});
