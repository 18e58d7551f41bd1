import { describe, expect, it } from "vitest";
import { requestTypeFormSchema, toQuestion, type RequestTypeFormValues } from "./request-type-form-schema.ts";

const valid: RequestTypeFormValues = { title: "Pothole", agencyId: "3", enabled: true, autoAssignEmail: "", questions: [] };
const question = { id: "", text: "What size?", kind: "select" as const, required: true, optionsText: "Small\nMedium\nLarge" };

describe("requestTypeFormSchema", () => {
  it.each<[string, Partial<RequestTypeFormValues>, string | null]>([
    ["no questions", {}, null],
    ["a required select question", { questions: [question] }, null],
    ["a text question ignores stray options", { questions: [{ ...question, kind: "text", optionsText: "x" }] }, null],
    ["no title", { title: "" }, "title"],
    ["no agency", { agencyId: "" }, "agencyId"],
    ["an auto-assign target that is not an e-mail", { autoAssignEmail: "crew" }, "autoAssignEmail"],
    ["a select without options", { questions: [{ ...question, optionsText: " \n " }] }, "questions.0.optionsText"],
    ["repeated options", { questions: [{ ...question, optionsText: "A\nA" }] }, "questions.0.optionsText"],
    ["a multivaluelist option with ;", { questions: [{ ...question, kind: "multivaluelist", optionsText: "a;b\nc" }] }, "questions.0.optionsText"],
    ["a question without text", { questions: [{ ...question, text: " " }] }, "questions.0.text"],
    ["two questions with one text", { questions: [question, { ...question, kind: "text" }] }, "questions.1.text"],
  ])("%s", (_, change, failing) => {
    const result = requestTypeFormSchema.safeParse({ ...valid, ...change });
    if (failing === null) expect(result.success).toBe(true);
    else expect(result.success ? [] : result.error.issues.map((issue) => issue.path.join("."))).toContain(failing);
  });

  it("reads options one per line, trimmed, and keeps them only for select and multivaluelist", () => {
    expect(toQuestion({ ...question, optionsText: " Small \n\nLarge\n" })).toEqual({ text: "What size?", kind: "select", required: true, options: ["Small", "Large"] });
    expect(toQuestion({ ...question, kind: "boolean" })).toEqual({ text: "What size?", kind: "boolean", required: true });
  });
});
