import { describe, expect, it } from "vitest";
import { fixtureOrg } from "../testing/fixture-org.ts";
import { indexRequestTypes, noBoundary, resolveRequestType } from "./request-type.ts";

const types = indexRequestTypes(fixtureOrg());
const mapping = new Map([
  ["POTHOLE", "Pothole"],
  ["Graffiti", "Old Graffiti"],
  ["Streetlight", "Pothole"],
]);

describe("resolveRequestType", () => {
  it.each([
    ["an exact title", "Pothole", undefined, "Pothole"],
    ["a mapped old value", "POTHOLE", mapping, "Pothole"],
    ["the mapping before the title", "Streetlight", mapping, "Pothole"],
    ["a title the mapping does not list", "Missed Pickup", mapping, "Missed Pickup"],
  ])("recognises %s", (_name, value, map, title) => {
    const result = resolveRequestType(value, types, map);
    expect(result.type?.title).toBe(title);
    expect(result.finding).toBeNull();
  });

  it.each([
    ["a case difference", "pothole", undefined, "unknown_request_type", "did you mean `Pothole`?"],
    ["a typo", "Potholes", undefined, "unknown_request_type", "did you mean `Pothole`?"],
    ["an unmapped old value", "Noise", mapping, "unknown_request_type", undefined],
    ["a disabled type", "Old Graffiti", undefined, "disabled_request_type", undefined],
    ["a disabled type through the mapping", "Graffiti", mapping, "disabled_request_type", undefined],
  ])("reports %s", (_name, value, map, code, hint) => {
    const result = resolveRequestType(value, types, map);
    expect(result.finding).toMatchObject({ code, column: "request_type", value });
    expect(result.finding?.hint).toBe(hint);
    expect(result.type === null).toBe(code === "unknown_request_type");
  });

  it("leaves a blank value to the required rule", () => {
    expect(resolveRequestType("", types, undefined)).toEqual({ type: null, finding: null });
  });
});

describe("indexRequestTypes", () => {
  it("indexes boundaries per agency and question owners", () => {
    expect(types.byTitle.get("Pothole")?.area?.contains(-72.5, 42.15)).toBe(true);
    expect(types.byTitle.get("Pothole")?.area?.contains(-72.57, 42.07)).toBe(false);
    expect(types.byTitle.get("Park Maintenance")?.area?.contains(-72.45, 42.35)).toBe(true);
    expect(types.byTitle.get("Park Maintenance")?.area?.contains(-72.55, 42.35)).toBe(false);
    expect(types.byTitle.get("Missed Pickup")?.area).toBeNull();
    expect(types.questionOwners.get("Anything else?")).toEqual(["Pothole", "Streetlight"]);
  });

  it("words no_boundary for the type and its agency", () => {
    const finding = noBoundary(types.byTitle.get("Missed Pickup")!);
    expect(finding).toMatchObject({ code: "no_boundary", value: "Missed Pickup" });
    expect(finding.message).toContain("Sanitation");
  });
});
