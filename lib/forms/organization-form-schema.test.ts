import { describe, expect, it } from "vitest";
import { organizationFormSchema, toOrganizationSettings, type OrganizationFormValues } from "./organization-form-schema.ts";

const valid: OrganizationFormValues = { name: "City of Springfield", slug: "springfield", timezone: "America/New_York", genericUserEmail: "", defaultLat: "", defaultLng: "", defaultAddress: "", acknowledgeMessage: "" };

describe("organizationFormSchema", () => {
  it.each<[string, Partial<OrganizationFormValues>, string | null]>([
    ["the minimum", {}, null],
    ["a full default location", { defaultLat: "42.1015", defaultLng: "-72.5898", defaultAddress: "36 Court St" }, null],
    ["a generic user", { genericUserEmail: "Imports@Springfield.example.gov" }, null],
    ["no name", { name: " " }, "name"],
    ["an upper-case slug", { slug: "Springfield" }, "slug"],
    ["a slug with a double hyphen", { slug: "spring--field" }, "slug"],
    ["a zone that is not IANA", { timezone: "Eastern" }, "timezone"],
    ["a generic user that is not an e-mail", { genericUserEmail: "imports" }, "genericUserEmail"],
    ["a latitude past 90", { defaultLat: "91", defaultLng: "-72.5", defaultAddress: "x" }, "defaultLat"],
    ["a longitude that is not a number", { defaultLat: "42", defaultLng: "west", defaultAddress: "x" }, "defaultLng"],
    ["a point without its address", { defaultLat: "42.1", defaultLng: "-72.5" }, "defaultAddress"],
    ["an address without its point", { defaultAddress: "36 Court St" }, "defaultLat"],
    ["an acknowledgement message", { acknowledgeMessage: "Thanks, we are on it." }, null],
    ["an acknowledgement message past 1,000 characters", { acknowledgeMessage: "x".repeat(1001) }, "acknowledgeMessage"],
  ])("%s", (_, change, failingField) => {
    const result = organizationFormSchema.safeParse({ ...valid, ...change });
    if (failingField === null) expect(result.success).toBe(true);
    else expect(result.success ? [] : result.error.issues.map((issue) => issue.path[0])).toContain(failingField);
  });

  it("gives the settings to save: numbers for the point, null for what is empty, a lower-case e-mail", () => {
    expect(toOrganizationSettings(organizationFormSchema.parse({ ...valid, genericUserEmail: "Imports@X.example", defaultLat: "42.1", defaultLng: "-72.5", defaultAddress: "36 Court St" }))).toEqual({
      name: "City of Springfield",
      slug: "springfield",
      timezone: "America/New_York",
      genericUserEmail: "imports@x.example",
      defaultLocation: { lat: 42.1, lng: -72.5, address: "36 Court St" },
      acknowledgeMessage: null,
    });
    expect(toOrganizationSettings(valid)).toMatchObject({ genericUserEmail: null, defaultLocation: null, acknowledgeMessage: null });
    expect(toOrganizationSettings(organizationFormSchema.parse({ ...valid, acknowledgeMessage: " Thanks, we are on it. " }))).toMatchObject({ acknowledgeMessage: "Thanks, we are on it." });
  });
});
