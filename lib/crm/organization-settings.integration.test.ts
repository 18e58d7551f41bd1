import { describe, expect, it } from "vitest";
import { useTestDb } from "../testing/use-test-db.ts";
import { createOrganization } from "../testing/import-fixtures.ts";
import { createOrganizationSettings, getOrganizationSettings, updateOrganizationSettings } from "./organization-settings.ts";

const { db } = useTestDb();

const settings = { name: "Shelbyville", slug: "shelbyville", timezone: "America/Chicago", genericUserEmail: null, defaultLocation: null, acknowledgeMessage: null };

describe("an organization's own settings", () => {
  it("creates one, refuses a taken slug, and saves changes without moving the slug", async () => {
    expect(await createOrganizationSettings(settings, null, db)).toEqual({ ok: true, slug: "shelbyville" });
    expect(await createOrganizationSettings({ ...settings, name: "Other" }, null, db)).toMatchObject({ ok: false, reason: expect.stringContaining("taken") });
    const created = await getOrganizationSettings("shelbyville", db);
    expect(created!.values).toEqual({ name: "Shelbyville", slug: "shelbyville", timezone: "America/Chicago", genericUserEmail: "", defaultLat: "", defaultLng: "", defaultAddress: "", acknowledgeMessage: "" });

    const changed = { ...settings, name: "City of Shelbyville", genericUserEmail: "imports@shelbyville.example", defaultLocation: { lat: 39.4, lng: -88.8, address: "1 Main St" }, acknowledgeMessage: "Thanks, we are on it." };
    expect(await updateOrganizationSettings(created!.id, changed, null, db)).toEqual({ ok: true, slug: "shelbyville" });
    const saved = await getOrganizationSettings("shelbyville", db);
    expect(saved!.values).toMatchObject({ name: "City of Shelbyville", genericUserEmail: "imports@shelbyville.example", defaultLat: "39.4", defaultLng: "-88.8", defaultAddress: "1 Main St", acknowledgeMessage: "Thanks, we are on it." });
    // The generic user became a member, so the review and the imports can name it.
    expect(saved!.memberEmails).toContain("imports@shelbyville.example");

    expect(await updateOrganizationSettings(created!.id, { ...changed, slug: "shelby" }, null, db)).toMatchObject({ ok: false, reason: expect.stringContaining("slug cannot change") });
    expect(await updateOrganizationSettings(created!.id, { ...changed, genericUserEmail: null }, null, db)).toMatchObject({ ok: true });
    expect((await db.organization.findUniqueOrThrow({ where: { slug: "shelbyville" } })).genericUserId).toBeNull();
  });

  it("answers no such organization for an id that is not one", async () => {
    const { organization } = await createOrganization(db, "settings-other");
    expect(await updateOrganizationSettings(organization.id + 10_000, { ...settings, slug: "settings-other" }, null, db)).toEqual({ ok: false, reason: "No such organization." });
  });
});
