import { beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "../testing/use-test-db.ts";
import { createOrganization } from "../testing/import-fixtures.ts";
import { listImportJobs } from "./import-jobs.ts";
import { getSubmission, submitImportForReview } from "./submissions.ts";

const { db } = useTestDb();
let organizationId: number;
let customer: { id: number; email: string };
let colleague: { id: number };

beforeAll(async () => {
  organizationId = (await createOrganization(db, "submit-org")).organization.id;
  customer = await db.user.create({ data: { email: "submitter@city.example", name: "Sam Submitter", role: "customer", memberships: { create: { organizationId, role: "viewer" } } } });
  colleague = await db.user.create({ data: { email: "colleague@city.example", role: "customer", memberships: { create: { organizationId, role: "viewer" } } } });
});

const job = (status: "draft" | "ready" | "queued" | "completed", createdById = customer.id) =>
  db.importJob.create({ data: { organizationId, status, createdById, queuedAt: status === "queued" || status === "completed" ? new Date() : null } });

describe("submitImportForReview", () => {
  it("marks a validated import as submitted, by whom and when; submitting again moves the time", async () => {
    const ready = await job("ready");
    expect(await getSubmission(ready.id, db)).toBeNull();
    const at = new Date("2026-12-03T15:00:00Z");
    expect(await submitImportForReview(ready.id, customer.id, db, at)).toEqual({ ok: true, submittedAt: at });
    expect(await getSubmission(ready.id, db)).toEqual({ submittedAt: at, by: "Sam Submitter" });
    const later = new Date("2026-12-03T16:00:00Z");
    await submitImportForReview(ready.id, customer.id, db, later);
    expect((await getSubmission(ready.id, db))!.submittedAt).toEqual(later);
  });

  it.each([
    ["draft", /Wait until the files are checked/],
    ["queued", /is queued; it can no longer be submitted/],
    ["completed", /is completed; it can no longer be submitted/],
  ] as const)("refuses a %s import", async (status, reason) => {
    const other = await job(status);
    expect(await submitImportForReview(other.id, customer.id, db)).toEqual({ ok: false, reason: expect.stringMatching(reason) });
    expect(await getSubmission(other.id, db)).toBeNull();
  });

  it("refuses an import that does not exist", async () => {
    expect(await submitImportForReview(2_000_000_000, customer.id, db)).toEqual({ ok: false, reason: "No such import." });
  });
});

describe("listImportJobs", () => {
  it("shows a customer only its own imports, and staff every one with who submitted it", async () => {
    const mine = await job("ready");
    const theirs = await job("ready", colleague.id);
    const viewer = { userId: customer.id, email: customer.email, name: null, role: "customer" as const, isStaff: false, organizationIds: [organizationId] };
    const listed = (await listImportJobs(viewer, {}, db)).map((item) => item.id);
    expect(listed).toContain(mine.id);
    expect(listed).not.toContain(theirs.id);
    await submitImportForReview(mine.id, customer.id, db);
    const staff = { ...viewer, role: "csm" as const, isStaff: true, organizationIds: "all" as const };
    const all = await listImportJobs(staff, {}, db);
    expect(all.map((item) => item.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    expect(all.find((item) => item.id === mine.id)).toMatchObject({ submittedAt: expect.any(Date), submittedBy: { name: "Sam Submitter" } });
  });
});
