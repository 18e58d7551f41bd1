import { describe, expect, it } from "vitest";
import { compileLocalFormat, isPlaceholderDate, localFormatProblem, parseLocalTimestamp } from "./local-formats.ts";

const NY = "America/New_York";

describe("parseLocalTimestamp reads", () => {
  it.each([
    ["NYC open data", "2022-01-21 13:47:00", ["yyyy-MM-dd HH:mm:ss"], "2022-01-21T13:47:00-05:00"],
    ["US date, 24-hour, no seconds", "01/21/2022 13:47", ["MM/dd/yyyy HH:mm"], "2022-01-21T13:47:00-05:00"],
    ["SeeClickFix export m/d/y h:m", "1/21/22 1:47 PM", ["M/d/yy h:mm a"], "2022-01-21T13:47:00-05:00"],
    ["12 AM is midnight", "12/5/15 12:00 AM", ["M/d/yy h:mm a"], "2015-12-05T00:00:00-05:00"],
    ["12 PM is noon", "12/5/15 12:30 pm", ["M/d/yy h:mm a"], "2015-12-05T12:30:00-05:00"],
    ["a.m. with dots", "12/5/15 9:05 a.m.", ["M/d/yy h:mm a"], "2015-12-05T09:05:00-05:00"],
    ["two-digit year 99 is 1999", "1/2/99 1:00 AM", ["M/d/yy h:mm a"], "1999-01-02T01:00:00-05:00"],
    ["two-digit year 68 is 2068", "1/2/68 1:00 AM", ["M/d/yy h:mm a"], "2068-01-02T01:00:00-05:00"],
    ["day first", "21/01/2022 13:47:00", ["dd/MM/yyyy HH:mm:ss"], "2022-01-21T13:47:00-05:00"],
    ["12-hour clock with seconds", "02/01/2023 11:44:53 PM", ["MM/dd/yyyy hh:mm:ss a"], "2023-02-01T23:44:53-05:00"],
    ["summer time", "07/04/2023 09:00:00 AM", ["MM/dd/yyyy hh:mm:ss a"], "2023-07-04T09:00:00-04:00"],
    ["Socrata floating time with milliseconds", "2022-01-21T13:47:00.123", ["yyyy-MM-dd'T'HH:mm:ss.SSS"], "2022-01-21T13:47:00.123-05:00"],
    ["a short fraction under SSS", "2022-01-21T13:47:00.5", ["yyyy-MM-dd'T'HH:mm:ss.SSS"], "2022-01-21T13:47:00.500-05:00"],
    ["month abbreviation, any case", "21-JAN-22", ["dd-MMM-yy"], "2022-01-21T00:00:00-05:00"],
    ["full month name", "January 21, 2022 1:47 PM", ["MMMM d, yyyy h:mm a"], "2022-01-21T13:47:00-05:00"],
    ["a date only is midnight", "2022-01-21", ["yyyy-MM-dd"], "2022-01-21T00:00:00-05:00"],
    ["a quoted quote", "2022-01-21 o'clock 13", ["yyyy-MM-dd 'o''clock' HH"], "2022-01-21T13:00:00-05:00"],
    ["epoch seconds (PublicStuff)", "1449339119", ["epoch"], "2015-12-05T13:11:59-05:00"],
    ["epoch seconds with a fraction", "1449339119.5", ["epoch"], "2015-12-05T13:11:59.500-05:00"],
    ["negative epoch seconds", "-86400", ["epoch"], "1969-12-30T19:00:00-05:00"],
    ["epoch milliseconds", "1449339119250", ["epoch_ms"], "2015-12-05T13:11:59.250-05:00"],
    ["iso passes through with its own offset", "2015-12-05T13:11:59+05:30", ["iso"], "2015-12-05T13:11:59+05:30"],
    ["iso Z", "2015-12-05T13:11:59.5Z", ["iso"], "2015-12-05T13:11:59.5Z"],
    ["the second format when the first does not fit", "21/01/2022 13:47", ["yyyy-MM-dd HH:mm:ss", "dd/MM/yyyy HH:mm"], "2022-01-21T13:47:00-05:00"],
    ["month first when it fits", "01/02/2022", ["MM/dd/yyyy", "dd/MM/yyyy"], "2022-01-02T00:00:00-05:00"],
    ["day first when month first is out of range", "21/01/2022", ["MM/dd/yyyy", "dd/MM/yyyy"], "2022-01-21T00:00:00-05:00"],
    ["iso first, then a zone-less fallback", "2022-01-21T13:47:00", ["iso", "yyyy-MM-dd'T'HH:mm:ss"], "2022-01-21T13:47:00-05:00"],
  ])("%s: %s", (_name, value, formats, iso) => {
    expect(parseLocalTimestamp(value, formats, NY)).toMatchObject({ ok: true, iso, offset: iso.endsWith("Z") ? "+00:00" : iso.slice(-6) });
  });

  it("reads in the zone it is given", () => {
    expect(parseLocalTimestamp("2022-01-21 13:47:00", ["yyyy-MM-dd HH:mm:ss"], "Asia/Kolkata")).toMatchObject({
      ok: true,
      iso: "2022-01-21T13:47:00+05:30",
      epochMs: Date.UTC(2022, 0, 21, 8, 17),
    });
  });
});

describe("parseLocalTimestamp reports", () => {
  it.each([
    ["a DST gap, not guessed", "2023-03-12 02:30:00", ["yyyy-MM-dd HH:mm:ss"], "gap", /2:30 AM on 12 March 2023 never happened/],
    ["a DST repeat, not guessed", "11/05/2023 01:30 AM", ["MM/dd/yyyy hh:mm a"], "repeat", /happened twice/],
    ["a gap stops the search (a later format is not tried)", "2023-03-12 02:30:00", ["yyyy-MM-dd HH:mm:ss", "yyyy-dd-MM HH:mm:ss"], "gap", /never happened/],
    ["February 30", "02/30/2022", ["MM/dd/yyyy"], "invalid", /February 30, 2022 is not a real date/],
    ["month 13 under every format", "13/13/2022", ["MM/dd/yyyy", "dd/MM/yyyy"], "invalid", /Month 13/],
    ["hour 13 on a 12-hour clock", "1/21/22 13:47 PM", ["M/d/yy h:mm a"], "invalid", /Hour 13 is not a 12-hour clock hour/],
    ["hour 0 on a 12-hour clock", "1/21/22 0:47 PM", ["M/d/yy h:mm a"], "invalid", /Hour 0/],
    ["hour 24", "2022-01-21 24:00:00", ["yyyy-MM-dd HH:mm:ss"], "invalid", /Hour 24/],
    ["not a month name", "21-Foo-22", ["dd-MMM-yy"], "invalid", /"Foo" is not a month name/],
    ["iso that is not a real date", "2023-02-30T10:00:00Z", ["iso"], "invalid", /February 30 is not a real date/],
    ["a bad zone", "2022-01-21 13:47:00", ["yyyy-MM-dd HH:mm:ss"], "invalid", /not a time zone/],
    ["no format fits", "yesterday", ["yyyy-MM-dd HH:mm:ss", "epoch"], "no_format", /"yesterday" fits none of the timestamp formats "yyyy-MM-dd HH:mm:ss", "epoch"\./],
    ["a trailing zone name", "2022-01-21 13:47:00 EST", ["yyyy-MM-dd HH:mm:ss"], "no_format", /fits none/],
    ["iso without an offset", "2022-01-21T13:47:00", ["iso"], "no_format", /fits none/],
    ["a one-digit day under dd", "2022-01-1", ["yyyy-MM-dd"], "no_format", /fits none/],
    ["no formats", "2022-01-21", [], "no_format", /\(none given\)/],
    ["epoch seconds beyond year 9999", "999999999999", ["epoch"], "invalid", /outside the years 0000–9999/],
  ])("%s: %s", (name, value, formats, reason, message) => {
    const result = parseLocalTimestamp(value, formats, name === "a bad zone" ? "Nowhere/Special" : NY);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe(reason);
    expect(result.message).toMatch(message);
  });
});

describe("compileLocalFormat", () => {
  it("compiles each format once", () => {
    expect(compileLocalFormat("MM/dd/yyyy HH:mm")).toBe(compileLocalFormat("MM/dd/yyyy HH:mm"));
  });

  it.each([
    ["moment-style year", "YYYY-MM-DD", /"YYYY" is not a format letter; did you mean "yyyy"\?/],
    ["moment-style day", "yyyy-MM-DD", /did you mean "dd"/],
    ["no year", "MM/dd HH:mm", /needs a year \(yyyy\), a month \(MM\) and a day \(dd\)/],
    ["no day", "yyyy-MM", /needs a year/],
    ["12-hour clock without AM/PM", "MM/dd/yyyy h:mm", /12-hour clock \(h, hh\) goes with an AM\/PM marker/],
    ["AM/PM with a 24-hour clock", "MM/dd/yyyy HH:mm a", /goes with an AM\/PM marker/],
    ["a field twice", "yyyy-MM-dd yyyy", /names year twice/],
    ["an unclosed quote", "yyyy-MM-dd'T", /unclosed quote/],
    ["an unknown letter", "yyyy-MM-dd HH:mm z", /"z" is not a format letter/],
  ])("rejects %s: %s", (_name, format, message) => {
    expect(() => compileLocalFormat(format)).toThrow(message);
    expect(localFormatProblem(format)).toMatch(message);
  });

  it.each(["yyyy-MM-dd HH:mm:ss", "M/d/yy h:mm a", "epoch", "epoch_ms", "iso", "yyyy-MM-dd'T'HH:mm:ss.SSS"])("accepts %s", (format) => {
    expect(localFormatProblem(format)).toBeUndefined();
  });
});

describe("isPlaceholderDate", () => {
  it.each([
    ["1900-01-01 midnight", "1900-01-01T00:00:00-05:00", true],
    ["1900-01-01 at another hour", "1900-01-01T05:00:00Z", true],
    ["the Unix epoch in UTC", "1970-01-01T00:00:00Z", true],
    ["the Unix epoch seen from New York", "1969-12-31T19:00:00-05:00", true],
    ["the Unix epoch seen from Kolkata", "1970-01-01T05:30:00+05:30", true],
    ["Excel/OLE day zero", "1899-12-30T00:00:00Z", true],
    ["Excel day 0", "1899-12-31T00:00:00Z", true],
    [".NET DateTime.MinValue", "0001-01-01T00:00:00Z", true],
    ["SQL Server datetime minimum", "1753-01-01T00:00:00Z", true],
    ["a far-future 'never'", "9999-12-31T23:59:59Z", true],
    ["a real date", "2015-12-05T13:11:59-05:00", false],
    ["the day after a placeholder", "1900-01-02T00:00:00Z", false],
    ["a second after the epoch, in New York", "1969-12-31T19:00:01-05:00", false],
    ["a real midnight", "2022-01-21T00:00:00-05:00", false],
  ])("%s: %s", (_name, iso, expected) => {
    expect(isPlaceholderDate(iso)).toBe(expected);
  });
});
