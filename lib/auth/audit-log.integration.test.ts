import { beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "../testing/use-test-db.ts";
import { canonicalHeader, createOrganization, demoConfig, potholeRow, queueImport, testExecutor } from "../testing/import-fixtures.ts";
import { bytesSource } from "../engine/read/source.ts";
import { saveUpload, uploadPath } from "../uploads/upload-storage.ts";
import { attachUploadedFile } from "../imports/import-drafts.ts";
import { cancelImportJob, createImportJob, enqueueImportJob } from "../imports/import-jobs.ts";
import { ingestImportJob } from "../imports/ingest.ts";
import { applyRowChanges, undoEdit, listRowEdits } from "../imports/row-edits.ts";
import { requestBulkFix, requestFixUndo } from "../imports/fix-jobs.ts";
import { errorReportCsv } from "../imports/error-report.ts";
import { patchFromErrorReport } from "../imports/error-report-patch.ts";
import { submitImportForReview } from "../imports/submissions.ts";
import { discardImport } from "../imports/discard.ts";
import { rollbackImportJob } from "../imports/rollback.ts";
import { createOrganizationSettings, updateOrganizationSettings } from "../crm/organization-settings.ts";
import { clearAgencyBoundary, saveAgencyBoundary } from "../crm/agency-boundary.ts";
import { saveRequestType } from "../crm/request-types.ts";
import { applyOrgConfig, previewOrgConfig } from "../crm/org-config-store.ts";
import { createInvite, revokeInvite, acceptInviteWithPassword } from "./invites.ts";
import { removeAccount, setPasswordAccount } from "./accounts.ts";
import { listImportAuditEvents, listSettingsAuditEvents } from "./audit-log.ts";

// The audit log (ADR 0018) against real Postgres: each change writes its event with who and what,
// a refused or rolled-back change writes none, and the two lists show what they should.

const { db, url } = useTestDb();
const header = [...canonicalHeader, "Q: What is the size of the pothole?"];
let csm: { id: number };
let customer: { id: number };

beforeAll(async () => {
  csm = await db.user.create({ data: { email: "audit-csm@bulk-import.example", name: "Casey Audit", role: "csm", isStaff: true } });
  customer = await db.user.create({ data: { email: "audit-customer@city.example", name: "Cat Customer", role: "customer" } });
});

const eventsOf = async (jobId: number) => (await listImportAuditEvents(jobId, db)).reverse();
const rowOf = (jobId: number, row: number) => db.importRow.findFirstOrThrow({ where: { importJobId: jobId, row } });

/** A draft import with one uploaded file, validated in-process. */
async function uploadedAndChecked(slug: string, rows: string[][], actorId: number) {
  const { organization } = await createOrganization(db, slug);
  const job = await createImportJob({ organizationId: organization.id, createdById: actorId }, db);
  const csv = [header, ...rows].map((row) => row.join(",")).join("\n");
  const saved = await saveUpload({ jobId: job.id, fileName: `${slug}.csv`, body: new Response(csv).body! });
  if (!saved.ok) throw new Error(saved.reason);
  await attachUploadedFile(job.id, "data", `${slug}.csv`, saved.upload, actorId, db);
  await ingestImportJob({ importJobId: job.id, databaseUrl: url, files: [{ name: `${slug}.csv`, path: uploadPath(saved.upload.storageKey) }] }, db);
  return { organization, jobId: job.id };
}

describe("an import's history", () => {
  it("records the upload, edits, fixes, undos, the fixed error report, the submission and the queueing, each with who", async () => {
    const { jobId } = await uploadedAndChecked("audit-flow", [potholeRow(1, { auto_assignment: "yes" }), potholeRow(2, { auto_assignment: "no" }), potholeRow(3, { auto_assignment: "maybe" })], customer.id);
    const row1 = await rowOf(jobId, 1);
    await applyRowChanges(jobId, [{ rowId: row1.id, column: "auto_assignment", value: "Yes" }], { userId: customer.id }, db);
    const [edit] = await listRowEdits(jobId, row1.id, db);
    expect(await undoEdit(jobId, edit!.id, customer.id, db)).toMatchObject({ ok: true });
    const fixed = await requestBulkFix({ jobId, kind: "normalize_yes_no", userId: customer.id }, { databaseUrl: url }, db);
    expect(fixed).toMatchObject({ ok: true, fix: { status: "done", rowsChanged: 2 } });
    expect(await requestFixUndo({ jobId, fixId: fixed.ok ? fixed.fix.id : 0, userId: csm.id }, { databaseUrl: url }, db)).toMatchObject({ ok: true });

    // The customer downloads the error report, fixes every row and uploads it again.
    const report = await errorReportCsv(jobId, db);
    let text = "";
    for await (const chunk of report.chunks) text += chunk;
    const patched = await patchFromErrorReport(jobId, bytesSource(new TextEncoder().encode(text.replace(/,yes,/g, ",Yes,").replace(/,no,/g, ",No,").replace(/,maybe,/g, ",No,"))), customer.id, db, { databaseUrl: url });
    expect(patched).toMatchObject({ ok: true, summary: { changedRows: 3 } });
    expect(await submitImportForReview(jobId, customer.id, db)).toMatchObject({ ok: true });
    expect(await enqueueImportJob(jobId, { databaseUrl: url, queuedById: csm.id }, db)).toMatchObject({ ok: true });
    expect(await cancelImportJob(jobId, csm.id, db)).toMatchObject({ ok: true });

    const events = await eventsOf(jobId);
    expect(events.map((event) => [event.action, event.actor])).toEqual([
      ["import.created", "Cat Customer"],
      ["file.uploaded", "Cat Customer"],
      ["row.edited", "Cat Customer"],
      ["edit.undone", "Cat Customer"],
      ["fix.applied", "Cat Customer"],
      ["fix.undone", "Casey Audit"],
      ["error_report.applied", "Cat Customer"],
      ["import.submitted", "Cat Customer"],
      ["import.queued", "Casey Audit"],
      ["import.cancelled", "Casey Audit"],
    ]);
    expect(events.map((event) => event.summary)).toEqual([
      "Started the import",
      expect.stringMatching(/^Uploaded audit-flow\.csv \(\d+ bytes\)$/),
      "Edited row 1 of audit-flow.csv: auto_assignment",
      "Undid the edit of auto_assignment",
      "Applied Normalise Yes/No spellings: 2 rows changed",
      "Undid Normalise Yes/No spellings: 2 rows restored",
      "Uploaded a fixed error report: 3 rows changed",
      "Submitted the import for review",
      "Queued the import: 3 rows",
      expect.stringMatching(/^Cancelled the import/),
    ]);
    // Every event of the import carries its organization, so the settings history can tell them apart.
    const job = await db.importJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(await db.auditEvent.count({ where: { importJobId: jobId, NOT: { organizationId: job.organizationId } } })).toBe(0);
  });

  it("writes nothing for a change that is refused", async () => {
    const { jobId } = await uploadedAndChecked("audit-refused", [potholeRow(1, { auto_assignment: "yes" })], csm.id);
    const before = await db.auditEvent.count({ where: { importJobId: jobId } });
    expect(await enqueueImportJob(jobId, { databaseUrl: url, queuedById: csm.id }, db)).toMatchObject({ ok: false }); // it has an error
    expect(await rollbackImportJob(jobId, csm.id, db)).toMatchObject({ ok: false });
    const row = await rowOf(jobId, 1);
    await expect(applyRowChanges(jobId, [{ rowId: row.id, column: "no_such_column", value: "x" }], { userId: csm.id }, db)).rejects.toThrow(/no column/);
    expect(await db.auditEvent.count({ where: { importJobId: jobId } })).toBe(before);
    expect(await discardImport(jobId, csm.id, db)).toMatchObject({ ok: true });
    expect((await eventsOf(jobId)).at(-1)).toMatchObject({ action: "import.discarded", actor: "Casey Audit", summary: "Discarded the import and its 1 uploaded file" });
  });

  it("records a roll back with what it removed", async () => {
    const { organization } = await createOrganization(db, "audit-rollback");
    const { writeCsv } = await import("../testing/import-fixtures.ts");
    const file = await writeCsv("audit-rollback.csv", header, [potholeRow(1), potholeRow(2)]);
    const { importJobId } = await queueImport(db, url, { organizationId: organization.id, files: [{ name: "audit-rollback.csv", path: file }] });
    const runner = testExecutor(db, url);
    await runner.drain(importJobId);
    await runner.end();
    expect(await rollbackImportJob(importJobId, csm.id, db)).toMatchObject({ ok: true, issuesDeleted: 2 });
    expect((await eventsOf(importJobId)).at(-1)).toMatchObject({ action: "import.rolled_back", actor: "Casey Audit", summary: "Rolled back the import: removed 2 issues and 0 guest users" });
  });
});

describe("an organization's settings history", () => {
  const settings = { name: "Audit Town", slug: "audit-town", timezone: "America/Chicago", genericUserEmail: null, defaultLocation: null, acknowledgeMessage: null };
  const square = { type: "Polygon", coordinates: [[[-90, 40], [-89.9, 40], [-89.9, 40.1], [-90, 40.1], [-90, 40]]] };

  it("lists every settings change with who and what changed, and nothing of its imports", async () => {
    expect(await createOrganizationSettings(settings, csm.id, db)).toMatchObject({ ok: true });
    const organization = await db.organization.findUniqueOrThrow({ where: { slug: "audit-town" } });
    const organizationId = organization.id;
    expect(await updateOrganizationSettings(organizationId, { ...settings, timezone: "America/New_York" }, csm.id, db)).toMatchObject({ ok: true });
    expect(await updateOrganizationSettings(organizationId, { ...settings, timezone: "America/New_York" }, csm.id, db)).toMatchObject({ ok: true }); // no change: no event
    expect(await updateOrganizationSettings(organizationId, { ...settings, timezone: "America/New_York", acknowledgeMessage: "On our list" }, csm.id, db)).toMatchObject({ ok: true });
    const agency = await db.agency.create({ data: { organizationId, name: "Streets" } });
    expect(await saveAgencyBoundary(organizationId, agency.id, JSON.stringify(square), csm.id, db)).toMatchObject({ ok: true });
    expect(await saveAgencyBoundary(organizationId, agency.id, JSON.stringify({ type: "Polygon", coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] }), csm.id, db)).toMatchObject({ ok: false });
    expect(await clearAgencyBoundary(organizationId, agency.id, csm.id, db)).toBe(true);
    const values = { title: "Pothole", agencyId: String(agency.id), enabled: true, autoAssignEmail: "", questions: [{ id: "", text: "Depth?", kind: "text" as const, required: false, optionsText: "" }] };
    const created = await saveRequestType(organizationId, null, values, csm.id, db);
    if (!created.ok) throw new Error(created.reason);
    const question = await db.question.findFirstOrThrow({ where: { requestTypeId: created.id } });
    expect(await saveRequestType(organizationId, created.id, { ...values, enabled: false, questions: [{ ...values.questions[0]!, id: String(question.id), required: true }] }, csm.id, db)).toMatchObject({ ok: true });
    const config = await demoConfig("audit-town", (base) => ({ ...base, organization: { ...base.organization, name: "Audit City", timezone: "America/New_York", genericUserEmail: undefined, defaultLocation: undefined }, users: [], agencies: [], requestTypes: [] }));
    await previewOrgConfig(config, db); // a preview is rolled back, and so is its event
    await applyOrgConfig(config, customer.id, db);
    // An import of the organization is not a settings change.
    await createImportJob({ organizationId, createdById: csm.id }, db);

    const history = (await listSettingsAuditEvents(organizationId, db)).reverse();
    expect(history.map((event) => [event.action, event.actor, event.summary])).toEqual([
      ["organization.created", "Casey Audit", "Created the organization Audit Town (audit-town)"],
      ["organization.updated", "Casey Audit", "Changed the time zone from America/Chicago to America/New_York"],
      ["organization.updated", "Casey Audit", "Changed the acknowledgement message from none to On our list"],
      ["boundary.saved", "Casey Audit", expect.stringMatching(/^Saved the boundary of Streets \([\d.,]+ km²\)$/)],
      ["boundary.removed", "Casey Audit", "Removed the boundary of Streets"],
      ["request_type.created", "Casey Audit", "Added the request type Pothole (1 question)"],
      ["request_type.updated", "Casey Audit", "Changed the request type Pothole: disabled; changed the question Depth?"],
      ["settings_file.applied", "Cat Customer", "Applied a settings file: 1 change (updated the organization (name, acknowledgeMessage))"],
    ]);
  });

  it("keeps a refused request-type save whole: the questions removed before the refusal come back, and nothing is recorded", async () => {
    const { organization } = await createOrganization(db, "audit-refused-type");
    const type = await db.requestType.findFirstOrThrow({ where: { organizationId: organization.id, questions: { some: {} } }, include: { questions: true } });
    // The newest question has an answer: the save removes the older ones first, then refuses at it.
    const answered = await db.question.create({ data: { requestTypeId: type.id, text: "Answered", kind: "text" } });
    const issue = await db.issue.create({ data: { organizationId: organization.id, requestTypeId: type.id, status: "Acknowledged", lat: 0, lng: 0, address: "x", summary: "x", description: "x", reporterId: csm.id, createdAt: new Date(), acknowledgedAt: new Date() } });
    await db.answer.create({ data: { issueId: issue.id, questionId: answered.id, value: "x" } });
    const before = await db.auditEvent.count({ where: { organizationId: organization.id } });
    const values = { title: type.title, agencyId: String(type.agencyId), enabled: true, autoAssignEmail: "", questions: [] };
    expect(await saveRequestType(organization.id, type.id, values, csm.id, db)).toMatchObject({ ok: false, reason: expect.stringContaining("has answers") });
    expect(await db.question.count({ where: { requestTypeId: type.id } })).toBe(type.questions.length + 1);
    expect(await db.auditEvent.count({ where: { organizationId: organization.id } })).toBe(before);
  });
});

describe("invites and accounts", () => {
  it("records invites made, revoked and accepted, and accounts saved and removed", async () => {
    const { organization } = await createOrganization(db, "audit-invites");
    const first = await createInvite({ organizationId: organization.id, email: "First@City.example", expiresInDays: 7, createdById: csm.id }, db);
    const second = await createInvite({ organizationId: organization.id, email: "second@city.example", expiresInDays: 1, createdById: csm.id }, db);
    if (!first.ok || !second.ok) throw new Error("invites refused");
    expect(await revokeInvite(first.inviteId, csm.id, db)).toBe(true);
    expect(await revokeInvite(first.inviteId, csm.id, db)).toBe(false); // already revoked: no second event
    expect(await acceptInviteWithPassword({ token: second.token, password: "a long customer password" }, db)).toMatchObject({ ok: true });
    const events = await db.auditEvent.findMany({ where: { organizationId: organization.id, action: { startsWith: "invite." } }, orderBy: { id: "asc" }, include: { actor: { select: { email: true } } } });
    expect(events.map((event) => [event.action, event.actor?.email, event.summary])).toEqual([
      ["invite.created", "audit-csm@bulk-import.example", "Invited first@city.example to the portal (the link works 7 days)"],
      ["invite.created", "audit-csm@bulk-import.example", "Invited second@city.example to the portal (the link works 1 day)"],
      ["invite.revoked", "audit-csm@bulk-import.example", "Revoked the invite of first@city.example"],
      ["invite.accepted", "second@city.example", "second@city.example accepted the invite and joined the portal"],
    ]);

    await setPasswordAccount(db, { email: "audit-admin@bulk-import.example", role: "admin", password: "an admin password" });
    expect(await removeAccount(db, "audit-admin@bulk-import.example")).toBe(true);
    const accountEvents = await db.auditEvent.findMany({ where: { action: { startsWith: "account." }, detail: { path: ["email"], equals: "audit-admin@bulk-import.example" } }, orderBy: { id: "asc" } });
    expect(accountEvents.map((event) => [event.action, event.actorId, event.summary])).toEqual([
      ["account.saved", null, "Set the password of audit-admin@bulk-import.example (admin)"],
      ["account.removed", null, "Removed the sign-in of audit-admin@bulk-import.example"],
    ]);
  });
});
