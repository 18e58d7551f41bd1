import { describe, expect, it } from "vitest";
import { checkAutoAssignment } from "./yes-no.ts";

const withTarget = { title: "Pothole", autoAssignTo: "crew@example.org" };
const withoutTarget = { title: "Streetlight", autoAssignTo: undefined };

describe("checkAutoAssignment", () => {
  it.each([
    ["", withTarget],
    ["No", withoutTarget],
    ["Yes", withTarget],
    ["Yes", null], // unknown request type: reported elsewhere
  ])("accepts %j", (value, type) => {
    expect(checkAutoAssignment(value, type)).toBeNull();
  });

  it.each([
    ["yes", "invalid_yes_no", "did you mean `Yes`?"],
    ["Y", "invalid_yes_no", "did you mean `Yes`?"],
    ["TRUE", "invalid_yes_no", "did you mean `Yes`?"],
    ["1", "invalid_yes_no", "did you mean `Yes`?"],
    ["no", "invalid_yes_no", "did you mean `No`?"],
    ["FALSE", "invalid_yes_no", "did you mean `No`?"],
    ["maybe", "invalid_yes_no", undefined],
  ])("%j gives %s", (value, code, hint) => {
    const finding = checkAutoAssignment(value, withTarget);
    expect(finding).toMatchObject({ code, column: "auto_assignment", value });
    expect(finding?.hint).toBe(hint);
  });

  it("warns when Yes has no auto-assign target", () => {
    expect(checkAutoAssignment("Yes", withoutTarget)).toMatchObject({ code: "no_auto_assign_target", value: "Yes" });
  });
});
