import { describe, expect, it } from "vitest";
import { asciiScratch, loadCells, noCellBytes, scratchBytes } from "./cell-bytes.ts";
import { hasAsciiLineBreakAt, checkAddressLineBreak } from "./rules/address.ts";
import { isAsciiEmailAt, isEmail } from "./rules/email.ts";
import { decimalValue, decimalValueAt } from "./rules/number.ts";
import { acceptedTimestampMs, acceptedTimestampMsAt, isMissingOffsetOnly, isMissingOffsetOnlyAt } from "./rules/timestamps.ts";
import { createFileValidator, createRunContext } from "./validate.ts";
import { fixtureNow, fixtureOrg } from "./testing/fixture-org.ts";
import { recordsOf } from "./testing/read-records.ts";

/** The value's bytes inside a buffer, with bytes before and after it that a fast path must not read. */
function embedded(value: string, around: string): { bytes: Uint8Array; start: number } {
  return { bytes: new TextEncoder().encode(`${around}${value}${around}`), start: around.length };
}

describe("loadCells", () => {
  it.each([
    // field text in the file, the value the rules see, whether it lies in the bytes
    ["Main St", "Main St", true],
    ["  Main St ", "Main St", false],
    ['"Main St, 4"', "Main St, 4", true],
    ['"say ""hi"""', 'say "hi"', false],
    ["", "", false],
    ['"two\nlines"', "two\nlines", true],
    ["\tx", "x", false],
  ])("reads %j as %j (in bytes: %s)", async (field, value, inBytes) => {
    const { records } = await recordsOf(`a,b\n${field},end\n`);
    const record = records[0]!;
    const cells = noCellBytes(2);
    loadCells(2, record.fields, record, new Array<string>(2), cells);
    expect(cells.values).toEqual([value, "end"]);
    // The record's own fields, unless one needed trimming.
    expect(cells.values === record.fields).toBe(record.fields.every((f) => f === f.trim()));
    expect(cells.at[0]! >= 0).toBe(inBytes);
    if (inBytes) expect(new TextDecoder().decode(cells.bytes!.subarray(cells.at[0]!, cells.at[0]! + value.length))).toBe(value);
  });

  it("reads a short record as blank cells, none in bytes", async () => {
    const { records } = await recordsOf("a,b,c\nx\n");
    const cells = noCellBytes(3);
    loadCells(3, records[0]!.fields, records[0]!, new Array<string>(3), cells);
    expect(cells.values).toEqual(["x", "", ""]);
    expect([...cells.at].slice(1)).toEqual([-1, -1]);
  });

  it("without a record, reads no cell in bytes", () => {
    const cells = noCellBytes(2);
    loadCells(2, [" a ", "b"], undefined, new Array<string>(2), cells);
    expect(cells.values).toEqual(["a", "b"]);
    expect([...cells.at]).toEqual([-1, -1]);
  });
});

describe("asciiScratch", () => {
  it("copies ASCII, refuses anything else, and grows for a long value", () => {
    expect(asciiScratch("abc")).toBe(3);
    expect([...scratchBytes().subarray(0, 3)]).toEqual([97, 98, 99]);
    expect(asciiScratch("café")).toBe(-1);
    const long = "9".repeat(1000);
    expect(asciiScratch(long)).toBe(1000);
    expect(scratchBytes()[999]).toBe(57);
  });
});

// Each fast path on bytes answers as the same rule on the string, with digits, letters and
// separators on both sides of the value that an overrun would read.
const arounds = ["", "9", "00:00Z+", "a@b.org\n", "\r\n", ".5"];

describe("the fast paths on bytes agree with the strings", () => {
  const timestamps = [
    "2016-01-01T00:03:52-05:00",
    "2016-01-01T00:03:52Z",
    "2016-01-01T00:03:52.123456Z",
    "2016-01-01T00:03:52.Z",
    "2016-01-01T00:03:52",
    "2016-01-01T00:03:52.5",
    "2016-02-30T00:03:52-05:00",
    "0000-01-01T00:00:00Z",
    "2016-01-01T24:00:00Z",
    "2016-01-01T00:03:52-05:0",
    "2016-01-01T00:03:52+14:01",
    "2016-01-01 00:03:52-05:00",
    "2999-01-01T00:00:00Z",
    "2016-01-01T00:03:52-00:00",
    "2016-01-01T00:03:52Z9",
    "2016-01-01T00:03:52-05:00:00",
  ];
  const now = Date.UTC(2026, 0, 1);
  it.each(timestamps.flatMap((value) => arounds.map((around) => [value, around])))("timestamp %j (around %j)", (value, around) => {
    const { bytes, start } = embedded(value, around);
    expect(acceptedTimestampMsAt(bytes, start, value.length, now)).toBe(acceptedTimestampMs(value, now));
    expect(isMissingOffsetOnlyAt(bytes, start, value.length)).toBe(isMissingOffsetOnly(value));
  });

  it("a timestamp the fast path accepts has the instant Date gives it", () => {
    expect(acceptedTimestampMs("2016-01-01T00:03:52.1234-05:00", now)).toBe(Date.parse("2016-01-01T00:03:52.123-05:00"));
    expect(acceptedTimestampMs("2016-01-01T00:03:52", now)).toBeNull();
    expect(isMissingOffsetOnly("2016-01-01T00:03:52")).toBe(true);
  });

  const decimals = ["42.119140", "-72.509928", "+1", "1.", ".5", "-", "", "1e5", "1.5x", "1.5.5", "12345678901234567", "1234567890.1234567", "0.000000000000000001", "4 2"];
  it.each(decimals.flatMap((value) => arounds.map((around) => [value, around])))("decimal %j (around %j)", (value, around) => {
    const { bytes, start } = embedded(value, around);
    const fast = decimalValueAt(bytes, start, value.length);
    const slow = decimalValue(value);
    // More than 15 digits: NaN without the text, for the caller to ask the string.
    if (Number.isNaN(fast) && !Number.isNaN(slow)) expect(value.replace(/[^0-9]/g, "").length).toBeGreaterThan(15);
    else expect(fast).toBe(slow);
    expect(decimalValueAt(bytes, start, value.length, value)).toBe(slow);
    expect(Object.is(slow, value === "" || !/^[+-]?\d+(\.\d+)?$/.test(value) ? NaN : Number(value))).toBe(true);
  });

  const emails = ["priyaperez1963@yahoo.com", "a@b.co", "a@b.c", "@b.org", "a@@b.org", "a@b..org", "a b@c.org", "a@b.org1", "a@b", "", "a@.org", "x@y.z9.org"];
  it.each(emails.flatMap((value) => arounds.map((around) => [value, around])))("email %j (around %j)", (value, around) => {
    const { bytes, start } = embedded(value, around);
    expect(isAsciiEmailAt(bytes, start, value.length)).toBe(isEmail(value));
  });

  const addresses = ["1898 Cooley St", "12 Main St\nSpringfield", "12 Main St\r", "", "x"];
  it.each(addresses.flatMap((value) => arounds.map((around) => [value, around])))("address %j (around %j)", (value, around) => {
    const { bytes, start } = embedded(value, around);
    expect(hasAsciiLineBreakAt(bytes, start, value.length)).toBe(checkAddressLineBreak(value) !== null);
  });
});

describe("a row validated from its bytes", () => {
  it("gets the problems it gets from its strings, duplicates included", async () => {
    const rows = [
      "42.15,-72.50,1 Main St,Pothole,s,d,a@b.org,2016-01-01T00:00:00-05:00,2016-01-02T00:00:00-05:00",
      "-72.50,42.15,1 Main St,Pothole,s,d,not-an-email,2016-01-01T00:00:00,2015-01-02T00:00:00-05:00",
      ' 42.15 ,-72.50,"2 Main St\nApt 4",Pothole,s,d,"a@b.org ",2016-01-01T00:00:00.5Z,',
      "x,-72.5,,Unknown type,,,a@b,2999-01-01T00:00:00Z,2016-13-01T00:00:00Z",
      "42.075,-72.575,1 Main St,Pothole,s,d,a@b.org,2016-01-01T00:00:00-05:00,",
      "42.15,-72.50,1 Main St,Pothole,s,d,a@b.org,2016-01-01T00:00:00-05:00,2016-01-02T00:00:00-05:00",
    ];
    const header = "lat,lng,address,request_type,summary,description,reporter_email,created_at,closed_at";
    const { header: fields, records } = await recordsOf(`${header}\n${rows.join("\n")}\n`);
    const fromBytes = createFileValidator(createRunContext(fixtureOrg(), { now: fixtureNow }), "a.csv", fields);
    const fromStrings = createFileValidator(createRunContext(fixtureOrg(), { now: fixtureNow }), "a.csv", fields);
    let inBytes = 0;
    for (const record of records) {
      expect(record.bytes).toBeInstanceOf(Uint8Array);
      inBytes += record.fields.filter((_, k) => record.starts![record.at! + k]! >= 0).length;
      const expected = fromStrings.validateRow(record.fields, record.row, record.line);
      expect(fromBytes.validateRow(record.fields, record.row, record.line, record), `row ${record.row}`).toEqual(expected);
    }
    expect(inBytes).toBeGreaterThan(30);
    // The rows have problems of many kinds, and the last is a duplicate of the first.
    const run = createRunContext(fixtureOrg(), { now: fixtureNow });
    const again = createFileValidator(run, "a.csv", fields);
    const codes = new Set(records.flatMap((record) => again.validateRow(record.fields, record.row, record.line).map((p) => p.code)));
    expect([...codes].sort()).toEqual(expect.arrayContaining(["coordinates_swapped", "duplicate_row", "future_timestamp", "invalid_email", "invalid_number", "line_break_not_allowed", "missing_offset", "outside_boundary", "required"]));
  });
});
