import { describe, expect, it } from "vitest";
import { deferredFinding, withText } from "../deferred-text.ts";
import { makeProblem } from "../problem.ts";
import { isMissingOffsetOnly } from "../rules/timestamps.ts";
import { mulberry32 } from "../../utils/seeded-random.ts";
import { problemText } from "./json-report.ts";
import { HOUR_SLOTS, MissingOffsetJson, hourKey, type ByteTarget } from "./missing-offset-json.ts";

/** A growing byte target, as BufferedOutput gives room. */
function target(): ByteTarget & { text(): string } {
  let buffer = new Uint8Array(64);
  let used = 0;
  return {
    reserve(maxBytes) {
      if (used + maxBytes > buffer.length) {
        const grown = new Uint8Array((used + maxBytes) * 2);
        grown.set(buffer.subarray(0, used));
        buffer = grown;
      }
      return buffer;
    },
    get position() {
      return used;
    },
    advance(to) {
      used = to;
    },
    text: () => new TextDecoder().decode(buffer.subarray(0, used)),
  };
}

/** What the writer must write: problemText of the problem with its text made; null when it must leave it. */
function check(timeZone: string, file: string, column: string, value: string, row: number, line: number, first: boolean): "written" | "left" {
  const problem = makeProblem(deferredFinding("missing_offset", column, value), { file, row, line }, false);
  const out = target();
  const written = new MissingOffsetJson(timeZone).write(problem, first, out);
  if (!written) {
    expect(out.position).toBe(0);
    return "left";
  }
  expect(out.text()).toBe(problemText(withText(problem, { timeZone }), first));
  return "written";
}

describe("MissingOffsetJson", () => {
  it.each([
    ["America/New_York", "a.csv", "created_at", "2016-01-01T00:03:52", 1, 2, true, "written"],
    ["America/New_York", "a.csv", "closed_at", "2016-07-01T00:03:52.5", 9, 10, false, "written"],
    ["America/New_York", "a.csv", "closed_at", "2016-07-01T00:03:52.123456789", 0, 1, false, "written"],
    ["America/New_York", "a.csv", "created_at", "2016-03-13T02:30:00", 5, 6, false, "left"], // a gap
    ["America/New_York", "a.csv", "created_at", "2016-11-06T01:30:00", 5, 6, false, "left"], // a repeat
    ["America/New_York", "a.csv", "created_at", `2016-01-01T00:03:52.${"5".repeat(41)}`, 5, 6, false, "left"], // shortened in the message
    ["America/New_York", "a.csv", "created_at", "0001-01-01T00:00:00", 99, 100, false, "left"], // local mean time: -04:56:02
    ["Asia/Kolkata", "b.csv", "created_at", "2020-05-05T05:05:05", 123456789, 1234567890, false, "written"],
    ["Asia/Kolkata", "b.csv", "created_at", "2020-05-05T05:05:05", 3_000_000_000, 9_999_999_999, false, "written"], // past 32 bits
    ["America/St_Johns", "b.csv", "closed_at", "2020-01-05T05:05:05", 7, 8, true, "written"],
    ["Pacific/Chatham", "b.csv", "closed_at", "2020-01-05T05:05:05", 7, 8, false, "written"],
    ["UTC", "b.csv", "closed_at", "2020-01-05T05:05:05", 7, 8, false, "written"],
    ["America/New_York", 'd "1999999991" Łódź\\.csv', "created_at", "2016-01-01T00:03:52", 1, 2, false, "left"], // a marker's digits in the name
    ["America/New_York", 'd "quoted" Łódź\\.csv', "created_at", "2016-01-01T00:03:52", 1, 2, false, "written"],
  ])("%s %s %s %s row %i line %i first %s: %s", (timeZone, file, column, value, row, line, first, outcome) => {
    expect(check(timeZone, file, column, value, row, line, first)).toBe(outcome);
  });

  it("writes into a Node Buffer that starts partway into its memory, as into a Uint8Array", () => {
    const problem = makeProblem(deferredFinding("missing_offset", "created_at", "2016-01-01T00:03:52.25"), { file: "a.csv", row: 41, line: 42 }, false);
    const memory = new ArrayBuffer(4096);
    const buffer = Buffer.from(memory, 100, 2048);
    let used = 7;
    const out: ByteTarget = { reserve: () => buffer, get position() { return used; }, advance: (to) => void (used = to) };
    const writer = new MissingOffsetJson("America/New_York");
    expect(writer.write(problem, false, out) && writer.write(problem, true, out)).toBe(true);
    const want = problemText(withText(problem, { timeZone: "America/New_York" }), false) + problemText(withText(problem, { timeZone: "America/New_York" }), true);
    expect(buffer.subarray(7, used).toString("utf8")).toBe(want);
    expect(new Uint8Array(memory, 0, 107).every((byte) => byte === 0)).toBe(true);
  });

  it("writes what problemText writes for 5,000 random wall times in four zones", () => {
    const random = mulberry32(11);
    const zones = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Los_Angeles"];
    const pad = (n: number, width = 2) => String(n).padStart(width, "0");
    const writer = new Map(zones.map((zone) => [zone, new MissingOffsetJson(zone)]));
    let written = 0;
    for (let i = 0; i < 5000; i++) {
      const zone = zones[i % zones.length]!;
      const value =
        `${pad(1900 + Math.floor(random() * 200), 4)}-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 28))}` +
        `T${pad(Math.floor(random() * 24))}:${pad(Math.floor(random() * 60))}:${pad(Math.floor(random() * 60))}` +
        (random() < 0.3 ? `.${Math.floor(random() * 1e6)}` : "");
      expect(isMissingOffsetOnly(value)).toBe(true);
      const problem = makeProblem(deferredFinding("missing_offset", i % 2 ? "closed_at" : "created_at", value), { file: "x.csv", row: i, line: i + 1 }, false);
      const out = target();
      if (writer.get(zone)!.write(problem, i % 5 === 0, out)) {
        written++;
        expect(out.text()).toBe(problemText(withText(problem, { timeZone: zone }), i % 5 === 0));
      }
    }
    expect(written).toBeGreaterThan(4900);
  });

  it("keeps each hour's offset apart from another hour's in the same slot (summer and winter)", () => {
    const summer = "2016-07-04T12:00:00";
    const slot = hourKey(summer, 0) & (HOUR_SLOTS - 1);
    // A winter hour of a later year in the same slot.
    let winter: string | null = null;
    for (let year = 2017; year < 2100 && winter === null; year++) {
      for (const day of ["01-05", "01-15", "02-10", "12-20"]) {
        for (let hour = 0; hour < 24 && winter === null; hour++) {
          const value = `${year}-${day}T${String(hour).padStart(2, "0")}:00:00`;
          if ((hourKey(value, 0) & (HOUR_SLOTS - 1)) === slot) winter = value;
        }
      }
    }
    expect(winter).not.toBeNull();
    const writer = new MissingOffsetJson("America/New_York");
    for (const [i, value] of [summer, winter!, summer, winter!].entries()) {
      const problem = makeProblem(deferredFinding("missing_offset", "created_at", value), { file: "a.csv", row: i + 1, line: i + 2 }, false);
      const out = target();
      expect(writer.write(problem, false, out)).toBe(true);
      expect(out.text()).toBe(problemText(withText(problem, { timeZone: "America/New_York" }), false));
      expect(out.text()).toContain(value.startsWith("2016") ? "-04:00" : "-05:00");
    }
  });
});
