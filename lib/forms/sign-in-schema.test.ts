import { describe, expect, it } from "vitest";
import { safeNextPath, signInSchema } from "./sign-in-schema.ts";

describe("safeNextPath", () => {
  it.each([
    [undefined, "/imports"],
    ["", "/imports"],
    ["/imports/12?tab=map", "/imports/12?tab=map"],
    ["/organizations", "/organizations"],
    ["//evil.example/x", "/imports"],
    ["/\\evil.example", "/imports"],
    ["https://evil.example/", "/imports"],
    ["javascript:alert(1)", "/imports"],
    ["/sign-in?next=/imports", "/imports"],
    ["/imports\n/x", "/imports"],
  ])("%j → %s", (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });
});

describe("signInSchema", () => {
  it("lower-cases and trims the e-mail address", () => {
    expect(signInSchema.parse({ email: " Ada@Example.COM ", password: "x" }).email).toBe("ada@example.com");
  });
  it.each([[{ email: "not an address", password: "x" }], [{ email: "a@example.com", password: "" }], [{ email: "a@example.com" }]])("refuses %j", (input) => {
    expect(signInSchema.safeParse(input).success).toBe(false);
  });
});
