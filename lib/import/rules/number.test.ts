import { describe, expect, it } from "vitest";
import { isDecimalNumber } from "./number.ts";

describe("isDecimalNumber", () => {
  it.each(["0", "-0", "+1", "42.1015", "-72.5898", "007"])("accepts %j", (value) => expect(isDecimalNumber(value)).toBe(true));
  it.each(["", ".5", "5.", "1e3", "1,000", "NaN", "Infinity", "0x10", "٣", "1 000", "--1"])("rejects %j", (value) =>
    expect(isDecimalNumber(value)).toBe(false),
  );
});
