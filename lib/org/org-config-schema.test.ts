import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseOrgConfig, wrenchbotEmail } from "./org-config-schema.ts";

const demo = JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "..", "prisma", "seed", "demo-organization.json"), "utf8"));
const clone = () => structuredClone(demo);

describe("organization configuration", () => {
  it("accepts the demo organization", () => {
    expect(parseOrgConfig(demo).ok).toBe(true);
  });

  it("fills defaults: enabled true, questions [], role member", () => {
    const result = parseOrgConfig({
      organization: { name: "X", slug: "x", timezone: "UTC" },
      agencies: [{ name: "A" }],
      requestTypes: [{ title: "T", agency: "A" }],
      users: [{ email: "Someone@Example.gov" }],
    });
    expect(result.ok && result.config.requestTypes[0]).toEqual({ title: "T", agency: "A", enabled: true, questions: [] });
    expect(result.ok && result.config.users[0]).toEqual({ email: "someone@example.gov", role: "member" });
  });

  it.each([
    ["an unknown time zone", (c: typeof demo) => void (c.organization.timezone = "EST5"), "organization.timezone"],
    ["a bad slug", (c: typeof demo) => void (c.organization.slug = "Spring Field"), "organization.slug"],
    ["a generic user who is not a user", (c: typeof demo) => void (c.organization.genericUserEmail = "nobody@example.gov"), "organization.genericUserEmail"],
    ["an unclosed ring", (c: typeof demo) => void c.agencies[0].boundary.coordinates[0].pop(), "agencies[0].boundary.coordinates[0]"],
    ["a ring of three positions", (c: typeof demo) => void (c.agencies[2].boundary.coordinates[0] = [[0, 0], [1, 0], [0, 0]]), "agencies[2].boundary.coordinates[0]"],
    ["a longitude out of range", (c: typeof demo) => void (c.agencies[2].boundary.coordinates[0][0] = [-190, 42]), "agencies[2].boundary.coordinates[0][0][0]"],
    ["an unknown agency", (c: typeof demo) => void (c.requestTypes[0].agency = "Nope"), "requestTypes[0].agency"],
    ["a duplicate title", (c: typeof demo) => void (c.requestTypes[1].title = c.requestTypes[0].title), "requestTypes[1].title"],
    ["an auto-assign target who is not a user", (c: typeof demo) => void (c.requestTypes[0].autoAssignTo = "x@example.gov"), "requestTypes[0].autoAssignTo"],
    ["a select without options", (c: typeof demo) => void delete c.requestTypes[0].questions[0].options, "requestTypes[0].questions[0].options"],
    ["a duplicate question", (c: typeof demo) => void c.requestTypes[0].questions.push(c.requestTypes[0].questions[0]), "requestTypes[0].questions[2].text"],
    ["an unknown question kind", (c: typeof demo) => void (c.requestTypes[0].questions[1].kind = "file"), "requestTypes[0].questions[1].kind"],
    ["a duplicate user", (c: typeof demo) => void c.users.push({ email: c.users[0].email.toUpperCase() }), "users[5].email"],
  ])("rejects %s", (_name, mutate, path) => {
    const config = clone();
    mutate(config);
    const result = parseOrgConfig(config);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((problem) => problem.path)).toContain(path);
  });

  it("lists every problem at once", () => {
    const config = clone();
    config.organization.timezone = "Nowhere/Town";
    config.requestTypes[0].agency = "Nope";
    config.users[0].email = "not-an-email";
    const result = parseOrgConfig(config);
    expect(!result.ok && result.problems.length).toBeGreaterThanOrEqual(3);
  });

  it("names Wrenchbot after the slug", () => {
    expect(wrenchbotEmail("springfield")).toBe("wrenchbot@springfield.invalid");
  });
});
