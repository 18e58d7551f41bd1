import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { orgConfigJsonSchema, orgConfigJsonSchemaPath } from "./json-schema.ts";

describe("docs/org-config.schema.json", () => {
  it("is what the zod schema generates (run `npx bulk-import schema` after changing it)", () => {
    expect(readFileSync(orgConfigJsonSchemaPath, "utf8")).toBe(orgConfigJsonSchema());
  });

  it("describes the question kinds of the contract", () => {
    expect(orgConfigJsonSchema()).toContain('"multivaluelist"');
  });
});
