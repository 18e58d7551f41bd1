import { describe, expect, it } from "vitest";
import { builtinProfile } from "./builtin-profiles.ts";
import { ConvertSetupError, sniffDelimiter } from "./convert-csv.ts";
import { parseSourceProfile, type SourceProfile } from "./profile-schema.ts";
import { convertBytes, convertFixture, fixture, lostValues, readSource, realDir } from "./testing/convert-helpers.ts";

const profileOf = (input: unknown): SourceProfile => {
  const parsed = parseSourceProfile(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.profile;
};

describe("NYC 311 (12-hour local times, DST, statuses, rows without coordinates)", async () => {
  const nyc = await convertFixture("nyc-311-sample.csv");
  const at = (row: number) => nyc.rows[row - 1]!.values;

  it("is detected, and every source row is one canonical row, in order", () => {
    expect(nyc.choice).toMatchObject({ how: "detected", profile: { name: "nyc-311" } });
    expect(nyc.rows.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(nyc.header).toEqual(["lat", "lng", "address", "request_type", "summary", "description", "created_at", "closed_at", "public_comment_1", "internal_comment_1"]);
  });

  it.each<[number, string, string]>([
    [1, "created_at", "2023-02-01T23:44:53-05:00"],
    [1, "closed_at", "2023-02-02T01:10:00-05:00"],
    [1, "summary", "Noise - Residential: Loud Music/Party"],
    [1, "public_comment_1", "The Police Department responded to the complaint and took action to fix the condition."],
    [2, "lat", ""],
    [2, "address", "FULTON STREET"],
    [2, "closed_at", ""],
    [3, "closed_at", "2022-01-14T09:30:00-05:00"],
    [4, "created_at", "03/12/2023 02:30:00 AM"],
    [5, "created_at", "11/05/2023 01:30:00 AM"],
    [5, "closed_at", "2023-11-05T03:00:00-05:00"],
    [7, "summary", "Illegal Fireworks"],
    [7, "closed_at", ""],
    [9, "created_at", "02/30/2023 10:00:00 AM"],
    [10, "closed_at", "1900-01-01T00:00:00-05:00"],
  ])("row %i %s = %s", (row, column, value) => {
    expect(at(row)[column]).toBe(value);
  });

  it("reports each fault on the source row and the source column", () => {
    expect(nyc.findings).toEqual([
      [4, "nonexistent_local_time", "Created Date", "03/12/2023 02:30:00 AM"],
      [5, "ambiguous_local_time", "Created Date", "11/05/2023 01:30:00 AM"],
      [8, "status_unknown", "Status", "Unspecified"],
      [9, "unparsed_timestamp", "Created Date", "02/30/2023 10:00:00 AM"],
      [10, "placeholder_date", "Created Date", "01/01/1900 12:00:00 AM"],
      [10, "closed_without_time", "Status", "Closed"],
    ]);
  });

  it("keeps a close time of an open row, and the unused columns, in the internal comment", () => {
    expect(at(7).internal_comment_1).toContain("Closed Date: 07/05/2023 10:00:00 AM (not used as closed_at: the status is Started)");
    expect(at(1).internal_comment_1!.split("\n")).toEqual(expect.arrayContaining(["Unique Key: 56781001", "Borough: MANHATTAN", "X Coordinate (State Plane): 997045"]));
  });

  it("loses no source value", async () => {
    const source = await readSource(fixture("nyc-311-sample.csv"), ",");
    expect(lostValues(source, nyc, ["Created Date", "Closed Date"])).toEqual([]);
  });
});

describe("PublicStuff CSV (epoch seconds, NA, multi-line descriptions)", async () => {
  const ps = await convertFixture("publicstuff-epoch.csv");

  it("converts by the built-in profile, row lines following the line breaks", () => {
    expect(ps.choice).toMatchObject({ how: "detected", profile: { name: "publicstuff-csv" } });
    expect(ps.rows.map((r) => [r.row, r.line])).toEqual([[1, 2], [2, 5], [3, 6], [4, 7], [5, 8]]);
    expect(ps.rows[0]!.values.description).toBe("Big pothole\nnear the curb.\nPlease fix soon.");
    expect(ps.rows[0]!.values.created_at).toBe("2018-10-02T11:02:01-04:00");
  });

  it("reads NA as no value", () => {
    expect(ps.rows[1]!.values.description).toBe("Street Light or Lamp");
    expect(ps.rows[1]!.values.internal_comment_1).not.toContain("NA");
    expect(ps.rows[2]!.values.lat).toBe("");
  });

  it("gives completed rows their created time, and reports what it could not read", () => {
    expect(ps.rows[1]!.values.closed_at).toBe(ps.rows[1]!.values.created_at);
    expect(ps.rows[2]!.values.created_at).toBe("2018-07-17T08:49:56.500-04:00");
    expect(ps.findings).toEqual([
      [2, "closed_without_time", "Status", "completed"],
      [4, "placeholder_date", "Date Created", "0"],
      [4, "status_unknown", "Status", "other"],
      [5, "unparsed_timestamp", "Date Created", "yesterday"],
    ]);
  });

  it("loses no source value", async () => {
    expect(lostValues(await readSource(fixture("publicstuff-epoch.csv"), ","), ps, ["Date Created"])).toEqual([]);
  });
});

describe("other sources", () => {
  it("Web Central CRT: pipe-delimited text, comments and reporter", async () => {
    const crt = await convertFixture("crt-export.txt");
    expect(crt.delimiter).toBe("|");
    expect(crt.choice).toMatchObject({ how: "detected", profile: { name: "web-central-crt" } });
    expect(crt.rows[0]!.values).toMatchObject({
      request_type: "Pothole Repair",
      summary: "Streets: Pothole Repair",
      reporter_email: "ann@example.com",
      created_at: "2021-03-04T09:15:00-05:00",
      closed_at: "2021-03-06T14:40:00-05:00",
      internal_comment_1: "Filled 3/6",
      public_comment_1: "Thanks, we fixed it.",
    });
    expect(crt.rows[1]!.values.created_at).toBe("2021-03-05T13:05:00-05:00");
    expect(crt.findings).toEqual([[3, "closed_without_time", "Status", "Resolved"]]);
    expect(lostValues(await readSource(fixture("crt-export.txt"), "|"), crt, ["Date Submitted", "Date Closed"])).toEqual([]);
  });

  it("Web Central CRT: tab-delimited text too", async () => {
    const tabbed = new TextDecoder().decode(fixture("crt-export.txt")).replaceAll("|", "\t");
    const crt = await convertBytes(tabbed);
    expect(crt.delimiter).toBe("\t");
    expect(crt.choice).toMatchObject({ how: "detected", profile: { name: "web-central-crt" } });
    expect(crt.rows.map((r) => r.values.request_type)).toEqual(["Pothole Repair", "Broken Bench", "Street Light"]);
  });

  it("Open311 in Windows-1252: transcoded, instants shown in the zone", async () => {
    const o = await convertFixture("open311-cp1252.csv");
    expect(o.choice).toMatchObject({ how: "detected", profile: { name: "open311-bulk" } });
    expect(o.findings).toEqual([[0, "encoding_converted", null, "windows-1252"]]);
    expect(o.rows[0]!.values).toMatchObject({ description: "Crack in the sidewalk in front of the café", created_at: "2010-04-14T10:37:38-04:00", closed_at: "2010-04-14T11:37:38-04:00", public_comment_1: "Duplicate request." });
    expect(o.rows[1]!.values).toMatchObject({ description: "Señal de tráfico dañada – façade", closed_at: "" });
  });

  it("SeeClickFix's export: m/d/y local times, closed by its close time", async () => {
    const s = await convertFixture("seeclickfix-export.csv");
    expect(s.choice).toMatchObject({ how: "detected", profile: { name: "seeclickfix-export" } });
    expect(s.rows.map((r) => [r.values.created_at, r.values.closed_at])).toEqual([
      ["2022-01-21T13:47:00-05:00", "2022-01-22T09:05:00-05:00"],
      ["2021-12-03T08:00:00-05:00", ""],
    ]);
    expect(s.rows[1]!.values.description).toBe("Light out");
    expect(s.findings).toEqual([]);
  });

  it("the PublicStuff API list: epoch and ISO, dotted headers", async () => {
    const api = await convertFixture("publicstuff-api.csv");
    expect(api.choice).toMatchObject({ how: "detected", profile: { name: "publicstuff-api" } });
    expect(api.rows[0]!.values).toMatchObject({ lat: "40.7400", reporter_email: "ann@example.com", created_at: "2019-05-02T08:26:40-04:00", closed_at: "2019-05-03T12:13:20-04:00", address: "100 Washington St, Hoboken NJ 07030" });
    expect(api.rows[1]!.values).toMatchObject({ created_at: "2019-05-03T10:00:00-04:00", closed_at: "", description: "Tree down" });
  });

  it("an unknown export: inferred, day-first from the whole column", async () => {
    const c = await convertFixture("city-day-first.csv");
    expect(c.choice?.how).toBe("inferred");
    expect(c.rows.map((r) => [r.values.created_at, r.values.closed_at, r.values.lat])).toEqual([
      ["2022-01-05T13:47:00-05:00", "2022-01-06T09:00:00-05:00", "42.1015"],
      ["2022-01-21T08:30:00-05:00", "", "42.1100"],
      ["2022-02-03T17:05:00-05:00", "", "42.1050"],
      ["2022-02-13T00:00:00-05:00", "2022-02-14T10:00:00-05:00", "42.1120"],
    ]);
  });

  it("the real Boston sample: naive ISO, status and close time, the fallback point", async () => {
    const b = await convertFixture("boston311-100.csv", {}, realDir);
    expect(b.choice).toMatchObject({ how: "detected", profile: { name: "boston-311" } });
    expect(b.rows).toHaveLength(100);
    expect(b.rows[1]!.values).toMatchObject({ created_at: "2022-01-19T11:18:00-05:00", closed_at: "2022-01-19T11:42:16-05:00", address: "42 Cross St  Boston  MA  02113" });
    expect(b.findings.filter(([, code]) => code === "suspect_location")).toHaveLength(19);
    expect(b.findings.filter(([, code]) => code !== "suspect_location")).toEqual([]);
    expect(lostValues(await readSource(fixture("boston311-100.csv", realDir), ","), b, ["open_dt", "closed_dt"])).toEqual([]);
  });

  it("a Boston-style export written day-first: the detected profile's formats give way to the column's", async () => {
    const b = await convertFixture("boston-day-first.csv");
    expect(b.choice).toMatchObject({ how: "detected", profile: { name: "boston-311" } });
    expect(b.choice?.how === "detected" && b.choice.notes.join(" ")).toMatch(/open_dt: .* using d\/M\/yyyy H:mm:ss/);
    // Row 4's 08/01/2022 reads as 8 January, as the rest of the column (21/01, 31/01…) says.
    expect(b.rows.slice(0, 4).map((r) => [r.values.created_at, r.values.closed_at])).toEqual([
      ["2022-01-21T13:47:00-05:00", ""],
      ["2022-01-19T11:18:00-05:00", "2022-01-19T11:42:16-05:00"],
      ["2022-01-31T11:46:00-05:00", ""],
      ["2022-01-08T12:54:49-05:00", "2022-01-09T06:43:06-05:00"],
    ]);
    expect(b.findings.filter(([, code]) => code !== "suspect_location")).toEqual([]);
  });

  it("the real PublicStuff sample loses no value", async () => {
    const p = await convertFixture("publicstuff-hoboken-20190521.csv", {}, realDir);
    expect(p.rows).toHaveLength(91);
    expect(lostValues(await readSource(fixture("publicstuff-hoboken-20190521.csv", realDir), ","), p, ["Date Created"])).toEqual([]);
  });
});

describe("the converter's rules", () => {
  it("passes a canonical file through", async () => {
    const text = "lat,lng,address,request_type,summary,description,created_at\n42.1,-72.5,1 Main St,Pothole,Hole,Deep,2022-01-21T13:47:00-05:00\n";
    const c = await convertBytes(text);
    expect(c.choice).toEqual({ how: "canonical" });
    expect(c.compiled).toBeNull();
    expect(c.rows[0]!.fields).toEqual(["42.1", "-72.5", "1 Main St", "Pothole", "Hole", "Deep", "2022-01-21T13:47:00-05:00"]);
  });

  it("compiles to unmatched_column when a required column has no source", async () => {
    const profile = profileOf({ name: "p", description: "", columns: { lat: "Y", lng: "X", request_type: "Type", created_at: "Opened" } });
    const c = await convertBytes("Y,X,Type,Opened\n1,2,A,2022-01-01\n", { profile });
    expect(c.compiled!.fileFindings.map((f) => [f.code, f.column])).toEqual([["unmatched_column", "address"]]);
    const missing = await convertBytes("Y,Type,Opened,Street\n1,A,2022-01-01,x\n", { profile: { ...profile, columns: { ...profile.columns, address: "Street" } } });
    expect(missing.compiled!.fileFindings[0]!.message).toContain("X, which the file does not have");
  });

  it("keeps a short or long record, in order, its extra fields in the comment", async () => {
    const profile = builtinProfile("boston-311")!;
    const text = "case_enquiry_id,open_dt,case_status,type,latitude,longitude,location\n1,2022-01-21 13:47:00,Open,Pothole,42.1,-71.0,1 Main St\n2,2022-01-21 13:47:00\n3,2022-01-21 13:47:00,Open,Pothole,42.1,-71.0,1 Main St,surplus\n";
    const c = await convertBytes(text, { profile });
    expect(c.rows.map((r) => r.row)).toEqual([1, 2, 3]);
    expect(c.findings.map(([row, code]) => [row, code])).toEqual([[2, "field_count"], [3, "field_count"]]);
    expect(c.rows[2]!.values.internal_comment_1).toContain("(extra field 8): surplus");
  });

  it("needs a time zone for naive timestamps, and not for epoch ones", async () => {
    await expect(convertBytes(fixture("city-day-first.csv"), { timeZone: undefined })).rejects.toBeInstanceOf(ConvertSetupError);
    const ps = await convertBytes(fixture("publicstuff-epoch.csv"), { timeZone: undefined, profile: { ...builtinProfile("publicstuff-csv")!, timestamps: { formats: ["epoch-seconds"] } } });
    expect(ps.rows[0]!.values.created_at).toBe("2018-10-02T15:02:01Z".replace("Z", "+00:00"));
  });

  it("resolves a DST repeat when the profile chooses, and a blank status follows the close time", async () => {
    const profile = profileOf({
      name: "p",
      description: "",
      timestamps: { formats: ["iso"], ambiguous: "later" },
      columns: { lat: "Y", lng: "X", address: "A", request_type: "T", created_at: "C" },
      status: { column: "S", open: ["open"], closed: ["done"], closedAt: "D", closedWithoutTime: "blank" },
    });
    const c = await convertBytes("Y,X,A,T,C,S,D\n1,2,a,t,2023-11-05 01:30,,2023-11-06 10:00\n1,2,a,t,2023-11-05 01:30,done,\n", { profile });
    expect(c.rows.map((r) => [r.values.created_at, r.values.closed_at])).toEqual([
      ["2023-11-05T01:30:00-05:00", "2023-11-06T10:00:00-05:00"],
      ["2023-11-05T01:30:00-05:00", ""],
    ]);
    expect(c.findings).toEqual([[2, "closed_without_time", "S", "done"]]);
  });

  it("gives the same rows whatever the chunk size", async () => {
    const whole = await convertBytes(fixture("nyc-311-sample.csv"));
    const bytewise = await convertBytes(fixture("nyc-311-sample.csv"), {}, 7);
    expect(bytewise.rows).toEqual(whole.rows);
  });
});

describe("sniffDelimiter", () => {
  it.each([
    ["a,b,c\n1,2,3", ","],
    ["a\tb\tc\n", "\t"],
    ["a|b|c\r\n", "|"],
    ["a;b;c", ";"],
    ['"a,b";c;d\n', ";"],
    ["single", ","],
  ])("%j → %j", (text, delimiter) => expect(sniffDelimiter(text)).toBe(delimiter));
});
