import { beforeAll, describe, expect, it, vi } from "vitest";
import { useTestDb } from "@/lib/testing/use-test-db";
import { createOrganization } from "@/lib/testing/import-fixtures";
import { createAuth } from "@/lib/auth/auth";
import { setPasswordAccount } from "@/lib/auth/accounts";
import { createInvite } from "@/lib/auth/invites";
import { listEndpoints } from "@/lib/testing/endpoints";
import { NextRequest } from "next/server";

// The role × endpoint matrix (issue #13): every server action and route handler under app/ (found
// from the code, lib/testing/endpoints.ts: a new one fails until it is listed here), called as Next
// calls them, with each role's real session cookie. Expectations are written out by hand, not
// derived from the policy, so a policy or an endpoint that drifts fails here.

let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => undefined, has: () => false, delete: () => undefined }) }));
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
let agencyOfA: number;

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
  agencyOfA = (await db.agency.findFirstOrThrow({ where: { organizationId: orgA } })).id;
  for (const [role, email] of [["admin", "admin@matrix.example"], ["csm", "csm@matrix.example"], ["customerA", "a@matrix.example"], ["customerB", "b@matrix.example"]] as const) {
    cookies[role] = await signIn(email, `${email} password`);
  }
  cookies.anonymous = "";
});

/** What the policy let through: "ok" (the endpoint ran; it may still refuse for the import's status or its input) or the refusal. */
function outcome(result: { ok: boolean; reason?: string } | void): string {
  if (!result || result.ok) return "ok";
  const refusals: Record<string, string> = {
    "Sign in first.": "401",
    "You may not do that.": "403",
    "Not found.": "404",
    "No such import.": "404",
    "No such organization.": "404",
    "No such invite.": "404",
    "You cannot import into that organization.": "404",
  };
  return refusals[result.reason ?? ""] ?? "ok";
}

/** The 404s the policy gives (an id that names nothing the viewer may see), as against an endpoint's own "not there". */
const policyNotFound = new Set(["No such import.", "Not found.", "No such organization.", "No such agency."]);

/** A route's answer: its policy refusal (401, 403, 404), else "ok" (it ran, whatever it then said about the input). */
async function route(response: Response): Promise<string> {
  if (![401, 403, 404].includes(response.status)) return "ok";
  const reason = ((await response.json().catch(() => null)) as { reason?: string } | null)?.reason;
  return response.status === 404 && reason && !policyNotFound.has(reason) ? "ok" : String(response.status);
}

/** A server action that ends in redirect() (sign-out, an accepted invite) throws Next's redirect: it ran. */
async function redirecting(run: () => Promise<unknown>): Promise<string> {
  try {
    return outcome((await run()) as { ok: boolean; reason?: string });
  } catch (error) {
    if (String((error as { digest?: string }).digest ?? "").startsWith("NEXT_REDIRECT")) return "ok";
    throw error;
  }
}

type Expectation = Record<Role, string>;
// Staff everything; a customer of A on its own import or organization what customers may do; a
// customer of B finds nothing of A's; nobody must sign in.
const customerVerb: Expectation = { admin: "ok", csm: "ok", customerA: "ok", customerB: "404", anonymous: "401" };
const staffVerb: Expectation = { admin: "ok", csm: "ok", customerA: "403", customerB: "404", anonymous: "401" };
const staffOnly: Expectation = { admin: "ok", csm: "ok", customerA: "403", customerB: "403", anonymous: "401" };
const publicByNature: Expectation = { admin: "ok", csm: "ok", customerA: "ok", customerB: "ok", anonymous: "ok" };

/** One case of an endpoint (an endpoint may have several: saving an organization creates or edits one). */
type Case = { endpoint: string; label?: string; call: (role: Role) => Promise<string>; expected: Expectation };

async function cases(): Promise<Case[]> {
  const review = await import("@/app/imports/[id]/actions");
  const columns = await import("@/app/imports/[id]/columns/actions");
  const { discardImportAction } = await import("@/app/imports/actions");
  const { createImportJobAction, getOrgConfigAction } = await import("@/app/imports/new/actions");
  const { submitImportAction } = await import("@/app/portal/imports/[id]/actions");
  const { acceptInviteAction } = await import("@/app/portal/invite/[token]/actions");
  const { createInviteAction, revokeInviteAction } = await import("@/app/organizations/[slug]/actions");
  const { saveRequestTypeAction } = await import("@/app/organizations/[slug]/request-types/actions");
  const { saveOrganizationAction } = await import("@/app/organizations/actions");
  const { signInAction, signOutAction } = await import("@/app/sign-in/actions");
  const authRoute = await import("@/app/api/auth/[...all]/route");
  const errorReportRoute = await import("@/app/api/imports/[id]/error-report/route");
  const filesRoute = await import("@/app/api/imports/[id]/files/route");
  const resultsRoute = await import("@/app/api/imports/[id]/results/route");
  const fixesRoute = await import("@/app/api/imports/[id]/fixes/route");
  const newUsersRoute = await import("@/app/api/imports/[id]/new-users/route");
  const pointsRoute = await import("@/app/api/imports/[id]/points/route");
  const rowsRoute = await import("@/app/api/imports/[id]/rows/route");
  const statusRoute = await import("@/app/api/imports/[id]/status/route");
  const settingsRoute = await import("@/app/api/imports/[id]/settings/route");
  const boundaryRoute = await import("@/app/api/organizations/[id]/agencies/[agencyId]/boundary/route");
  const configRoute = await import("@/app/api/organizations/[id]/config/route");
  const { builtinProfiles } = await import("@/lib/profiles/builtin-profiles");

  const job = { params: Promise.resolve({ id: String(importOfA) }) };
  const org = { params: Promise.resolve({ id: String(orgA) }) };
  const agency = { params: Promise.resolve({ id: String(orgA), agencyId: String(agencyOfA) }) };
  const get = (url = "http://x/") => new NextRequest(url);
  const body = (url: string, method: string, text: string) => new NextRequest(url, { method, body: text });
  const jobId = importOfA;
  const A = "app/imports/[id]/actions.ts#";
  const api = "app/api/imports/[id]/";
  const orgValues = { name: "Org matrix-a", slug: "matrix-a", timezone: "America/New_York", genericUserEmail: "", defaultLat: "", defaultLng: "", defaultAddress: "", acknowledgeMessage: "" };
  const form = (fields: Record<string, string>) => Object.entries(fields).reduce((data, [key, value]) => (data.append(key, value), data), new FormData());
  let n = 0;
  const unique = () => `${Date.now()}-${++n}`;

  return [
    // Route handlers of an import.
    { endpoint: `${api}error-report/route.ts#GET`, call: async () => route(await errorReportRoute.GET(get(), job)), expected: customerVerb },
    { endpoint: `${api}error-report/route.ts#PUT`, call: async () => route(await errorReportRoute.PUT(body("http://x/", "PUT", "a,b\n"), job)), expected: customerVerb },
    { endpoint: `${api}files/route.ts#PUT`, call: async () => route(await filesRoute.PUT(body("http://x/?name=more.csv", "PUT", "a,b\n"), job)), expected: customerVerb },
    { endpoint: `${api}fixes/route.ts#GET`, call: async () => route(await fixesRoute.GET(get(), job)), expected: customerVerb },
    { endpoint: `${api}new-users/route.ts#GET`, call: async () => route(await newUsersRoute.GET(get(), job)), expected: customerVerb },
    { endpoint: `${api}points/route.ts#GET`, call: async () => route(await pointsRoute.GET(get(), job)), expected: customerVerb },
    { endpoint: `${api}results/route.ts#GET`, call: async () => route(await resultsRoute.GET(get(), job)), expected: customerVerb },
    { endpoint: `${api}rows/route.ts#GET`, call: async () => route(await rowsRoute.GET(get(), job)), expected: customerVerb },
    { endpoint: `${api}status/route.ts#GET`, call: async () => route(await statusRoute.GET(get(), job)), expected: customerVerb },
    // The settings an import was queued with are the organization's settings: `configure`, staff only.
    { endpoint: `${api}settings/route.ts#GET`, call: async () => route(await settingsRoute.GET(get(), job)), expected: staffVerb },
    // The organization's settings (the `configure` verb): staff only.
    { endpoint: "app/api/organizations/[id]/agencies/[agencyId]/boundary/route.ts#PUT", call: async () => route(await boundaryRoute.PUT(body("http://x/", "PUT", "not GeoJSON"), agency)), expected: staffVerb },
    { endpoint: "app/api/organizations/[id]/agencies/[agencyId]/boundary/route.ts#DELETE", call: async () => route(await boundaryRoute.DELETE(body("http://x/", "DELETE", ""), agency)), expected: staffVerb },
    { endpoint: "app/api/organizations/[id]/config/route.ts#GET", call: async () => route(await configRoute.GET(get(), org)), expected: staffVerb },
    { endpoint: "app/api/organizations/[id]/config/route.ts#POST", call: async () => route(await configRoute.POST(body("http://x/?apply=0", "POST", "{}"), org)), expected: staffVerb },
    // The review's actions.
    { endpoint: `${A}startValidationAction`, call: async () => outcome(await review.startValidationAction({ jobId })), expected: customerVerb },
    { endpoint: `${A}editCellAction`, call: async () => outcome(await review.editCellAction({ jobId, rowId: "1", column: "description", value: "x" })), expected: customerVerb },
    { endpoint: `${A}undoEditAction`, call: async () => outcome(await review.undoEditAction({ jobId, editId: "1" })), expected: customerVerb },
    { endpoint: `${A}rowHistoryAction`, call: async () => outcome(await review.rowHistoryAction({ jobId, rowId: "1" })), expected: customerVerb },
    { endpoint: `${A}moveRowAction`, call: async () => outcome(await review.moveRowAction({ jobId, rowId: "1", lat: 42.1, lng: -72.5 })), expected: customerVerb },
    { endpoint: `${A}previewBulkFixAction`, call: async () => outcome(await review.previewBulkFixAction({ jobId, kind: "swap_coordinates" })), expected: customerVerb },
    { endpoint: `${A}previewFindReplaceAction`, call: async () => outcome(await review.previewFindReplaceAction({ jobId, find: "a", replace: "b", column: null })), expected: customerVerb },
    { endpoint: `${A}applyFindReplaceAction`, call: async () => outcome(await review.applyFindReplaceAction({ jobId, find: "a", replace: "b", column: null })), expected: customerVerb },
    { endpoint: `${A}applyBulkFixAction`, call: async () => outcome(await review.applyBulkFixAction({ jobId, kind: "swap_coordinates" })), expected: customerVerb },
    { endpoint: `${A}undoFixAction`, call: async () => outcome(await review.undoFixAction({ jobId, fixId: 1 })), expected: customerVerb },
    { endpoint: `${A}removeFileAction`, call: async () => outcome(await review.removeFileAction({ jobId, fileId: 1 })), expected: customerVerb },
    { endpoint: `${A}unknownRequestTypesAction`, call: async () => outcome(await review.unknownRequestTypesAction({ jobId })), expected: customerVerb },
    { endpoint: `${A}queueImportAction`, call: async () => outcome(await review.queueImportAction({ jobId, onlyValid: false })), expected: staffVerb },
    { endpoint: `${A}cancelImportAction`, call: async () => outcome(await review.cancelImportAction({ jobId })), expected: staffVerb },
    { endpoint: `${A}rollbackImportAction`, call: async () => outcome(await review.rollbackImportAction({ jobId })), expected: staffVerb },
    { endpoint: "app/imports/actions.ts#discardImportAction", call: async () => outcome(await discardImportAction({ jobId })), expected: staffVerb },
    { endpoint: "app/imports/[id]/columns/actions.ts#prepareImportAction", call: async () => outcome(await columns.prepareImportAction({ jobId })), expected: customerVerb },
    { endpoint: "app/imports/[id]/columns/actions.ts#applyColumnsAction", call: async () => outcome(await columns.applyColumnsAction({ jobId, files: [{ fileId: 1, profile: builtinProfiles()[0] }], saveAs: null })), expected: customerVerb },
    // A new import, and the organization's configuration for the browser's first look.
    { endpoint: "app/imports/new/actions.ts#createImportJobAction", call: async () => outcome(await createImportJobAction({ organizationId: orgA })), expected: customerVerb },
    { endpoint: "app/imports/new/actions.ts#getOrgConfigAction", call: async () => outcome(await getOrgConfigAction({ organizationId: orgA })), expected: customerVerb },
    { endpoint: "app/portal/imports/[id]/actions.ts#submitImportAction", call: async () => outcome(await submitImportAction({ jobId: readyImportOfA })), expected: customerVerb },
    // Invites (the `invite` verb) and settings forms (`configure`; a new organization: staff).
    { endpoint: "app/organizations/[slug]/actions.ts#createInviteAction", call: async () => outcome(await createInviteAction({ organizationId: orgA, email: `contact-${unique()}@city.example`, expiresInDays: 7 })), expected: staffVerb },
    {
      endpoint: "app/organizations/[slug]/actions.ts#revokeInviteAction",
      call: async () => {
        const created = await createInvite({ organizationId: orgA, email: `revoke-${unique()}@city.example`, expiresInDays: 7, createdById: 1 }, db);
        return outcome(await revokeInviteAction({ inviteId: created.ok ? created.inviteId : 0 }));
      },
      expected: staffVerb,
    },
    {
      endpoint: "app/organizations/[slug]/request-types/actions.ts#saveRequestTypeAction",
      call: async () => outcome(await saveRequestTypeAction({ organizationId: orgA, requestTypeId: null, values: { title: `Type ${unique()}`, agencyId: "0", enabled: true, autoAssignEmail: "", questions: [] } })),
      expected: staffVerb,
    },
    { endpoint: "app/organizations/actions.ts#saveOrganizationAction", label: "edit", call: async () => outcome(await saveOrganizationAction({ organizationId: orgA, values: orgValues })), expected: staffVerb },
    { endpoint: "app/organizations/actions.ts#saveOrganizationAction", label: "create", call: async () => outcome(await saveOrganizationAction({ values: { ...orgValues, name: "New", slug: `matrix-new-${unique()}` } })), expected: staffOnly },
    // Public by nature (lib/auth/endpoints-authorize.test.ts names why): anyone reaches them, and they answer for themselves.
    { endpoint: "app/api/auth/[...all]/route.ts#GET", call: async () => route(await authRoute.GET(new Request("http://127.0.0.1:3000/api/auth/ok"))), expected: publicByNature },
    {
      endpoint: "app/api/auth/[...all]/route.ts#POST",
      call: async () => {
        const request = new Request("http://127.0.0.1:3000/api/auth/sign-in/email", { method: "POST", headers: { "content-type": "application/json", origin: "http://127.0.0.1:3000", "x-forwarded-for": `10.1.0.${++n}` }, body: JSON.stringify({ email: `nobody-${unique()}@x.example`, password: "wrong password" }) });
        return (await authRoute.POST(request)).status === 401 ? "ok" : "unexpected";
      },
      expected: publicByNature,
    },
    { endpoint: "app/sign-in/actions.ts#signInAction", call: async () => redirecting(() => signInAction({ ok: true } as never, form({ email: `nobody-${unique()}@x.example`, password: "wrong password" }))), expected: publicByNature },
    { endpoint: "app/portal/invite/[token]/actions.ts#acceptInviteAction", call: async () => redirecting(() => acceptInviteAction({ ok: true }, form({ token: "no-such-token-0123456789abcdef", password: "a long password!" }))), expected: publicByNature },
    // Last: it ends the session of whoever calls it.
    { endpoint: "app/sign-in/actions.ts#signOutAction", call: async () => redirecting(() => signOutAction()), expected: publicByNature },
  ];
}

describe("role × endpoint", () => {
  it("covers every server action and route handler under app/ (a new one fails here until it is in the matrix)", async () => {
    const covered = new Set((await cases()).map((entry) => entry.endpoint));
    const found = listEndpoints().map((endpoint) => endpoint.id);
    expect(found.filter((id) => !covered.has(id))).toEqual([]);
    expect([...covered].filter((id) => !found.includes(id))).toEqual([]);
  });

  it("answers each role as the policy says", async () => {
    const actual: Record<string, Record<string, string>> = {};
    const expected: Record<string, Expectation> = {};
    for (const entry of await cases()) {
      const name = entry.label ? `${entry.endpoint} (${entry.label})` : entry.endpoint;
      expected[name] = entry.expected;
      actual[name] = {};
      for (const role of roles) {
        requestHeaders = new Headers(cookies[role] ? { cookie: cookies[role] } : {});
        actual[name]![role] = await entry.call(role);
      }
    }
    expect(actual).toEqual(expected);
    // The import of A was never moved by anyone past the policy: its status held every action.
    expect((await db.importJob.findUniqueOrThrow({ where: { id: importOfA } })).status).toBe("rolled_back");
    expect((await db.importJob.findUniqueOrThrow({ where: { id: readyImportOfA } })).submittedAt).not.toBeNull();
    // Customers made no organization, no request type and no invite.
    expect(await db.organization.count({ where: { slug: { startsWith: "matrix-new-" } } })).toBe(2);
  });

  it("writes each download of an import's data into its history, with who downloaded it", async () => {
    const customer = await db.user.findUniqueOrThrow({ where: { email: "a@matrix.example" } });
    const jobId = (await db.importJob.create({ data: { organizationId: orgA, status: "ready", createdById: customer.id } })).id;
    const job = { params: Promise.resolve({ id: String(jobId) }) };
    // Sessions of their own: the matrix signs its roles out.
    const customerA = await signIn("a@matrix.example", "a@matrix.example password");
    const csm = await signIn("csm@matrix.example", "csm@matrix.example password");
    const customerB = await signIn("b@matrix.example", "b@matrix.example password");
    const { GET: errorReport } = await import("@/app/api/imports/[id]/error-report/route");
    const { GET: results } = await import("@/app/api/imports/[id]/results/route");
    const { GET: newUsers } = await import("@/app/api/imports/[id]/new-users/route");
    requestHeaders = new Headers({ cookie: customerA });
    expect((await errorReport(new NextRequest("http://x/"), job)).status).toBe(200);
    requestHeaders = new Headers({ cookie: csm });
    expect((await results(new NextRequest("http://x/"), job)).status).toBe(200);
    expect((await newUsers(new NextRequest("http://x/"), job)).status).toBe(200);
    // Refused: nothing written.
    requestHeaders = new Headers({ cookie: customerB });
    expect((await errorReport(new NextRequest("http://x/"), job)).status).toBe(404);
    const events = await db.auditEvent.findMany({ where: { importJobId: jobId }, orderBy: { id: "asc" }, include: { actor: { select: { email: true } } } });
    expect(events.map((event) => [event.action, event.actor?.email, event.organizationId, event.summary])).toEqual([
      ["error_report.downloaded", "a@matrix.example", orgA, "Downloaded the error report (0 rows)"],
      ["results.downloaded", "csm@matrix.example", orgA, "Downloaded the results"],
      ["new_users.downloaded", "csm@matrix.example", orgA, "Downloaded the users the import created"],
    ]);
  });
});
