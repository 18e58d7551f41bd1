import { describe, expect, it } from "vitest";
import { decimalNumberPattern, decimalValue, isDecimalNumber } from "./number.ts";
import { mulberry32 } from "../../utils/seeded-random.ts";

describe("isDecimalNumber", () => {
  it.each(["0", "-0", "+1", "42.1015", "-72.5898", "007"])("accepts %j", (value) => expect(isDecimalNumber(value)).toBe(true));
  it.each(["", ".5", "5.", "1e3", "1,000", "NaN", "Infinity", "0x10", "٣", "1 000", "--1"])("rejects %j", (value) =>
    expect(isDecimalNumber(value)).toBe(false),
  );
});

/** Seeded strings over a small alphabet, so every shape near a decimal number comes up. */
function* near(seed: number, count: number, alphabet: string, maxLength: number): Generator<string> {
  const random = mulberry32(seed);
  for (let i = 0; i < count; i++) {
    let value = "";
    const length = Math.floor(random() * (maxLength + 1));
    for (let k = 0; k < length; k++) value += alphabet[Math.floor(random() * alphabet.length)];
    yield value;
  }
}

describe("the character loops agree with the contract's pattern and Number()", () => {
  it("isDecimalNumber and decimalValue, on 200,000 near-numbers", () => {
    let valid = 0;
    const wrong: string[] = [];
    for (const value of near(7, 200_000, "0123456789012345678901234567890123456789..+- e٣", 20)) {
      const decimal = decimalNumberPattern.test(value);
      if (isDecimalNumber(value) !== decimal || !Object.is(decimalValue(value), decimal ? Number(value) : NaN)) wrong.push(value);
      if (decimal) valid++;
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(valid).toBeGreaterThan(20_000);
  });

  it.each(["-0", "-0.000", "+0", "42.119140", "-72.509928", "0.1", "9007199254740993", "123456789012345.6", "0.30000000000000004"])(
    "decimalValue(%j) is Number()",
    (value) => expect(Object.is(decimalValue(value), Number(value))).toBe(true),
  );
});
