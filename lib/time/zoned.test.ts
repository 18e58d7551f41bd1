import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { parseCanonicalTimestamp } from "./timestamp.ts";
import { addZoneOffset, formatInstant, isIanaTimeZone, type LocalDateTime, localToInstant, wallTimeMatch } from "./zoned.ts";

const NY = "America/New_York";

function local(text: string): LocalDateTime {
  const [date = "", time = ""] = text.split("T");
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const [hour, minute, second] = time.split(":").map(Number) as [number, number, number];
  return { year, month, day, hour, minute, second };
}

describe("localToInstant", () => {
  it.each([
    ["New York summer", "2023-07-01T12:00:00", NY, "2023-07-01T12:00:00-04:00"],
    ["New York winter", "2023-01-15T12:00:00", NY, "2023-01-15T12:00:00-05:00"],
    ["the second before the spring gap", "2023-03-12T01:59:59", NY, "2023-03-12T01:59:59-05:00"],
    ["the first second after the spring gap", "2023-03-12T03:00:00", NY, "2023-03-12T03:00:00-04:00"],
    ["the second before the autumn repeat", "2023-11-05T00:59:59", NY, "2023-11-05T00:59:59-04:00"],
    ["the first second after the autumn repeat", "2023-11-05T02:00:00", NY, "2023-11-05T02:00:00-05:00"],
    ["Kolkata, half-hour offset", "2023-07-01T12:00:00", "Asia/Kolkata", "2023-07-01T12:00:00+05:30"],
    ["Kathmandu, quarter-hour offset", "2023-07-01T12:00:00", "Asia/Kathmandu", "2023-07-01T12:00:00+05:45"],
    ["Lord Howe standard time", "2023-07-01T12:00:00", "Australia/Lord_Howe", "2023-07-01T12:00:00+10:30"],
    ["Lord Howe half-hour DST", "2023-01-15T12:00:00", "Australia/Lord_Howe", "2023-01-15T12:00:00+11:00"],
    ["Lord Howe just after its 30-minute gap", "2023-10-01T02:30:00", "Australia/Lord_Howe", "2023-10-01T02:30:00+11:00"],
    ["Apia the day before it skipped a day", "2011-12-29T23:59:59", "Pacific/Apia", "2011-12-29T23:59:59-10:00"],
    ["Apia the day after", "2011-12-31T00:00:00", "Pacific/Apia", "2011-12-31T00:00:00+14:00"],
    ["Apia now (no DST since 2021)", "2023-07-01T12:00:00", "Pacific/Apia", "2023-07-01T12:00:00+13:00"],
    ["UTC", "2023-07-01T12:00:00", "UTC", "2023-07-01T12:00:00+00:00"],
    ["a 1900-01-01 placeholder", "1900-01-01T00:00:00", NY, "1900-01-01T00:00:00-05:00"],
    ["leap day", "2024-02-29T23:59:59", NY, "2024-02-29T23:59:59-05:00"],
  ])("%s: %s in %s", (_name, wall, zone, iso) => {
    const result = localToInstant(local(wall), zone);
    expect(result).toEqual({ ok: true, iso, offset: iso.slice(-6), epochMs: Temporal.Instant.from(iso).epochMilliseconds });
  });

  it.each([
    ["New York spring forward", "2023-03-12T02:30:00", NY, "gap", "2:30 AM on 12 March 2023 never happened in America/New_York (clocks jumped forward)."],
    ["the first second of the gap", "2023-03-12T02:00:00", NY, "gap", "2:00 AM on 12 March 2023 never happened in America/New_York (clocks jumped forward)."],
    ["the last second of the gap", "2023-03-12T02:59:59", NY, "gap", "2:59:59 AM on 12 March 2023 never happened in America/New_York (clocks jumped forward)."],
    [
      "New York fall back",
      "2023-11-05T01:30:00",
      NY,
      "repeat",
      "1:30 AM on 5 November 2023 happened twice in America/New_York (clocks went back): give the offset explicitly (-04:00 for the first, -05:00 for the second).",
    ],
    ["the first second of the repeat", "2023-11-05T01:00:00", NY, "repeat", /^1:00 AM on 5 November 2023 happened twice/],
    ["the last second of the repeat", "2023-11-05T01:59:59", NY, "repeat", /^1:59:59 AM on 5 November 2023 happened twice/],
    ["Lord Howe's 30-minute gap", "2023-10-01T02:15:00", "Australia/Lord_Howe", "gap", /^2:15 AM on 1 October 2023 never happened in Australia\/Lord_Howe/],
    ["Lord Howe's 30-minute repeat", "2023-04-02T01:45:00", "Australia/Lord_Howe", "repeat", /\(\+11:00 for the first, \+10:30 for the second\)/],
    ["Apia's skipped day", "2011-12-30T12:00:00", "Pacific/Apia", "gap", "12:00 PM on 30 December 2011 never happened in Pacific/Apia (clocks jumped forward)."],
    ["London spring forward", "2023-03-26T01:30:00", "Europe/London", "gap", /^1:30 AM on 26 March 2023 never happened in Europe\/London/],
    ["London fall back", "2023-10-29T01:30:00", "Europe/London", "repeat", /\(\+01:00 for the first, \+00:00 for the second\)/],
    ["a Southern-hemisphere repeat", "2023-04-02T02:30:00", "Australia/Sydney", "repeat", /happened twice in Australia\/Sydney/],
    ["February 29 of a common year", "2023-02-29T12:00:00", NY, "invalid", "February 29, 2023 is not a real date (2023 is not a leap year)."],
    ["February 30", "2024-02-30T12:00:00", NY, "invalid", "February 30, 2024 is not a real date."],
    ["month 13", "2023-13-01T12:00:00", NY, "invalid", "Month 13 is not a real month."],
    ["hour 24", "2023-01-01T24:00:00", NY, "invalid", "Hour 24 is not allowed; use 00:00 of the next day."],
    ["minute 60", "2023-01-01T12:60:00", NY, "invalid", /Minute 60/],
    ["a fractional field", "2023-01-01T12:30:00.5", NY, "invalid", /whole numbers/],
    ["a misspelt zone", "2023-01-01T12:00:00", "America/New_Yrok", "invalid", /"America\/New_Yrok" is not a time zone/],
    ["a made-up zone", "2023-01-01T12:00:00", "Mars/Olympus_Mons", "invalid", /is not a time zone/],
  ])("%s: %s in %s", (_name, wall, zone, reason, message) => {
    const result = localToInstant(local(wall), zone);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe(reason);
    expect(result.message).toMatch(message);
  });

  it.each([
    [500_000_000, "2023-07-01T12:00:00.500-04:00"],
    [120_000_000, "2023-07-01T12:00:00.120-04:00"],
    [123_456_000, "2023-07-01T12:00:00.123456-04:00"],
    [1, "2023-07-01T12:00:00.000000001-04:00"],
    [0, "2023-07-01T12:00:00-04:00"],
  ])("keeps a fraction of %i ns", (nanosecond, iso) => {
    const result = localToInstant({ ...local("2023-07-01T12:00:00"), nanosecond }, NY);
    expect(result).toMatchObject({ ok: true, iso, epochMs: Date.UTC(2023, 6, 1, 16, 0, 0, Math.floor(nanosecond / 1e6)) });
  });

  it("writes a historic local-mean-time offset to the minute, keeping the instant", () => {
    // New York kept local mean time, -04:56:02, until 1883.
    const result = localToInstant(local("1850-06-01T12:00:00"), NY);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.epochMs).toBe(Date.UTC(1850, 5, 1, 16, 56, 2));
    expect(result.offset).toBe("-04:56");
    const reparsed = parseCanonicalTimestamp(result.iso);
    expect(reparsed.ok && reparsed.epochMs).toBe(result.epochMs);
  });

  // Every transition of these zones in the range, and wall times just around it, against
  // Temporal's own disambiguation ("earlier" and "later" agree = one instant; else a gap when
  // the wall time does not survive the round trip, a repeat when it does).
  it.each(["America/New_York", "Australia/Lord_Howe", "Pacific/Apia", "Europe/London", "America/Sao_Paulo", "Africa/Casablanca", "Pacific/Chatham", "America/St_Johns", "Asia/Tehran"])(
    "agrees with Temporal around every transition of %s, 1995–2035",
    (zone) => {
      const walls: Temporal.PlainDateTime[] = [];
      let cursor: Temporal.ZonedDateTime | null = Temporal.ZonedDateTime.from({ year: 1995, month: 1, day: 1, timeZone: zone });
      while (cursor && cursor.year < 2035) {
        const next: Temporal.ZonedDateTime | null = cursor.getTimeZoneTransition("next");
        if (!next) break;
        for (const minutes of [-61, -31, -1, 0, 1, 15, 29, 30, 31, 59, 60, 61, 89, 90, 121]) {
          walls.push(next.toPlainDateTime().add({ minutes }), next.toPlainDateTime().subtract({ minutes }));
        }
        cursor = next;
      }
      expect(walls.length).toBeGreaterThan(20);
      for (const wall of walls) expectTemporalAgrees(wall, zone);
    },
  );

  it("agrees with Temporal on 3,000 random wall times, 1800–2100", () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const zones = ["America/New_York", "Australia/Lord_Howe", "Pacific/Apia", "Europe/Dublin", "Asia/Kolkata", "America/Denver", "Pacific/Auckland"];
    for (let i = 0; i < 3_000; i++) {
      const wall = new Temporal.PlainDateTime(1800 + random(300), 1 + random(12), 1 + random(28), random(24), random(60), random(60));
      expectTemporalAgrees(wall, zones[i % zones.length]!);
    }
  });
});

function expectTemporalAgrees(wall: Temporal.PlainDateTime, zone: string): void {
  const earlier = wall.toZonedDateTime(zone, { disambiguation: "earlier" });
  const later = wall.toZonedDateTime(zone, { disambiguation: "later" });
  const result = localToInstant({ year: wall.year, month: wall.month, day: wall.day, hour: wall.hour, minute: wall.minute, second: wall.second }, zone);
  const label = `${wall.toString()} in ${zone}`;
  if (earlier.epochMilliseconds === later.epochMilliseconds) {
    expect(result, label).toMatchObject({ ok: true, epochMs: earlier.epochMilliseconds });
  } else if (earlier.toPlainDateTime().equals(wall)) {
    expect(result, label).toMatchObject({ ok: false, reason: "repeat" });
  } else {
    expect(result, label).toMatchObject({ ok: false, reason: "gap" });
  }
}

describe("addZoneOffset", () => {
  it.each([
    ["winter", "2015-12-05T13:11:59", NY, "2015-12-05T13:11:59-05:00"],
    ["summer", "2015-07-05T13:11:59", NY, "2015-07-05T13:11:59-04:00"],
    ["a fraction, kept as written", "2015-07-05T13:11:59.25", NY, "2015-07-05T13:11:59.25-04:00"],
    ["a long fraction, kept as written", "2015-07-05T13:11:59.1234567891", NY, "2015-07-05T13:11:59.1234567891-04:00"],
    ["Kolkata", "2015-12-05T13:11:59", "Asia/Kolkata", "2015-12-05T13:11:59+05:30"],
    ["a value that already has an offset is left alone", "2015-12-05T13:11:59+01:00", NY, "2015-12-05T13:11:59+01:00"],
    ["a value in UTC is left alone", "2015-12-05T13:11:59Z", NY, "2015-12-05T13:11:59Z"],
  ])("%s: %s in %s", (_name, value, zone, iso) => {
    const result = addZoneOffset(value, zone);
    const reference = parseCanonicalTimestamp(iso); // cross-checked against Temporal, and reads any fraction length
    expect(result).toMatchObject({ ok: true, iso, epochMs: reference.ok && reference.epochMs });
  });

  it.each([
    ["a gap", "2023-03-12T02:30:00", NY, "gap"],
    ["a repeat", "2023-11-05T01:30:00.5", NY, "repeat"],
    ["not a real date", "2023-02-29T10:00:00", NY, "invalid"],
    ["a space for T", "2015-12-05 13:11:59", NY, "invalid"],
    ["no seconds", "2015-12-05T13:11", NY, "invalid"],
    ["an already-offset value in a bad zone", "2015-12-05T13:11:59Z", "Nowhere/Special", "invalid"],
    ["a bad zone", "2015-12-05T13:11:59", "Nowhere/Special", "invalid"],
  ])("%s: %s in %s", (_name, value, zone, reason) => {
    expect(addZoneOffset(value, zone)).toMatchObject({ ok: false, reason });
  });
});

describe("formatInstant", () => {
  it.each([
    ["winter in New York", Date.UTC(2015, 11, 5, 18, 11, 59), NY, "2015-12-05T13:11:59-05:00"],
    ["milliseconds", Date.UTC(2015, 11, 5, 18, 11, 59, 250), NY, "2015-12-05T13:11:59.250-05:00"],
    ["the first 1:30 AM of a repeat", Date.UTC(2023, 10, 5, 5, 30), NY, "2023-11-05T01:30:00-04:00"],
    ["the second 1:30 AM of a repeat", Date.UTC(2023, 10, 5, 6, 30), NY, "2023-11-05T01:30:00-05:00"],
    ["the epoch in New York", 0, NY, "1969-12-31T19:00:00-05:00"],
    ["a millisecond before the epoch", -1, NY, "1969-12-31T18:59:59.999-05:00"],
    ["Kolkata", Date.UTC(2015, 11, 5, 18, 11, 59), "Asia/Kolkata", "2015-12-05T23:41:59+05:30"],
    ["UTC", Date.UTC(2015, 11, 5, 18, 11, 59), "UTC", "2015-12-05T18:11:59+00:00"],
    ["Apia across the date line", Date.UTC(2011, 11, 30, 10), "Pacific/Apia", "2011-12-31T00:00:00+14:00"],
  ])("%s", (_name, epochMs, zone, iso) => {
    expect(formatInstant(epochMs, zone)).toBe(iso);
  });

  it("round-trips 2,000 random instants through the canonical parser", () => {
    for (let i = 0; i < 2_000; i++) {
      const epochMs = Math.round(-2_500_000_000_000 + Math.random() * 5_000_000_000_000);
      for (const zone of [NY, "Australia/Lord_Howe"]) {
        const parsed = parseCanonicalTimestamp(formatInstant(epochMs, zone));
        expect(parsed.ok && parsed.epochMs, `${epochMs} in ${zone}`).toBe(epochMs);
      }
    }
  });

  it("throws on a zone that is not one (a bug: zones are checked when the configuration loads)", () => {
    expect(() => formatInstant(0, "Nowhere/Special")).toThrow(RangeError);
  });
});

describe("wallTimeMatch", () => {
  const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?$/;
  it("reads what the regular expression matches, and the same groups", () => {
    const base = "2023-07-01T12:34:56";
    const values = ["", base, `${base}.`, `${base}.5`, `${base}.123456789012`, `${base}Z`, `${base}-05:00`, `${base}.5x`, "2023-07-01 12:34:56", "٢023-07-01T12:34:56", "0000-00-00T99:99:99"];
    const alphabet = "0123456789-T:.Z x";
    for (let i = 0; i < 3000; i++) {
      const at = i % 22;
      values.push(`${base}.12`.slice(0, at) + alphabet[(i * 7) % alphabet.length] + `${base}.12`.slice(at + 1));
    }
    for (const value of values) {
      const expected = WALL_TIME.exec(value);
      expect(wallTimeMatch(value)).toEqual(expected ? [...expected] : null);
    }
  });
});

describe("addZoneOffset's fast path (an hour with one offset)", () => {
  it.each(["America/New_York", "Australia/Lord_Howe", "Pacific/Apia", "Asia/Kathmandu", "America/St_Johns", "Africa/Casablanca"])(
    "agrees with localToInstant every 7 minutes around the transitions of %s, 2010–2013",
    (zone) => {
      let cursor: Temporal.ZonedDateTime | null = Temporal.ZonedDateTime.from({ year: 2010, month: 1, day: 1, timeZone: zone });
      while (cursor && cursor.year < 2013) {
        const wall = cursor.toPlainDateTime();
        for (let minutes = -26 * 60; minutes <= 26 * 60; minutes += 7) {
          const at = wall.add({ milliseconds: (minutes * 60 + Math.abs(minutes % 60)) * 1000 + (minutes % 3 === 0 ? 250 : 0) });
          const text = at.toString({ smallestUnit: minutes % 3 === 0 ? "millisecond" : "second" });
          const fields = { year: at.year, month: at.month, day: at.day, hour: at.hour, minute: at.minute, second: at.second, nanosecond: at.millisecond * 1e6 };
          const general = localToInstant(fields, zone);
          const fast = addZoneOffset(text, zone);
          expect(fast).toEqual(general.ok ? { ...general, iso: `${text}${general.offset}` } : general);
        }
        cursor = cursor.getTimeZoneTransition("next");
      }
    },
  );
});

describe("isIanaTimeZone", () => {
  it.each([
    ["America/New_York", true],
    ["America/Argentina/Buenos_Aires", true],
    ["UTC", true],
    ["Etc/UTC", true],
    ["Asia/Calcutta", true], // a link, not in the runtime's list of canonical names
    ["US/Eastern", true],
    ["EST", false],
    ["EST5EDT", false],
    ["Mars/Olympus_Mons", false],
    ["", false],
  ])("%j → %s", (zone, expected) => {
    expect(isIanaTimeZone(zone)).toBe(expected);
  });
});
