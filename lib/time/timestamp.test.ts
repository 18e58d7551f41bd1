import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { civilFromDays, daysFromCivil, daysInMonth, isLeapYear, parseCanonicalTimestamp } from "./timestamp.ts";

/** The reference reading of an accepted value: Temporal's own ISO parser. */
const reference = (value: string) => Temporal.Instant.from(value).epochMilliseconds;

describe("parseCanonicalTimestamp accepts", () => {
  it.each([
    ["the contract's example", "2015-12-05T13:11:59-05:00", -300],
    ["Z", "2015-12-05T13:11:59Z", 0],
    ["+00:00", "2015-12-05T13:11:59+00:00", 0],
    ["-00:00", "2015-12-05T13:11:59-00:00", 0],
    ["+05:30", "2015-12-05T13:11:59+05:30", 330],
    ["+05:45", "2015-12-05T13:11:59+05:45", 345],
    ["+14:00, the largest offset", "2015-12-05T13:11:59+14:00", 840],
    ["-14:00", "2015-12-05T13:11:59-14:00", -840],
    ["-09:30", "2015-12-05T13:11:59-09:30", -570],
    ["a leap day in a leap year", "2024-02-29T00:00:00Z", 0],
    ["a leap day in a 400-year leap year", "2000-02-29T23:59:59+01:00", 60],
    ["the last second of a year", "2015-12-31T23:59:59-05:00", -300],
    ["midnight", "2016-01-01T00:00:00-05:00", -300],
    ["one fraction digit", "2015-12-05T13:11:59.5Z", 0],
    ["two fraction digits", "2015-12-05T13:11:59.12Z", 0],
    ["three fraction digits", "2015-12-05T13:11:59.123Z", 0],
    ["six fraction digits", "2015-12-05T13:11:59.123456-05:00", -300],
    ["nine fraction digits", "2015-12-05T13:11:59.999999999+05:30", 330],
    ["a zero fraction", "2015-12-05T13:11:59.000Z", 0],
    ["before 1970", "1969-12-31T23:59:59.999Z", 0],
    ["a year below 100", "0099-12-31T23:59:59Z", 0],
    ["year 0001, the first (0000 is rejected: contract §2)", "0001-01-01T00:00:00Z", 0],
    ["year 9999", "9999-12-31T23:59:59Z", 0],
  ])("%s: %s", (_name, value, offsetMinutes) => {
    expect(parseCanonicalTimestamp(value)).toEqual({ ok: true, epochMs: reference(value), offsetMinutes });
  });

  it("more than nine fraction digits (the grammar allows any), truncated to the millisecond", () => {
    expect(parseCanonicalTimestamp("2015-12-05T13:11:59.9999999999999Z")).toEqual({
      ok: true,
      epochMs: Date.UTC(2015, 11, 5, 13, 11, 59, 999),
      offsetMinutes: 0,
    });
  });

  it("agrees with Temporal on 5,000 random canonical timestamps", () => {
    let seed = 1;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const two = (n: number) => String(n).padStart(2, "0");
    for (let i = 0; i < 5_000; i++) {
      const year = 1 + random(9998);
      const month = 1 + random(12);
      const day = 1 + random(28);
      const fraction = random(3) === 0 ? "" : `.${String(random(1_000_000_000)).padStart(9, "0").slice(0, 1 + random(9))}`;
      const offsetMinutes = random(4) === 0 ? 0 : random(1681) - 840;
      const abs = Math.abs(offsetMinutes);
      const offset = random(4) === 0 && offsetMinutes === 0 ? "Z" : `${offsetMinutes < 0 ? "-" : "+"}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
      const value = `${String(year).padStart(4, "0")}-${two(month)}-${two(day)}T${two(random(24))}:${two(random(60))}:${two(random(60))}${fraction}${offset}`;
      expect(parseCanonicalTimestamp(value), value).toEqual({ ok: true, epochMs: reference(value), offsetMinutes });
    }
  });
});

describe("parseCanonicalTimestamp rejects", () => {
  it.each([
    // [name, value, reason, message pattern, hint pattern or undefined for no hint check]
    ["no offset", "2015-12-05T13:11:59", "missing_offset", /^"2015-12-05T13:11:59" has no UTC offset\.$/, /add the offset, e\.g\. -05:00/],
    ["no offset, with a fraction", "2015-12-05T13:11:59.250", "missing_offset", /has no UTC offset/, /2015-12-05T13:11:59\.250-05:00/],
    ["no offset and not a real date", "2023-02-30T10:00:00", "invalid", /February 30 is not a real date/, undefined],
    ["no offset and hour 24", "2015-12-05T24:00:00", "invalid", /hour 24 is not allowed/, /2015-12-06T00:00:00$/],
    ["February 29 of a common year", "2023-02-29T10:00:00Z", "invalid", /February 29, 2023 is not a real date \(2023 is not a leap year\)/, undefined],
    ["February 29, 1900 (century, not a leap year)", "1900-02-29T10:00:00Z", "invalid", /February 29, 1900 is not a real date/, undefined],
    ["February 30", "2024-02-30T10:00:00Z", "invalid", /February 30 is not a real date/, undefined],
    ["April 31", "2023-04-31T10:00:00-04:00", "invalid", /April 31 is not a real date/, undefined],
    ["month 13", "2023-13-01T10:00:00Z", "invalid", /month 13 is not a real month/, /year-month-day/],
    ["year 0000 (years run 0001–9999)", "0000-01-01T00:00:00Z", "invalid", /year 0000 is not a real year/, undefined],
    ["year 0000 without an offset is not a missing offset", "0000-06-15T12:00:00", "invalid", /year 0000 is not a real year/, undefined],
    ["month 00", "2023-00-10T10:00:00Z", "invalid", /month 00 is not a real month/, undefined],
    ["day 00", "2023-01-00T10:00:00Z", "invalid", /day 00 is not a real date/, undefined],
    ["hour 24", "2015-12-05T24:00:00Z", "invalid", /hour 24 is not allowed; use 00:00 of the next day/, /2015-12-06T00:00:00Z/],
    ["hour 24 on New Year's Eve", "2015-12-31T24:00:00-05:00", "invalid", /hour 24/, /2016-01-01T00:00:00-05:00/],
    ["hour 25", "2015-12-05T25:00:00Z", "invalid", /hour 25 is not a real hour/, undefined],
    ["minute 60", "2015-12-05T13:60:00Z", "invalid", /minute 60/, undefined],
    ["second 60 (leap second)", "2015-12-05T23:59:60Z", "invalid", /second 60/, /leap seconds/],
    ["offset +14:01", "2015-12-05T13:11:59+14:01", "invalid", /offset \+14:01 is not real/, undefined],
    ["offset +15:00", "2015-12-05T13:11:59+15:00", "invalid", /offset \+15:00 is not real/, undefined],
    ["offset -14:30", "2015-12-05T13:11:59-14:30", "invalid", /offset -14:30/, undefined],
    ["offset minutes 60", "2015-12-05T13:11:59+05:60", "invalid", /offset \+05:60/, undefined],
    ["offset without a colon", "2015-12-05T13:11:59+0500", "invalid", /±HH:MM/, /2015-12-05T13:11:59\+05:00/],
    ["offset hours only", "2015-12-05T13:11:59+05", "invalid", /±HH:MM/, /2015-12-05T13:11:59\+05:00/],
    ["offset with seconds", "2015-12-05T13:11:59+05:00:00", "invalid", /not a timestamp/, /use the form 2015-12-05T13:11:59-05:00/],
    ["lower-case t", "2015-12-05t13:11:59Z", "invalid", /lower-case/, /2015-12-05T13:11:59Z/],
    ["lower-case z", "2015-12-05T13:11:59z", "invalid", /lower-case/, /2015-12-05T13:11:59Z/],
    ["missing seconds", "2015-12-05T13:11-05:00", "invalid", /no seconds/, /2015-12-05T13:11:00-05:00/],
    ["missing seconds and offset", "2015-12-05T13:11", "invalid", /no seconds/, /2015-12-05T13:11:00-05:00/],
    ["a space instead of T", "2015-12-05 13:11:59-05:00", "invalid", /space where the T belongs/, /2015-12-05T13:11:59-05:00/],
    ["local yyyy-MM-dd HH:mm:ss", "2022-01-21 13:47:00", "invalid", /local time \(yyyy-MM-dd HH:mm:ss\)/, /2022-01-21T13:47:00 with the offset/],
    ["US month/day/year, 12-hour", "01/21/2022 1:47 PM", "invalid", /month\/day\/year order/, /2022-01-21T13:47:00/],
    ["day/month/year", "21/01/2022 13:47:00", "invalid", /day\/month\/year order/, /2022-01-21T13:47:00/],
    ["ambiguous slash date", "02/01/2023 11:44:53 PM", "invalid", /month\/day\/year or day\/month\/year/, /cannot be told/],
    ["Unix epoch seconds", "1449339119", "invalid", /Unix time in seconds \(2015-12-05T18:11:59Z\)/, /"epoch"/],
    ["Unix epoch milliseconds", "1449339119000", "invalid", /Unix time in milliseconds/, /"epoch_ms"/],
    ["a date only", "2015-12-05", "invalid", /date without a time/, /2015-12-05T00:00:00-05:00/],
    ["trailing space", "2015-12-05T13:11:59Z ", "invalid", /spaces around it/, /remove the spaces/],
    ["leading space", " 2015-12-05T13:11:59Z", "invalid", /spaces around it/, undefined],
    ["trailing newline", "2015-12-05T13:11:59Z\n", "invalid", /spaces around it/, undefined],
    ["blank", "", "invalid", /blank/, undefined],
    ["a dot without fraction digits", "2015-12-05T13:11:59.Z", "invalid", /not a timestamp/, undefined],
    ["a fraction with no seconds", "2015-12-05T13:11.5Z", "invalid", /not a timestamp/, undefined],
    ["a five-digit year", "12015-12-05T13:11:59Z", "invalid", /not a timestamp/, undefined],
    ["a negative year", "-2015-12-05T13:11:59Z", "invalid", /not a timestamp/, undefined],
    ["junk after Z", "2015-12-05T13:11:59Zx", "invalid", /not a timestamp/, undefined],
    ["a space before the offset", "2015-12-05T13:11:59 -05:00", "invalid", /not a timestamp/, undefined],
    ["full-width digits", "２０１５-12-05T13:11:59Z", "invalid", /not a timestamp/, undefined],
    ["one-digit month", "2015-1-05T13:11:59Z", "invalid", /not a timestamp/, undefined],
    ["words", "yesterday", "invalid", /"yesterday" is not a timestamp/, /use the form/],
  ] as const)("%s: %j", (_name, value, reason, message, hint) => {
    const result = parseCanonicalTimestamp(value);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe(reason);
    expect(result.message).toMatch(message);
    if (hint) expect(result.hint).toMatch(hint);
  });

  it("keeps the message short for a huge value", () => {
    const result = parseCanonicalTimestamp("x".repeat(100_000));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.length).toBeLessThan(120);
  });
});

describe("calendar arithmetic", () => {
  it.each([
    [2015, false],
    [2016, true],
    [1900, false],
    [2000, true],
    [2100, false],
    [2400, true],
    [4, true],
    [1, false],
  ])("isLeapYear(%i) is %s", (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
  });

  it("daysInMonth agrees with Date's UTC calendar for every month of 1600–2400", () => {
    for (let year = 1600; year <= 2400; year++) {
      for (let month = 1; month <= 12; month++) {
        expect(daysInMonth(year, month), `${year}-${month}`).toBe(new Date(Date.UTC(year, month, 0)).getUTCDate());
      }
    }
  });

  it("daysFromCivil and civilFromDays agree with Date's UTC calendar for every day of 0000–9999", () => {
    const first = daysFromCivil(0, 1, 1);
    const last = daysFromCivil(9999, 12, 31);
    expect(last - first + 1).toBe(10_000 * 365 + 2_425); // 2,425 leap days in 10,000 Gregorian years
    let mismatches = 0;
    for (let days = first; days <= last; days++) {
      const { year, month, day } = civilFromDays(days);
      if (daysFromCivil(year, month, day) !== days) mismatches++;
      if (days % 97 === 0) {
        const date = new Date(days * 86_400_000);
        expect([year, month, day]).toEqual([date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()]);
      }
    }
    expect(mismatches).toBe(0);
  });
});
