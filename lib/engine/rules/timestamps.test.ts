import { describe, expect, it } from "vitest";
import { parseCanonicalTimestamp } from "../../time/timestamp.ts";
import { acceptedTimestampMs, checkClosedAfterCreated, checkTimestamp, hasSteadyText, hasSteadyTextIn, isMissingOffsetOnly, missingOffsetHint } from "./timestamps.ts";
import { mulberry32 } from "../../utils/seeded-random.ts";

const context = { nowMs: Date.parse("2024-06-01T12:00:00Z"), timeZone: "America/New_York" };

/** `value` with up to two characters replaced, inserted or deleted (timestamp characters mostly). */
function mutated(value: string, random: () => number): string {
  let out = value;
  for (let edits = Math.floor(random() * 3); edits > 0; edits--) {
    const at = Math.floor(random() * (out.length + 1));
    const ch = "0123456789:-+.TZz 9"[Math.floor(random() * 19)]!;
    const op = random();
    out = op < 0.5 ? out.slice(0, at) + ch + out.slice(at + 1) : op < 0.75 ? out.slice(0, at) + ch + out.slice(at) : out.slice(0, at) + out.slice(at + 1);
  }
  return out;
}

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
    ["0000-01-01T00:00:00Z", "invalid_timestamp"],
    ["0000-12-31T23:59:59-05:00", "invalid_timestamp"],
    ["0000-12-31T23:59:59", "invalid_timestamp"],
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

  // The commonest fault is read by a fast path (a wall time in an hour with one offset); every
  // other wall time by the general one. Both give the same finding.
  it.each([
    ["winter", "2022-01-21T13:47:00", "America/New_York"],
    ["summer, with a fraction", "2022-07-21T13:47:00.25", "America/New_York"],
    ["the hour before a DST gap", "2022-03-13T01:59:59", "America/New_York"],
    ["in a DST gap", "2022-03-13T02:30:00", "America/New_York"],
    ["a repeated hour", "2022-11-06T01:30:00", "America/New_York"],
    ["a half-hour zone", "2022-07-21T13:47:00", "Asia/Kolkata"],
    ["UTC", "2022-07-21T13:47:00", "UTC"],
    ["a long fraction (quoted shortened)", `2022-07-21T13:47:00.${"1".repeat(50)}`, "America/New_York"],
    ["local mean time (an offset with seconds)", "1850-07-21T13:47:00", "America/New_York"],
    ["February 29", "2024-02-29T00:00:00", "Europe/Paris"],
  ])("%s: the finding the general reading gives (%s in %s)", (_name, value, timeZone) => {
    const parsed = parseCanonicalTimestamp(value);
    expect(parsed).toMatchObject({ ok: false, reason: "missing_offset" });
    const quoted = value.length > 60 ? `\`${value.slice(0, 59)}…\`` : `\`${value}\``;
    expect(checkTimestamp("created_at", value, { ...context, timeZone }).findings).toEqual([
      { code: "missing_offset", column: "created_at", value, message: `The timestamp ${quoted} in created_at has no time-zone offset.`, hint: missingOffsetHint(value, timeZone) },
    ]);
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

  it("compares instants to the millisecond: further fraction digits do not count", () => {
    const created = "2020-01-01T10:00:00.1239Z";
    const closed = "2020-01-01T10:00:00.1231Z";
    const ms = (value: string) => checkTimestamp("closed_at", value, context).epochMs;
    expect(ms(created)).toBe(ms(closed));
    expect(checkClosedAfterCreated(closed, ms(closed), created, ms(created))).toBeNull();
    expect(checkClosedAfterCreated("2020-01-01T10:00:00.122Z", ms("2020-01-01T10:00:00.122Z"), created, ms(created))?.code).toBe("closed_before_created");
  });

  it("skips the comparison when either side is not a valid timestamp", () => {
    expect(checkClosedAfterCreated("x", null, "2020-01-01T10:00:00Z", 0)).toBeNull();
    expect(checkClosedAfterCreated("2020-01-01T10:00:00Z", 0, "x", null)).toBeNull();
  });
});

describe("acceptedTimestampMs", () => {
  /** What it must return: parseCanonicalTimestamp's instant when valid and not in the future. */
  const expected = (value: string) => {
    const parsed = parseCanonicalTimestamp(value);
    return parsed.ok && parsed.epochMs <= context.nowMs ? parsed.epochMs : null;
  };

  it.each([
    "2015-12-05T13:11:59-05:00",
    "2015-12-05T13:11:59.1Z",
    "2015-12-05T13:11:59.12+14:00",
    "2015-12-05T13:11:59.123456-00:00",
    "0000-02-29T00:00:00Z",
    "2016-02-29T23:59:59-12:00",
    "2024-06-01T12:00:00Z",
    "2024-06-01T12:00:00.001Z",
    "2015-02-29T13:11:59-05:00",
    "2015-12-05T13:11:59+14:01",
    "2015-12-05T13:11:59-05:60",
    "2015-12-05T13:11:59.-05:00",
    "2015-12-05T13:11:59",
    "2015-12-05T13:11:59Z ",
  ])("agrees with parseCanonicalTimestamp on %s", (value) => {
    expect(acceptedTimestampMs(value, context.nowMs)).toBe(expected(value));
  });

  it("agrees with parseCanonicalTimestamp on 200,000 mutated timestamps", () => {
    const random = mulberry32(5);
    const seeds = ["2015-12-05T13:11:59-05:00", "2016-02-29T00:00:00.5Z", "0000-01-01T00:00:00+14:00", "9999-12-31T23:59:59.999999-00:00", "2024-06-01T12:00:00Z"];
    let accepted = 0;
    const wrong: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const value = mutated(seeds[i % seeds.length]!, random);
      const want = expected(value);
      if (!Object.is(acceptedTimestampMs(value, context.nowMs), want)) wrong.push(value);
      if (want !== null) accepted++;
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(accepted).toBeGreaterThan(30_000);
  });
});

describe("isMissingOffsetOnly", () => {
  /** What it must say: checkTimestamp's one finding is missing_offset (and no instant). */
  const expected = (value: string) => {
    const result = checkTimestamp("created_at", value, context);
    return result.findings.length === 1 && result.findings[0]!.code === "missing_offset" && result.epochMs === null;
  };

  it.each([
    ["2015-12-05T13:11:59", true],
    ["2015-12-05T13:11:59.5", true],
    ["2015-12-05T13:11:59.123456789", true],
    ["2016-02-29T23:59:59", true],
    ["2015-03-08T02:30:00", true], // a DST gap in America/New_York: still only missing_offset
    ["2015-11-01T01:30:00", true], // a repeated hour
    ["0001-01-01T00:00:00", true],
    ["0000-01-01T00:00:00", false], // year 0000 is invalid_timestamp
    ["2015-02-29T13:11:59", false],
    ["2015-12-05T24:00:00", false],
    ["2015-12-05T13:60:00", false],
    ["2015-12-05T13:11:60", false],
    ["2015-12-05T13:11:59.", false],
    ["2015-12-05T13:11:59.5x", false],
    ["2015-12-05 13:11:59", false],
    ["2015-12-05T13:11:59Z", false],
    ["2015-12-05T13:11:59-05:00", false],
    ["2015-12-05T13:11", false],
    ["", false],
  ])("%s: %s", (value, want) => {
    expect(isMissingOffsetOnly(value)).toBe(want);
    expect(expected(value)).toBe(want);
  });

  it("agrees with checkTimestamp on 200,000 mutated wall times", () => {
    const random = mulberry32(7);
    const seeds = ["2015-12-05T13:11:59", "2016-02-29T00:00:00.5", "0000-01-01T00:00:00", "9999-12-31T23:59:59.999999", "2015-03-08T02:30:00"];
    let yes = 0;
    const wrong: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const value = mutated(seeds[i % seeds.length]!, random);
      const want = expected(value);
      if (isMissingOffsetOnly(value) !== want) wrong.push(value);
      if (want) yes++;
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(yes).toBeGreaterThan(30_000);
  });
});

describe("hasSteadyTextIn (the template writer's reading of hasSteadyText, in a longer text)", () => {
  it.each([
    ["2016-01-01T00:03:52", true],
    ["0000-01-01T00:03:52", false],
    ["0001-01-01T00:03:52", true],
    ["000", true],
    ["", true],
    [`2016-01-01T00:03:52.${"5".repeat(41)}`, false],
    [`2016-01-01T00:03:52.${"5".repeat(20)}`, true],
  ])("%s: %s", (value, steady) => {
    expect(hasSteadyText(value)).toBe(steady);
    expect(hasSteadyTextIn(`0000${value}0000`, 4, value.length)).toBe(steady);
  });
});
