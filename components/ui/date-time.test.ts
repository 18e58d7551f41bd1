import { describe, expect, it } from "vitest";
import { formatWithZone } from "./date-time";

// Unit tests run in Pacific/Auckland: the result must not depend on the machine's zone.
describe("formatWithZone", () => {
  it.each([
    ["2021-03-04T15:11:00Z", "America/New_York", "Mar 4, 2021, 10:11 AM EST"],
    ["2021-07-04T15:11:00Z", "America/New_York", "Jul 4, 2021, 11:11 AM EDT"],
    ["2021-07-04T15:11:00Z", "America/Los_Angeles", "Jul 4, 2021, 8:11 AM PDT"],
    ["2021-07-04T15:11:00Z", "UTC", "Jul 4, 2021, 3:11 PM UTC"],
  ])("%s in %s", (iso, zone, expected) => {
    expect(formatWithZone(new Date(iso), zone).replace(/\u202f/g, " ")).toBe(expected);
  });
});
