import http from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { useTestDb } from "../testing/use-test-db.ts";
import { createOrganization, potholeRow, writeCsv, canonicalHeader } from "../testing/import-fixtures.ts";
import { createAuth } from "../auth/auth.ts";
import { setPasswordAccount } from "../auth/accounts.ts";
import { createImportJob } from "../imports/import-jobs.ts";
import { ingestImportJob } from "../imports/ingest.ts";
import { listImportRows } from "../imports/review.ts";
import { createDb } from "../db/client.ts";
import { rowPageListener } from "./row-page-listener.ts";

// The row pages answered ahead of Next (ADR 0024), through a real HTTP server on the test
// database, with Next replaced by a handler that says it was asked.

const { db, url } = useTestDb();
const secret = "row-page-listener-secret-0123456789-abcdefghij";
process.env.BETTER_AUTH_SECRET = secret;
const week = 7 * 24 * 3600 * 1000;

let server: http.Server;
let base: string;
let jobId: number;
let otherJobId: number;
const cookies: Record<"csm" | "customer" | "outsider", string> = { csm: "", customer: "", outsider: "" };

async function signIn(email: string): Promise<string> {
  const auth = createAuth(db, { baseURL: "http://127.0.0.1:3000", secret });
  const { headers } = await auth.api.signInEmail({ body: { email, password: `${email} password` }, headers: new Headers(), returnHeaders: true });
  return headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
}

const tokenOf = (cookie: string) => decodeURIComponent(/better-auth\.session_token=([^;]+)/.exec(cookie)![1]!).split(".")[0]!;

/** Next, as far as these tests go: it says it was asked. */
const next: http.RequestListener = (request, response) => response.writeHead(299, { "content-type": "text/plain" }).end(`next ${request.method} ${request.url}`);

function listen(listener: http.RequestListener): Promise<http.Server> {
  const started = http.createServer(listener);
  return new Promise((resolve) => started.listen(0, "127.0.0.1", () => resolve(started)));
}

beforeAll(async () => {
  const { organization } = await createOrganization(db, "row-page-listener");
  const { organization: other } = await createOrganization(db, "row-page-listener-other");
  const header = [...canonicalHeader, "Q: What is the size of the pothole?"];
  const file = await writeCsv("row-page-listener.csv", header, [potholeRow(1), potholeRow(2, { created_at: "not a time" }), potholeRow(3)]);
  jobId = (await createImportJob({ organizationId: organization.id }, db)).id;
  await ingestImportJob({ importJobId: jobId, databaseUrl: inject("databaseUrl"), files: [{ name: "row-page-listener.csv", path: file }] }, db);
  otherJobId = (await createImportJob({ organizationId: other.id }, db)).id;
  for (const [who, role] of [["csm", "csm"], ["customer", "customer"], ["outsider", "customer"]] as const) {
    const user = await setPasswordAccount(db, { email: `${who}@row-pages.example`, role, password: `${who}@row-pages.example password` });
    if (who !== "csm") await db.membership.create({ data: { userId: user.id, organizationId: who === "customer" ? organization.id : other.id } });
    // The portal shows a customer its own uploads.
    if (who === "customer") await db.importJob.update({ where: { id: jobId }, data: { createdById: user.id } });
    cookies[who] = await signIn(`${who}@row-pages.example`);
  }
  server = await listen(rowPageListener(db, next));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.close();
});

const get = (path: string, cookie?: string, method = "GET") => fetch(`${base}${path}`, { method, headers: cookie ? { cookie } : {} });

describe("row pages ahead of Next", () => {
  it("answers a live session's page as the route does, with the route's headers", async () => {
    const response = await get(`/api/imports/${jobId}/rows?offset=0&limit=2&withTotal=1`, cookies.csm);
    expect(response.status).toBe(200);
    const expected = await listImportRows(jobId, { offset: 0, limit: 2, withTotal: true, sort: "row", direction: "asc" }, db);
    expect(await response.json()).toEqual({ ok: true, total: 3, rows: expected.rows });
    expect(expected.rows.map((row) => row.row)).toEqual([1, 2]);
    expect(Object.fromEntries(["content-type", "cache-control", "content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy"].map((name) => [name, response.headers.get(name)]))).toEqual({
      "content-type": "application/json",
      "cache-control": "private, no-store, no-transform",
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "same-origin",
    });
  });

  it.each([
    { case: "a filtered page for a member of the import's organization", who: "customer", query: "onlyErrors=1", status: 200, body: { ok: true, total: 1 } },
    { case: "another organization's import, for a customer", who: "outsider", query: "", status: 404, body: { ok: false, reason: "No such import." } },
    { case: "an import of another organization, for staff", who: "csm", query: "", status: 200, body: { ok: true, total: 0, rows: [] }, job: "other" },
    { case: "an import of another organization, for a member of this one", who: "customer", query: "", status: 404, body: { ok: false, reason: "No such import." }, job: "other" },
    { case: "an import that does not exist", who: "csm", query: "", status: 404, body: { ok: false, reason: "No such import." }, job: 2_000_000_000 },
    { case: "a query out of bounds", who: "csm", query: "limit=0", status: 400, body: { ok: false, reason: "Bad request." } },
    { case: "a sort it does not know", who: "csm", query: "sort=name", status: 400, body: { ok: false, reason: "Bad request." } },
  ] as const)("answers $case itself ($status)", async ({ who, query, status, body, ...rest }) => {
    const job = !("job" in rest) ? jobId : rest.job === "other" ? otherJobId : rest.job;
    const response = await get(`/api/imports/${job}/rows?${query}`, cookies[who]);
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject(body);
  });

  it("locates a row by its id", async () => {
    const row = await db.importRow.findFirstOrThrow({ where: { importJobId: jobId, row: 3 } });
    const response = await get(`/api/imports/${jobId}/rows?locate=${row.id}`, cookies.csm);
    expect(await response.json()).toEqual({ ok: true, offset: 2 });
  });

  it.each([
    { case: "another path", path: () => `/api/imports/${jobId}/points`, method: "GET" },
    { case: "a trailing slash (Next redirects it)", path: () => `/api/imports/${jobId}/rows/`, method: "GET" },
    { case: "another method", path: () => `/api/imports/${jobId}/rows`, method: "POST" },
    { case: "HEAD", path: () => `/api/imports/${jobId}/rows`, method: "HEAD" },
    { case: "an id that is not a record id", path: () => `/api/imports/x${jobId}/rows`, method: "GET" },
    { case: "a page", path: () => `/imports/${jobId}`, method: "GET" },
  ])("hands $case to Next", async ({ path, method }) => {
    const response = await get(path(), cookies.csm, method);
    expect(response.status).toBe(299);
    if (method !== "HEAD") expect(await response.text()).toBe(`next ${method} ${path()}`);
  });

  it("hands to Next a page whose session better-auth must answer: none, forged, expired, due for its refresh", async () => {
    const path = `/api/imports/${jobId}/rows?offset=0`;
    expect((await get(path)).status).toBe(299);
    const forged = cookies.csm.replace(/\.[^.;]+$/, `.${Buffer.from("x".repeat(32)).toString("base64")}`);
    expect(forged).not.toBe(cookies.csm);
    expect((await get(path, forged)).status).toBe(299);
    expect((await get(path, "theme=dark")).status).toBe(299);
    const where = { token: tokenOf(cookies.customer) };
    const { expiresAt } = await db.session.findUniqueOrThrow({ where });
    try {
      await db.session.update({ where, data: { expiresAt: new Date(Date.now() + week - 2 * 24 * 3600 * 1000) } });
      expect((await get(path, cookies.customer)).status).toBe(299);
      await db.session.update({ where, data: { expiresAt: new Date(Date.now() - 60_000) } });
      expect((await get(path, cookies.customer)).status).toBe(299);
      // A signed-out session is gone from the table: Next's route answers (401), not a stale page.
      await db.session.update({ where, data: { expiresAt } });
      expect((await get(path, cookies.customer)).status).toBe(200);
      await db.session.delete({ where });
      expect((await get(path, cookies.customer)).status).toBe(299);
    } finally {
      cookies.customer = await signIn("customer@row-pages.example");
    }
  });

  it("answers 500 with a reason, not a stack, when the database fails", async () => {
    // A database that refuses connections (nothing listens on port 1).
    const broken = createDb(url.replace(/@[^/]+\//, "@127.0.0.1:1/"), { max: 1 });
    const failing = await listen(rowPageListener(broken, next));
    try {
      const response = await fetch(`http://127.0.0.1:${(failing.address() as AddressInfo).port}/api/imports/${jobId}/rows`, { headers: { cookie: cookies.csm } });
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ ok: false, reason: "The rows could not be read. Try again in a moment." });
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    } finally {
      failing.close();
      await Promise.all([once(failing, "close"), broken.$disconnect()]);
    }
  });
});
