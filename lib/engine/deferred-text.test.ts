import { describe, expect, it } from "vitest";
import { DEFERRED_TEXT, deferredFinding, deferredText, isDeferred, withText } from "./deferred-text.ts";
import { makeProblem, withHint, type Problem } from "./problem.ts";
import { checkTimestamp } from "./rules/timestamps.ts";

const context = { timeZone: "America/New_York" };
const where = { file: "a.csv", row: 3, line: 4 };

describe("deferredText", () => {
  it.each([
    ["created_at", "2015-12-05T13:11:59"],
    ["closed_at", "2015-07-05T13:11:59.25"],
    ["created_at", "2015-03-08T02:30:00"], // a DST gap
    ["created_at", "2015-11-01T01:30:00"], // a repeated hour
    ["closed_at", `2015-12-05T13:11:59.${"9".repeat(50)}`], // shortened in the message
    ["created_at", "0001-01-01T00:00:00"],
  ])("%s %s: the rule's own message and hint", (column, value) => {
    const [finding] = checkTimestamp(column, value, { nowMs: Date.now(), timeZone: context.timeZone }).findings;
    const made = deferredText({ code: "missing_offset", column, value }, context);
    expect(made).toEqual({ message: withHint(finding!.message, finding!.hint), hint: finding!.hint });
    expect(makeProblem(finding!, where)).toEqual(withText(makeProblem(deferredFinding("missing_offset", column, value), where), context));
  });

  it("is a programming error for a code or value it does not defer", () => {
    expect(() => deferredText({ code: "invalid_email", column: "reporter_email", value: "x" }, context)).toThrow(/no deferred text/);
    expect(() => deferredText({ code: "missing_offset", column: "created_at", value: "2015-12-05T13:11:59Z" }, context)).toThrow(/no deferred text/);
  });

  it("leaves a problem with its text as it is", () => {
    const problem: Problem = makeProblem({ code: "required", column: "summary", value: "", message: "summary is required." }, where);
    expect(isDeferred(problem)).toBe(false);
    expect(withText(problem, context)).toBe(problem);
    expect(isDeferred(makeProblem(deferredFinding("missing_offset", "created_at", "2015-12-05T13:11:59"), where))).toBe(true);
    expect(DEFERRED_TEXT.startsWith("\u0000")).toBe(true); // never a rule's text
  });
});
