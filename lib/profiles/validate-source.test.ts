import { describe, expect, it } from "vitest";
import { bytesSource } from "../engine/read/source.ts";
import { fixtureOrg } from "../engine/testing/fixture-org.ts";
import { builtinProfile } from "./builtin-profiles.ts";
import type { SourceProfile } from "./profile-schema.ts";
import { validateSources } from "./validate-source.ts";
import { fixture } from "./testing/convert-helpers.ts";

const now = new Date("2026-01-01T00:00:00Z");

async function validate(name: string, bytes: Uint8Array | string, profile: SourceProfile | "auto" = "auto") {
  const { report, delimiters } = await validateSources({ files: [{ name, source: bytesSource(bytes) }], config: fixtureOrg(), profile, now });
  return { file: report.files[0]!, delimiters, brief: report.files[0]!.problems.map((p) => [p.row, p.line, p.code, p.column] as const) };
}

describe("validate with a profile: problems point at the source", () => {
  it("names the source row, line and header, and drops the validator's echo of a conversion fault", async () => {
    const text = [
      "Unique Key,Created Date,Closed Date,Complaint Type,Descriptor,Incident Address,Status,Latitude,Longitude",
      "1,01/10/2023 10:00:00 AM,01/09/2023 10:00:00 AM,Park Maintenance,Deep,1 Main St,Closed,42.35,-72.65",
      '2,01/10/2023 10:00:00 AM,,Park Maintenance,"two\nlines",,Open,42.35,-72.65',
      "3,soon,,Park Maintenance,Deep,1 Main St,Open,42.35,-72.65",
      "4,01/10/2023 10:00:00 AM,,Park Maintenance,Deep,1 Main St,Open,41.0,-72.65",
      "5,01/10/2023 10:00:00 AM,,Sinkhole,Deep,1 Main St,Open,42.35,-72.65",
    ].join("\n");
    const { file, brief } = await validate("nyc.csv", text, builtinProfile("nyc-311")!);
    expect(file.profile).toBe("nyc-311");
    expect(file.rows).toBe(5);
    expect(brief).toEqual([
      [1, 2, "closed_before_created", "Closed Date"],
      [2, 3, "required", "Incident Address"],
      [3, 5, "unparsed_timestamp", "Created Date"],
      [4, 6, "outside_boundary", "Latitude,Longitude"],
      [5, 7, "unknown_request_type", "Complaint Type"],
    ]);
    expect(file.validRows).toBe(0);
  });

  it("blocks a file whose required columns have no source", async () => {
    const profile = builtinProfile("nyc-311")!;
    const { report } = await validateSources({ files: [{ name: "x.csv", source: bytesSource("Unique Key,Created Date,Complaint Type,Descriptor,Status,Latitude,Longitude,Borough,Agency,Closed Date,Resolution Description,Community Board\n1,01/10/2023 10:00:00 AM,Park Maintenance,Deep,Open,42.35,-72.65,X,Y,,,Z\n") }], config: fixtureOrg(), profile, now });
    const file = report.files[0]!;
    expect(file.problems.map((p) => [p.row, p.code, p.column])).toEqual([[0, "unmatched_column", "address"]]);
    expect(file.validRows).toBe(0);
    expect(report.ok).toBe(false);
  });

  it("validates a canonical file as it is, and reports the delimiter of a source", async () => {
    const canonical = await validate("c.csv", "lat,lng,address,request_type,summary,description,created_at\n42.35,-72.65,1 Main St,Missed Pickup,Bins,Bins,2022-01-21T13:47:00-05:00\n");
    expect(canonical.file.profile).toBe("canonical");
    expect(canonical.brief.map(([row, , code]) => [row, code])).toEqual([[0, "no_boundary"]]);
    const crt = await validate("crt.txt", fixture("crt-export.txt"));
    expect(crt.delimiters).toEqual(["|"]);
    expect(crt.brief.filter(([, , code]) => code === "unknown_request_type").map(([row, , , column]) => [row, column])).toEqual([
      // Fed by the first of Form Name and Category: no one source column, so the canonical name.
      [1, "request_type"],
      [2, "request_type"],
      [3, "request_type"],
    ]);
  });
});
