import { describe, expect, it } from "vitest";
import { fileLayout, importSystemMessage, planRow, type RequestTypeLookup } from "./row-plan.ts";

const types: RequestTypeLookup = {
  byTitle: new Map([
    ["Pothole", { id: 1, autoAssignUserId: 7, questions: new Map([["Size?", 11], ["Depth?", 12]]) }],
    ["Graffiti", { id: 2, autoAssignUserId: null, questions: new Map([["Offensive?", 21]]) }],
  ]),
  mapping: new Map([["Road hole", "Pothole"]]),
};
const header = [
  "lat", "lng", "address", "request_type", "summary", "description", "reporter_email", "created_at", "acknowledge_message", "closed_at",
  "auto_assignment", "internal_comment_2", "public_comment_1", "Q: Size?", "Q:Offensive?",
];
const layout = fileLayout(header);
const row = (values: Record<string, string>) =>
  header.map((column) => values[column] ?? ({ lat: "42.1", lng: "-72.5", address: "1 Main", request_type: "Pothole", summary: "S", description: "D", created_at: "2021-03-04T10:11:12-05:00" } as Record<string, string>)[column] ?? "");

describe("planRow", () => {
  it.each([
    ["trims values; blank message and reporter stay null", { address: "  1 Main  ", summary: " S " }, { address: "1 Main", summary: "S", acknowledgeMessage: null, reporterEmail: null }],
    ["maps the request type", { request_type: "Road hole" }, { requestTypeId: 1 }],
    ["lower-cases the reporter", { reporter_email: " Ann@Example.COM " }, { reporterEmail: "ann@example.com" }],
    ["open: Acknowledged at created_at (UTC)", {}, { status: "Acknowledged", createdAt: "2021-03-04T15:11:12.000Z", closedAt: null }],
    ["closed: Archived at closed_at", { closed_at: "2021-03-05T00:00:00Z" }, { status: "Archived", closedAt: "2021-03-05T00:00:00.000Z" }],
    ["Yes: the type's auto-assign user", { auto_assignment: "Yes" }, { autoAssignment: true, assigneeId: 7 }],
    ["Yes without a target: unassigned", { auto_assignment: "Yes", request_type: "Graffiti" }, { autoAssignment: true, assigneeId: null }],
    ["No and blank: unassigned", { auto_assignment: "No" }, { autoAssignment: false, assigneeId: null }],
    ["an explicit message is kept", { acknowledge_message: " Noted " }, { acknowledgeMessage: "Noted" }],
  ])("%s", (_name, values, expected) => {
    const plan = planRow(layout, types, row(values));
    expect(plan.ok && plan.issue).toMatchObject(expected);
  });

  it("keeps non-blank comments in column order, numbered among themselves, and answers of the row's own type only", () => {
    const plan = planRow(layout, types, row({ internal_comment_2: " first ", public_comment_1: "second", "Q: Size?": " Small ", "Q:Offensive?": "" }));
    expect(plan.ok && plan.issue.comments).toEqual([
      { visibility: "internal", body: "first", position: 1 },
      { visibility: "public", body: "second", position: 2 },
    ]);
    expect(plan.ok && plan.issue.answers).toEqual([{ questionId: 11, value: "Small" }]);
    const blank = planRow(layout, types, row({ public_comment_1: "only" }));
    expect(blank.ok && blank.issue.comments).toEqual([{ visibility: "public", body: "only", position: 1 }]);
  });

  it.each([
    [{ request_type: "Unknown" }, 'the request type "Unknown" is not one of the organization\'s request types'],
    [{ lat: "north" }, "lat/lng are not numbers"],
    [{ created_at: "yesterday" }, "created_at is not a timestamp"],
    [{ closed_at: "2021-03-05" }, "closed_at is not a timestamp"],
  ])("a row that no longer fits fails with a reason: %j", (values, reason) => {
    expect(planRow(layout, types, row(values))).toEqual({ ok: false, reason });
  });
});

describe("importSystemMessage", () => {
  it("names the file (without its directory), the row and the import", () => {
    expect(importSystemMessage("/data/city/potholes.csv", 17, 12)).toBe("Imported from potholes.csv, row 17, import #12");
  });
});
