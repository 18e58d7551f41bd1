import { describe, expect, it } from "vitest";
import { checkReporterEmail, emailPattern, isEmail } from "./email.ts";
import { mulberry32 } from "../../utils/seeded-random.ts";

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

describe("isEmail", () => {
  it("agrees with the pattern on 200,000 near-addresses", () => {
    const random = mulberry32(11);
    const pick = (chars: string) => chars[Math.floor(random() * chars.length)]!;
    const word = (chars: string, max: number) => Array.from({ length: Math.floor(random() * max) }, () => pick(chars)).join("");
    const noise = "abAZ9_-+@.. \t\n\u000b\u00a0üé\u2028\u3000";
    let valid = 0;
    const wrong: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      // An address-like value (local@label.label.tld), then 0–2 random edits.
      let value = `${word("ab.9_+é", 5)}@${word("ab9-ü", 4)}.${random() < 0.3 ? `${word("ab9", 3)}.` : ""}${word("abZé1", 4)}`;
      for (let edits = Math.floor(random() * 3); edits > 0; edits--) {
        const at = Math.floor(random() * (value.length + 1));
        value = random() < 0.5 ? value.slice(0, at) + pick(noise) + value.slice(at + 1) : value.slice(0, at) + pick(noise) + value.slice(at);
      }
      const expected = emailPattern.test(value);
      if (isEmail(value) !== expected) wrong.push(JSON.stringify(value));
      if (expected) valid++;
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(valid).toBeGreaterThan(10_000);
  });
});
