import { describe, expect, it } from "vitest";
import { checkClosedAfterCreated, checkTimestamp, missingOffsetHint } from "./timestamps.ts";

const context = { nowMs: Date.parse("2024-06-01T12:00:00Z"), timeZone: "America/New_York" };

describe("checkTimestamp", () => {
  it.each([
    ["2015-12-05T13:11:59-05:00"],
    ["2015-12-05T13:11:59Z"],
    ["2015-12-05T13:11:59.123+14:00"],
    ["2016-02-29T00:00:00-12:00"],
    ["2024-06-01T12:00:00Z"], // exactly now is not in the future
  ])("accepts %s", (value) => {
    expect(checkTimestamp("created_at", value, context).findings).toEqual([]);
  });

  it.each([
    ["2015-12-05T13:11:59", "missing_offset"],
    ["2015-12-05T13:11:59.5", "missing_offset"],
    ["2015-12-05 13:11:59", "invalid_timestamp"],
    ["2015-12-05T13:11-05:00", "invalid_timestamp"],
    ["2015-02-29T13:11:59-05:00", "invalid_timestamp"],
    ["2015-12-05T24:00:00-05:00", "invalid_timestamp"],
    ["2015-12-05T13:11:59+14:30", "invalid_timestamp"],
    ["2015-12-05t13:11:59z", "invalid_timestamp"],
    ["12/05/2015 1:11 PM", "invalid_timestamp"],
    ["1449339119", "invalid_timestamp"],
    ["2030-01-01T00:00:00Z", "future_timestamp"],
    ["2024-06-01T12:00:00.001Z", "future_timestamp"],
  ])("%s gives %s", (value, code) => {
    const [finding, ...rest] = checkTimestamp("closed_at", value, context).findings;
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ code, column: "closed_at", value });
  });

  it("returns the instant of a valid value", () => {
    expect(checkTimestamp("created_at", "2015-12-05T13:11:59-05:00", context).epochMs).toBe(Date.parse("2015-12-05T18:11:59Z"));
    expect(checkTimestamp("created_at", "2015-12-05T13:11:59", context).epochMs).toBeNull();
  });

  it.each([
    ["2022-01-21T13:47:00", "-05:00"],
    ["2022-07-21T13:47:00", "-04:00"],
  ])("hints the organization's offset for %s", (value, offset) => {
    const [finding] = checkTimestamp("created_at", value, context).findings;
    expect(finding?.hint).toContain(`add the offset, e.g. ${offset}`);
    expect(finding?.hint).toContain(`${value}${offset}`);
  });

  it("explains a DST gap in the hint", () => {
    expect(missingOffsetHint("2022-03-13T02:30:00", "America/New_York")).toMatch(/never happened/);
  });
});

describe("checkClosedAfterCreated", () => {
  const at = (value: string) => Date.parse(value);
  it.each([
    ["2020-01-01T10:00:00Z", "2020-01-01T10:00:00Z", null],
    ["2020-01-01T10:00:00Z", "2020-01-01T05:00:01-05:00", null],
    ["2020-01-01T10:00:00Z", "2020-01-01T04:59:59-05:00", "closed_before_created"],
    ["2021-01-01T10:00:00Z", "2020-01-01T10:00:00Z", "closed_before_created"],
  ])("created %s closed %s", (created, closed, code) => {
    const finding = checkClosedAfterCreated(closed, at(closed), created, at(created));
    expect(finding?.code ?? null).toBe(code);
    if (finding) expect(finding).toMatchObject({ column: "closed_at", value: closed });
  });

  it("skips the comparison when either side is not a valid timestamp", () => {
    expect(checkClosedAfterCreated("x", null, "2020-01-01T10:00:00Z", 0)).toBeNull();
    expect(checkClosedAfterCreated("2020-01-01T10:00:00Z", 0, "x", null)).toBeNull();
  });
});
