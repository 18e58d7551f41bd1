import { describe, expect, it } from "vitest";
import { useTestDb } from "../testing/use-test-db.ts";
import { createOrganization } from "../testing/import-fixtures.ts";
import { clearAgencyBoundary, getAgencyBoundary, saveAgencyBoundary } from "./agency-boundary.ts";

const { db } = useTestDb();

const square = { type: "Polygon", coordinates: [[[-72.6, 42.1], [-72.58, 42.1], [-72.58, 42.12], [-72.6, 42.12], [-72.6, 42.1]]] };
const bowtie = { type: "Polygon", coordinates: [[[-72.6, 42.1], [-72.58, 42.12], [-72.58, 42.1], [-72.6, 42.12], [-72.6, 42.1]]] };

describe("an agency's boundary", () => {
  it("is saved only without a fault, only on its own organization's agency, and can be removed", async () => {
    const { organization } = await createOrganization(db, "boundary-a");
    const { organization: other } = await createOrganization(db, "boundary-b");
    const found = await getAgencyBoundary("boundary-a", (await db.agency.findFirstOrThrow({ where: { organizationId: organization.id, name: "Public Works" } })).id, db);
    const agency = found!.agency;
    const before = agency.boundary;

    const faulty = await saveAgencyBoundary(organization.id, agency.id, JSON.stringify(bowtie), null, db);
    expect(faulty).toMatchObject({ ok: false, faults: [{ code: "self_intersection" }] });
    expect((await db.agency.findUniqueOrThrow({ where: { id: agency.id } })).boundary).toEqual(before);

    // Another organization's id with this agency: nothing changes.
    expect(await saveAgencyBoundary(other.id, agency.id, JSON.stringify(square), null, db)).toMatchObject({ ok: false, reason: "No such agency." });
    expect((await db.agency.findUniqueOrThrow({ where: { id: agency.id } })).boundary).toEqual(before);

    const saved = await saveAgencyBoundary(organization.id, agency.id, JSON.stringify({ type: "Feature", properties: {}, geometry: square }), null, db);
    expect(saved.ok).toBe(true);
    expect((await db.agency.findUniqueOrThrow({ where: { id: agency.id } })).boundary).toEqual(square);

    expect(await clearAgencyBoundary(other.id, agency.id, null, db)).toBe(false);
    expect(await clearAgencyBoundary(organization.id, agency.id, null, db)).toBe(true);
    expect((await db.agency.findUniqueOrThrow({ where: { id: agency.id } })).boundary).toBeNull();
    expect(await getAgencyBoundary("boundary-b", agency.id, db)).toBeNull();
  });
});
