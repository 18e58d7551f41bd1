import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { orgConfigJsonSchema, orgConfigJsonSchemaPath, profileJsonSchema, profileJsonSchemaPath } from "./json-schema.ts";

describe("docs/org-config.schema.json", () => {
  it("is what the zod schema generates (run `npx bulk-import schema` after changing it)", () => {
    expect(readFileSync(orgConfigJsonSchemaPath, "utf8")).toBe(orgConfigJsonSchema());
  });

  it("describes the question kinds of the contract", () => {
    expect(orgConfigJsonSchema()).toContain('"multivaluelist"');
  });
});

describe("docs/profile.schema.json", () => {
  it("is what the zod schema generates (run `npx bulk-import schema` after changing it)", () => {
    expect(readFileSync(profileJsonSchemaPath, "utf8")).toBe(profileJsonSchema());
  });

  it("describes the column sources and timestamp formats", () => {
    const text = profileJsonSchema();
    for (const word of ["epoch-seconds", '"firstOf"', '"valueMap"', '"template"', '"closedWithoutTime"']) expect(text).toContain(word);
  });
});
