import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "../testing/use-test-db.ts";
import { parseOrgConfig, type OrgConfig } from "../org/org-config-schema.ts";
import { applyOrgConfig, previewOrgConfig, dumpOrgConfig, ensureGenericUser } from "./org-config-store.ts";
import { demoOrganizationPath } from "./seed.ts";

const { db } = useTestDb({ max: 2 });
let demo: OrgConfig;

beforeAll(async () => {
  const parsed = parseOrgConfig(JSON.parse(await readFile(demoOrganizationPath, "utf8")));
  if (!parsed.ok) throw new Error("demo organization is invalid");
  demo = parsed.config;
});

function withSlug(config: OrgConfig, slug: string): OrgConfig {
  return { ...config, organization: { ...config.organization, slug } };
}

describe("org apply and dump", () => {
  it("creates an organization whose dump equals the file", async () => {
    const config = withSlug(demo, "roundtrip");
    const summary = await applyOrgConfig(config, null, db);
    expect(summary.organization).toBe("created");
    expect(await dumpOrgConfig("roundtrip", db)).toEqual(config);
  });

  it("keeps the organization's acknowledgement message, and leaves it out of the dump when there is none", async () => {
    const config = withSlug(demo, "ack-roundtrip");
    const withMessage = { ...config, organization: { ...config.organization, acknowledgeMessage: "Thanks, we are on it." } };
    await applyOrgConfig(withMessage, null, db);
    expect(await dumpOrgConfig("ack-roundtrip", db)).toEqual(withMessage);
    expect((await previewOrgConfig(config, db)).changes).toContain("updated the organization (acknowledgeMessage)");
    await applyOrgConfig(config, null, db);
    expect(await dumpOrgConfig("ack-roundtrip", db)).toEqual(config);
  });

  it("applying a dump changes nothing, not even timestamps", async () => {
    const config = withSlug(demo, "noop");
    await applyOrgConfig(config, null, db);
    const before = await db.requestType.findMany({ where: { organization: { slug: "noop" } }, orderBy: { id: "asc" } });
    const dump = (await dumpOrgConfig("noop", db))!;
    const summary = await applyOrgConfig(dump, null, db);
    expect(summary).toEqual({ organization: "unchanged", changes: [], leftAlone: [] });
    const after = await db.requestType.findMany({ where: { organization: { slug: "noop" } }, orderBy: { id: "asc" } });
    expect(after).toEqual(before);
  });

  it("updates what changed and reports what the file no longer lists", async () => {
    const config = withSlug(demo, "changes");
    await applyOrgConfig(config, null, db);
    const edited: OrgConfig = {
      ...config,
      requestTypes: config.requestTypes
        .filter((type) => type.title !== "Snow Plowing")
        .map((type) => (type.title === "Pothole" ? { ...type, enabled: false } : type)),
    };
    const summary = await applyOrgConfig(edited, null, db);
    expect(summary.changes).toContainEqual(expect.stringMatching(/^updated request type Pothole \(.*\benabled\b.*\)$/));
    expect(summary.leftAlone).toEqual(["request type Snow Plowing is not in the file"]);
    const pothole = await db.requestType.findFirstOrThrow({ where: { title: "Pothole", organization: { slug: "changes" } } });
    expect(pothole.enabled).toBe(false);
  });

  it("previews what an apply would change, and changes nothing", async () => {
    const config = withSlug(demo, "preview");
    await applyOrgConfig(config, null, db);
    const edited: OrgConfig = {
      ...config,
      organization: { ...config.organization, name: "Springfield (renamed)" },
      requestTypes: config.requestTypes.map((type) => (type.title === "Pothole" ? { ...type, enabled: false } : type)),
    };
    const before = await db.requestType.findMany({ where: { organization: { slug: "preview" } }, orderBy: { id: "asc" } });
    const preview = await previewOrgConfig(edited, db);
    expect(preview.changes).toEqual(["updated the organization (name)", "updated request type Pothole (enabled)"]);
    expect(await db.requestType.findMany({ where: { organization: { slug: "preview" } }, orderBy: { id: "asc" } })).toEqual(before);
    expect((await db.organization.findUniqueOrThrow({ where: { slug: "preview" } })).name).toBe(config.organization.name);
    // The apply then does what the preview said.
    expect(await applyOrgConfig(edited, null, db)).toEqual(preview);
  });

  it("treats emails case-insensitively", async () => {
    await expect(db.$executeRawUnsafe(`INSERT INTO "User" (email, "updatedAt") VALUES ('CREW@springfield.example.gov', now())`)).rejects.toThrow(/User_email_lower_key|unique/i);
  });

  it("creates the Wrenchbot service user when no generic user is configured", async () => {
    const { genericUserEmail: _omit, ...organization } = demo.organization;
    const config = { ...demo, organization: { ...organization, slug: "nogeneric" } };
    await applyOrgConfig(config, null, db);
    const org = await db.organization.findUniqueOrThrow({ where: { slug: "nogeneric" } });
    const user = await ensureGenericUser(org.id, db);
    expect(user.email).toBe("wrenchbot@nogeneric.invalid");
    expect((await ensureGenericUser(org.id, db)).id).toBe(user.id);
    // The service user is not part of the configuration file.
    expect((await dumpOrgConfig("nogeneric", db))!.users.map((u) => u.email)).not.toContain(user.email);
  });
});
