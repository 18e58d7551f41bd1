import { describe, expect, it } from "vitest";
import { compileTimestampReader, timestampFits, type TimestampOutcome } from "./source-timestamps.ts";

const NY = "America/New_York";

describe("compileTimestampReader", () => {
  // [formats, value, expected canonical text or problem code, placeholder?]
  it.each<[string[], string, string, boolean?]>([
    [["iso"], "2022-01-21 13:47:00", "2022-01-21T13:47:00-05:00"],
    [["iso"], "2022-07-21T13:47:00", "2022-07-21T13:47:00-04:00"],
    [["iso"], "2022-01-21T18:47:00Z", "2022-01-21T13:47:00-05:00"],
    [["iso"], "2022-01-21T13:47:00.250+01:00", "2022-01-21T07:47:00.250-05:00"],
    [["iso"], "2022-01-21T13:47:00+0100", "2022-01-21T07:47:00-05:00"],
    [["iso"], "2022-01-21", "2022-01-21T00:00:00-05:00"],
    [["iso"], "2022-02-30 10:00:00", "unparsed_timestamp"],
    [["iso"], "21/01/2022 13:47:00", "unparsed_timestamp"],
    [["MM/dd/yyyy hh:mm:ss a"], "02/01/2023 11:44:53 PM", "2023-02-01T23:44:53-05:00"],
    [["MM/dd/yyyy hh:mm:ss a"], "02/01/2023 12:00:00 AM", "2023-02-01T00:00:00-05:00"],
    [["MM/dd/yyyy hh:mm:ss a"], "02/01/2023 12:30:00 PM", "2023-02-01T12:30:00-05:00"],
    [["dd/MM/yyyy HH:mm:ss"], "21/01/2022 13:47:00", "2022-01-21T13:47:00-05:00"],
    [["dd/MM/yyyy HH:mm:ss", "MM/dd/yyyy HH:mm:ss"], "01/21/2022 13:47:00", "2022-01-21T13:47:00-05:00"],
    [["M/d/yyyy H:mm", "M/d/yy H:mm"], "12/3/21 8:00", "2021-12-03T08:00:00-05:00"],
    [["epoch-seconds"], "1538492521", "2018-10-02T11:02:01-04:00"],
    [["epoch-seconds"], "1531831796.5", "2018-07-17T08:49:56.500-04:00"],
    [["epoch-millis"], "1538492521000", "2018-10-02T11:02:01-04:00"],
    [["epoch-seconds"], "0", "1969-12-31T19:00:00-05:00", true],
    [["iso"], "1900-01-01 00:00:00", "1900-01-01T00:00:00", true],
    [["iso"], "0001-01-01", "0001-01-01T00:00:00", true],
    [["MM/dd/yyyy hh:mm:ss a"], "03/12/2023 02:30:00 AM", "nonexistent_local_time"],
    [["MM/dd/yyyy hh:mm:ss a"], "11/05/2023 01:30:00 AM", "ambiguous_local_time"],
    [["epoch-seconds", "iso"], "yesterday", "unparsed_timestamp"],
  ])("%j reads %s as %s", (formats, value, expected, placeholder = false) => {
    const result = compileTimestampReader({ formats, timeZone: NY })(value);
    if (result.ok) {
      // Before 1883 New York kept local mean time (-04:56:02): only the date is compared there.
      if (placeholder) expect(result.iso.slice(0, 10)).toBe(expected.slice(0, 10));
      else expect(result.iso).toBe(expected);
      expect(result.placeholder).toBe(placeholder);
    } else {
      expect(result.code).toBe(expected);
    }
  });

  it.each<["earlier" | "later", string]>([
    ["earlier", "2023-11-05T01:30:00-04:00"],
    ["later", "2023-11-05T01:30:00-05:00"],
  ])("resolves a DST repeat to the %s instant when the profile says so", (ambiguous, iso) => {
    expect(compileTimestampReader({ formats: ["iso"], timeZone: NY, ambiguous })("2023-11-05 01:30:00")).toEqual({ ok: true, iso, placeholder: false });
  });

  it("hints the instant one hour later for a DST gap", () => {
    const result = compileTimestampReader({ formats: ["iso"], timeZone: NY })("2023-03-12 02:30:00") as Extract<TimestampOutcome, { ok: false }>;
    expect(result.code).toBe("nonexistent_local_time");
    expect(result.hint).toContain("2023-03-12T03:30:00-04:00");
  });

  it("keeps a DST gap an error even with an ambiguous choice", () => {
    expect(compileTimestampReader({ formats: ["iso"], timeZone: NY, ambiguous: "later" })("2023-03-12 02:30:00")).toMatchObject({ ok: false, code: "nonexistent_local_time" });
  });
});

describe("timestampFits", () => {
  it.each<[string, string, boolean]>([
    ["d/M/yyyy H:mm", "21/01/2022 08:30", true],
    ["M/d/yyyy H:mm", "21/01/2022 08:30", false],
    ["iso", "2022-01-21 13:47:00", true],
    ["epoch-seconds", "1538492521", true],
    ["epoch-seconds", "2022-01-21", false],
  ])("%s fits %s: %s", (format, value, fits) => {
    expect(timestampFits(format, value)).toBe(fits);
  });
});
