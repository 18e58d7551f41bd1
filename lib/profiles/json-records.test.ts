import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { bytesSource } from "../engine/read/source.ts";
import { jsonRecordEvents, looksLikeJson } from "./json-records.ts";
import { convertBytes, testingDir } from "./testing/convert-helpers.ts";

async function events(text: string) {
  const out = [];
  for await (const event of jsonRecordEvents(bytesSource(text))) out.push(event);
  return out;
}

describe("JSON lists of requests", () => {
  it.each([
    ["[{}]", true],
    ["\uFEFF  {\"requests\": []}", true],
    ["service_request_id,status", false],
    ["", false],
  ])("%j looks like JSON: %s", (head, expected) => {
    expect(looksLikeJson(head)).toBe(expected);
  });

  it("flattens objects and lists, keys in order of first appearance", async () => {
    const got = await events(JSON.stringify({ requests: [{ id: 1, geo: { lat: 40.7, lng: -74 }, tags: ["a", "b"] }, { id: 2, extra: null }] }));
    expect(got[0]).toEqual({ kind: "header", fields: ["id", "geo.lat", "geo.lng", "tags", "extra"], line: 1 });
    expect(got[1]).toMatchObject({ kind: "records", records: [{ row: 1, fields: ["1", "40.7", "-74", "a; b", ""] }, { row: 2, fields: ["2", "", "", "", ""] }] });
    expect(got.at(-1)).toMatchObject({ kind: "end", rows: 2 });
  });

  it("reports a file that is not JSON after all", async () => {
    const got = await events("[{oops");
    expect(got[0]).toMatchObject({ kind: "problem", problem: { code: "malformed_csv", row: 0 } });
  });

  it("converts Open311 GeoReport v2's requests.json with the open311-bulk profile", async () => {
    const converted = await convertBytes(readFileSync(path.join(testingDir, "open311-requests.json")));
    expect(converted.choice).toMatchObject({ how: "detected", profile: { name: "open311-bulk" } });
    expect(converted.rows).toHaveLength(2);
    // The same instant, in the organization's zone; a closed request without closed_date closes when it was created (closed_without_time).
    expect(converted.findings).toContainEqual([1, "closed_without_time", "status", "closed"]);
    expect(converted.rows[0]!.values).toMatchObject({ lat: "37.762221815", lng: "-122.4651145", request_type: "Sidewalk and Curb Issues", created_at: "2010-04-19T10:37:38-04:00", closed_at: "2010-04-19T10:37:38-04:00", public_comment_1: "Duplicate request." });
    expect(converted.rows[1]!.values).toMatchObject({ description: "Cracked sidewalk, trip hazard", closed_at: "" });
    expect(converted.rows[1]!.values.internal_comment_1).toContain("attributes.size: large; deep");
  });
});
