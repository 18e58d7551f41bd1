import { describe, expect, it } from "vitest";
import { settingsLinkFor } from "./settings-links";

describe("settingsLinkFor", () => {
  it.each([
    ["unknown_request_type", "Pot Hole & Sink", { href: "/organizations/springfield/request-types/new?title=Pot%20Hole%20%26%20Sink", label: 'Add the request type "Pot Hole & Sink"' }],
    ["unknown_request_type", "", null],
    ["unknown_question", "Q: Depth?", { href: "/organizations/springfield#request-types", label: "Add this question to its request type" }],
    ["outside_boundary", "41,-72", { href: "/organizations/springfield#agencies", label: "See the agency boundaries" }],
    ["no_boundary", null, { href: "/organizations/springfield#agencies", label: "See the agency boundaries" }],
    ["missing_offset", "2021-01-01T10:00:00", null],
  ] as const)("%s %j", (code, value, link) => {
    expect(settingsLinkFor({ code, value } as never, "springfield")).toEqual(link);
  });

  it("brings the CSM back to the import once the request type is added", () => {
    expect(settingsLinkFor({ code: "unknown_request_type", value: "Sink hole" } as never, "springfield", 42)?.href).toBe("/organizations/springfield/request-types/new?title=Sink%20hole&back=%2Fimports%2F42");
  });
});
