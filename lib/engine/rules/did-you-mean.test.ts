import { describe, expect, it } from "vitest";
import { closestMatch } from "./did-you-mean.ts";

describe("closestMatch", () => {
  const columns = ["lat", "lng", "address", "request_type", "created_at"];
  it.each([
    ["lati", "lat"],
    ["LAT", "lat"],
    ["adress", "address"],
    ["Request Type", "request_type"],
    ["created-at", "created_at"],
    ["zzz", null],
    ["", null],
    ["description of the thing", null],
  ])("%j → %j", (value, expected) => {
    expect(closestMatch(value, columns)).toBe(expected);
  });
});
