import { describe, expect, it } from "vitest";
import { useTestDb } from "../testing/use-test-db.ts";
import { createOrganization } from "../testing/import-fixtures.ts";
import type { RequestTypeFormValues } from "../forms/request-type-form-schema.ts";
import { getRequestTypeForm, listRequestTypesForViewer, saveRequestType } from "./request-types.ts";
import type { Viewer } from "../auth/policy.ts";

const { db } = useTestDb();

describe("request types from the app", () => {
  it("creates one with a required select question, renames, reorders and removes questions, and refuses clashes", async () => {
    const { organization } = await createOrganization(db, "request-types");
    const { organization: other } = await createOrganization(db, "request-types-other");
    const agency = await db.agency.findFirstOrThrow({ where: { organizationId: organization.id, name: "Public Works" } });
    const otherAgency = await db.agency.findFirstOrThrow({ where: { organizationId: other.id } });
    const values: RequestTypeFormValues = {
      title: "Sinkhole",
      agencyId: String(agency.id),
      enabled: true,
      autoAssignEmail: "Crew@Springfield.example.gov",
      questions: [
        { id: "", text: "How big?", kind: "select", required: true, optionsText: "Small\nLarge" },
        { id: "", text: "Anyone hurt?", kind: "boolean", required: false, optionsText: "" },
      ],
    };
    const created = await saveRequestType(organization.id, null, values, null, db);
    expect(created.ok).toBe(true);
    const id = created.ok ? created.id : 0;
    const form = await getRequestTypeForm(organization.id, id, db);
    expect(form!.values).toMatchObject({ title: "Sinkhole", autoAssignEmail: "crew@springfield.example.gov", questions: [{ text: "How big?", optionsText: "Small\nLarge", required: true }, { text: "Anyone hurt?" }] });

    // Swap the two questions' order and texts, rename the type: ids stay, positions follow the form.
    const [size, hurt] = form!.values.questions;
    const edited = { ...form!.values, title: "Sink hole", questions: [{ ...hurt!, text: "How big?", kind: "text" as const }, { ...size!, text: "Anyone hurt?", kind: "boolean" as const, optionsText: "" }] };
    expect(await saveRequestType(organization.id, id, edited, null, db)).toEqual({ ok: true, id });
    const questions = await db.question.findMany({ where: { requestTypeId: id }, orderBy: { position: "asc" } });
    expect(questions.map((question) => [question.id, question.text, question.kind])).toEqual([[Number(hurt!.id), "How big?", "text"], [Number(size!.id), "Anyone hurt?", "boolean"]]);

    expect(await saveRequestType(organization.id, id, { ...edited, questions: edited.questions.slice(0, 1) }, null, db)).toEqual({ ok: true, id });
    expect(await db.question.count({ where: { requestTypeId: id } })).toBe(1);

    expect(await saveRequestType(organization.id, null, { ...values, title: "Pothole" }, null, db)).toMatchObject({ ok: false, reason: expect.stringContaining("already has a request type") });
    expect(await saveRequestType(organization.id, null, { ...values, title: "Elsewhere", agencyId: String(otherAgency.id) }, null, db)).toMatchObject({ ok: false, reason: expect.stringContaining("agencies") });
    expect(await saveRequestType(other.id, id, { ...values, agencyId: String(otherAgency.id) }, null, db)).toMatchObject({ ok: false, reason: "No such request type." });
    expect(await getRequestTypeForm(other.id, id, db)).toBeNull();
  });
});

describe("the portal's read-only request types", () => {
  it("shows a customer its own organizations' request types and questions, nobody else's, and no auto-assign target", async () => {
    const { organization: mine } = await createOrganization(db, "portal-types-mine");
    const { organization: theirs } = await createOrganization(db, "portal-types-theirs");
    const customer: Viewer = { userId: 1, email: "c@city.example", name: null, role: "customer", isStaff: false, organizationIds: [mine.id] };
    const listed = await listRequestTypesForViewer(customer, db);
    expect(listed.map((organization) => organization.id)).toEqual([mine.id]);
    const pothole = listed[0]!.requestTypes.find((type) => type.title === "Pothole");
    expect(pothole?.questions.map((question) => question.text)).toContain("What is the size of the pothole?");
    expect(pothole).not.toHaveProperty("autoAssignUser");
    const stranger: Viewer = { ...customer, organizationIds: [] };
    expect(await listRequestTypesForViewer(stranger, db)).toEqual([]);
    const staff: Viewer = { ...customer, role: "csm", isStaff: true, organizationIds: "all" };
    expect((await listRequestTypesForViewer(staff, db)).map((organization) => organization.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
  });
});
