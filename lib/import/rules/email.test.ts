import { describe, expect, it } from "vitest";
import { checkReporterEmail } from "./email.ts";

describe("checkReporterEmail", () => {
  it.each(["", "jane@example.org", "j.doe+311@mail.city.gov", "ana@münchen.de", "x@y.co"])("accepts %j", (value) => {
    expect(checkReporterEmail(value)).toBeNull();
  });

  it.each([
    "jane",
    "jane@",
    "@example.org",
    "jane@example",
    "jane@@example.org",
    "ja ne@example.org",
    "jane@example.c",
    "jane@example.c0m",
    "jane@example..org",
    "jane@.org",
    "a@b@c.org",
  ])("rejects %j", (value) => {
    expect(checkReporterEmail(value)).toMatchObject({ code: "invalid_email", column: "reporter_email", value });
  });
});
