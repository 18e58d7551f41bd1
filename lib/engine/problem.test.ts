import { describe, expect, it } from "vitest";
import { detach, makeProblem, withHint } from "./problem.ts";

describe("detach", () => {
  it("returns an equal string, and null or undefined as they are", () => {
    const chunk = `${"a".repeat(1000)}Łódź, 12 Main St${"b".repeat(1000)}`;
    for (const text of ["", "x", chunk.slice(1000, 1016), chunk, `${chunk.slice(0, 20)} ${chunk.slice(-20)}`]) {
      expect(detach(text)).toBe(text);
    }
    expect(detach(null)).toBeNull();
    expect(detach(undefined)).toBeUndefined();
  });

  it("is applied to every string a problem keeps", () => {
    const problem = makeProblem(
      { code: "invalid_yes_no", column: "auto_assignment", value: "yes", message: "Not `yes`.", hint: "did you mean `Yes`?" },
      { file: "a.csv", row: 2, line: 3 },
    );
    expect(problem).toEqual({
      severity: "error",
      code: "invalid_yes_no",
      file: "a.csv",
      row: 2,
      line: 3,
      column: "auto_assignment",
      value: "yes",
      message: "Not `yes`: did you mean `Yes`?",
      hint: "did you mean `Yes`?",
    });
  });
});

describe("withHint", () => {
  const byRegex = (message: string, hint: string) => (message.includes(hint) ? message : `${message.replace(/[.:]\s*$/, "")}: ${hint}`);
  it.each(["Unknown column `lati`.", "Ends with a colon:", "No stop", "Spaces after a stop. \t", "Stop then NBSP.\u00a0", "Ends in é", "", ".", "a.:", "hint inside: h"])(
    "joins %j and a hint as the regular expression did",
    (message) => {
      for (const hint of ["did you mean `lat`?", "h"]) expect(withHint(message, hint)).toBe(byRegex(message, hint));
    },
  );
});
