import { describe, expect, it } from "vitest";
import type { Question } from "../../org/org-config-schema.ts";
import { fixtureOrg } from "../testing/fixture-org.ts";
import { checkAnswer, planAnswers, resolveQuestionColumns } from "./questions.ts";
import { indexRequestTypes } from "./request-type.ts";

const q = (kind: Question["kind"], options?: string[], required = false): Question => ({ text: "Q", kind, required, ...(options ? { options } : {}) });

describe("checkAnswer", () => {
  it.each([
    ["text", q("text"), "anything <b>at all</b>"],
    ["blank optional", q("number"), ""],
    ["number", q("number"), "-12.5"],
    ["integer with plus", q("number"), "+3"],
    ["select", q("select", ["Small", "Medium"]), "Medium"],
    ["multivaluelist one", q("multivaluelist", ["Bench", "Playground"]), "Bench"],
    ["multivaluelist spaced", q("multivaluelist", ["Bench", "Playground"]), "Bench ; Playground"],
    ["datetime", q("datetime"), "2020-01-01T00:00:00Z"],
    ["boolean true", q("boolean"), "true"],
    ["boolean false", q("boolean"), "false"],
  ])("accepts %s", (_name, question, value) => {
    expect(checkAnswer(question, "Q: Q", value)).toBeNull();
  });

  it.each([
    ["blank required", q("text", undefined, true), "", "required", undefined],
    ["number with unit", q("number"), "12 cm", "invalid_number", undefined],
    ["number with exponent", q("number"), "1e3", "invalid_number", undefined],
    ["number with thousands separator", q("number"), "1,000", "invalid_number", undefined],
    ["select wrong case", q("select", ["Small", "Medium"]), "small", "invalid_answer", "did you mean `Small`?"],
    ["select unknown", q("select", ["Small", "Medium"]), "Huge", "invalid_answer", undefined],
    ["multivaluelist empty item", q("multivaluelist", ["Bench", "Playground"]), "Bench;;Playground", "invalid_answer", undefined],
    ["multivaluelist trailing ;", q("multivaluelist", ["Bench", "Playground"]), "Bench;", "invalid_answer", undefined],
    ["multivaluelist repeat", q("multivaluelist", ["Bench", "Playground"]), "Bench; Bench", "invalid_answer", undefined],
    ["multivaluelist unknown", q("multivaluelist", ["Bench", "Playground"]), "Bench;Slide", "invalid_answer", undefined],
    ["multivaluelist comma", q("multivaluelist", ["Bench", "Playground"]), "Bench,Playground", "invalid_answer", undefined],
    ["datetime without offset", q("datetime"), "2020-01-01T00:00:00", "invalid_answer", undefined],
    ["datetime not real", q("datetime"), "2020-02-30T00:00:00Z", "invalid_answer", undefined],
    ["boolean True", q("boolean"), "True", "invalid_answer", "did you mean `true`?"],
    ["boolean yes", q("boolean"), "yes", "invalid_answer", "did you mean `true`?"],
    ["boolean 0", q("boolean"), "0", "invalid_answer", "did you mean `false`?"],
  ])("reports %s", (_name, question, value, code, hint) => {
    const finding = checkAnswer(question, "Q:Q", value);
    expect(finding).toMatchObject({ code, column: "Q:Q", value });
    expect(finding?.hint).toBe(hint);
  });
});

describe("question columns", () => {
  const types = indexRequestTypes(fixtureOrg());
  const pothole = types.byTitle.get("Pothole")!;
  const streetlight = types.byTitle.get("Streetlight")!;
  const parks = types.byTitle.get("Park Maintenance")!;
  const columns = [
    { index: 5, name: "Q:What is the size of the pothole?", text: "What is the size of the pothole?" },
    { index: 6, name: "Q: Anything else?", text: "Anything else?" },
    { index: 7, name: "Q: Pole number", text: "Pole number" },
    { index: 8, name: "Q: Nothing", text: "Nothing" },
  ];

  it("plans a type's own columns, other columns and absent required questions", () => {
    const plan = planAnswers(pothole, columns.slice(1));
    expect(plan.own.map((o) => o.index)).toEqual([6]);
    expect(plan.others.map((o) => o.index)).toEqual([7, 8]);
    expect(plan.absentRequired.map((x) => x.text)).toEqual(["What is the size of the pothole?"]);
  });

  it.each([
    ["one type", [pothole], [["unknown_question", 7], ["unknown_question", 8]]],
    ["two types sharing a question", [pothole, streetlight], [["ambiguous_question", 6], ["unknown_question", 8]]],
    ["a type without questions", [parks], [["unknown_question", 5], ["unknown_question", 6], ["unknown_question", 7], ["unknown_question", 8]]],
  ])("resolves columns for %s", (_name, inFile, expected) => {
    const findings: [string, number][] = [];
    resolveQuestionColumns(columns, inFile, types.questionOwners.keys(), (index, finding) => findings.push([finding.code, index]));
    expect(findings).toEqual(expected);
  });

  it("names the owners of each column", () => {
    const owners = resolveQuestionColumns(columns, [pothole, streetlight], []);
    expect(owners.get("Pole number")).toEqual(["Streetlight"]);
    expect(owners.get("Anything else?")).toEqual(["Pothole", "Streetlight"]);
    // A text no type of the file asks is left out (a header may have 100,000 of them).
    expect(owners.has("Nothing")).toBe(false);
  });

  it("hints at a near question text", () => {
    const hints: (string | undefined)[] = [];
    resolveQuestionColumns([{ index: 0, name: "Q: Pole numbr", text: "Pole numbr" }], [streetlight], [], (_index, finding) => hints.push(finding.hint));
    expect(hints).toEqual(["did you mean `Q: Pole number`?"]);
  });
});
