import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectProfile, isCanonicalHeader } from "./detect-profile.ts";

const testing = path.join(import.meta.dirname, "testing");
const real = path.join(import.meta.dirname, "testing", "real");
const headerOf = (file: string, delimiter = ",") => readFileSync(file, "latin1").split(/\r?\n/)[0]!.split(delimiter);

describe("detectProfile", () => {
  it.each<[string, string[], string | null]>([
    ["the Boston sample", headerOf(path.join(real, "boston311-100.csv")), "boston-311"],
    ["the PublicStuff sample", headerOf(path.join(real, "publicstuff-hoboken-20190521.csv")), "publicstuff-csv"],
    ["NYC 311", headerOf(path.join(testing, "nyc-311-sample.csv")), "nyc-311"],
    ["a CRT text export", headerOf(path.join(testing, "crt-export.txt"), "|"), "web-central-crt"],
    ["Open311", headerOf(path.join(testing, "open311-cp1252.csv")), "open311-bulk"],
    ["SeeClickFix's export", headerOf(path.join(testing, "seeclickfix-export.csv")), "seeclickfix-export"],
    ["the PublicStuff API list", headerOf(path.join(testing, "publicstuff-api.csv")), "publicstuff-api"],
    ["PublicStuff headers in another case and spacing", ["attachment_url", "id", "title", "description", "status", "address", "location", "zip_code", "date_created", "latitude", "longitude", "num_of_comments", "user"], "publicstuff-csv"],
    ["a few NYC columns only", ["Unique Key", "Created Date", "Complaint Type"], null],
    ["an unknown export", headerOf(path.join(testing, "city-day-first.csv")), null],
  ])("%s → %s", (_, header, name) => {
    expect(detectProfile(header)?.profile.name ?? null).toBe(name);
  });

  it("names the headers that matched, those missing and those it does not know", () => {
    const header = [...headerOf(path.join(real, "publicstuff-hoboken-20190521.csv")).filter((h) => h !== "Rank"), "Ward"];
    const detection = detectProfile(header)!;
    expect(detection.missing).toEqual(["Rank"]);
    expect(detection.matched).toContain("Date Created");
    expect(detection.unknown).toEqual(["Ward"]);
    expect(detection.score).toBeCloseTo(15 / 16);
  });
});

describe("isCanonicalHeader", () => {
  it.each<[string[], boolean]>([
    [["lat", "lng", "address", "request_type", "summary", "description", "created_at"], true],
    [["request_type", "lng", "lat", "public_comment_2", "Q: Pole number"], true],
    [["lat", "lng", "request_type", "import_errors"], true],
    [["lat", "lng", "request_type", "Latitude"], false],
    [["Latitude", "Longitude"], false],
    [[], false],
  ])("%j → %s", (header, canonical) => expect(isCanonicalHeader(header)).toBe(canonical));
});
