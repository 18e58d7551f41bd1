import { describe, expect, it } from "vitest";
import { newUsersCsv } from "./new-users.ts";

// The new-users download is opened in a spreadsheet: no cell of it may run as a formula (issue #13).
describe("the new-users CSV", () => {
  it.each([
    ["=HYPERLINK(\"http://evil.example\",\"click\")", "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\""],
    ["+1 555 0100", "'+1 555 0100"],
    ["-cmd", "'-cmd"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tTabbed", "'\tTabbed"],
    ["\rReturn", "\"'\rReturn\""],
    ["Plain Name", "Plain Name"],
  ])("neutralises the name %j", (name, cell) => {
    const csv = newUsersCsv(7, [{ id: 1, email: "=cmd@evil.example", name, invitationState: "none", createdAt: new Date("2026-12-03T10:00:00Z"), issuesReported: -3 }]);
    const [header, row] = csv.split("\r\n");
    expect(header).toBe("email,name,invitation_state,created_at,import_id,issues_reported");
    expect(row).toBe(`'=cmd@evil.example,${cell},none,2026-12-03T10:00:00.000Z,7,-3`);
  });
});
