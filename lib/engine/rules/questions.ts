import type { Question } from "../../org/org-config-schema.ts";
import { parseCanonicalTimestamp } from "../../time/timestamp.ts";
import { questionColumn } from "../format.ts";
import { quote, type RuleFinding } from "../problem.ts";
import { closestMatch } from "./did-you-mean.ts";
import type { QuestionColumnRef } from "./header.ts";
import { isDecimalNumber } from "./number.ts";
import type { RequestTypeInfo } from "./request-type.ts";

/**
 * Question rules (contract §2 "Questions"):
 * - file-level, decided once the file's request types are known: `unknown_question` (a `Q:`
 *   column matching no question of the request types in the file) and `ambiguous_question`
 *   (a text asked by two or more of them);
 * - per row: `required` (blank answer to a required question of the row's own type, or its
 *   column absent: then `column` is `Q: <text>`), `invalid_number` (a `number` answer),
 *   `invalid_answer` (select, multivaluelist, datetime, boolean), and
 *   `answer_for_other_type` (a non-blank answer in a column that is the question of another
 *   request type of the file, not of the row's).
 * "Request types in the file" are the recognised (after mapping) types of its rows, so the
 * orchestrator collects them while streaming and settles the file-level and
 * `answer_for_other_type` decisions at the end (see validate.ts).
 */

/** How one request type reads a file's question columns, computed once per (file, type). */
export type AnswerPlan = {
  /** Columns that are questions of this type. */
  own: { index: number; name: string; question: Question }[];
  /** Columns that are not questions of this type. */
  others: QuestionColumnRef[];
  /** Required questions of this type without a column in the file. */
  absentRequired: Question[];
};

export function planAnswers(type: RequestTypeInfo, columns: readonly QuestionColumnRef[]): AnswerPlan {
  const own: AnswerPlan["own"] = [];
  const others: QuestionColumnRef[] = [];
  const present = new Set<string>();
  for (const column of columns) {
    const question = type.questions.get(column.text);
    if (question) {
      own.push({ index: column.index, name: column.name, question });
      present.add(column.text);
    } else {
      others.push(column);
    }
  }
  const absentRequired = type.questionList.filter((question) => question.required && !present.has(question.text));
  return { own, others, absentRequired };
}

/** A required question of the row's type whose column the file lacks. */
export function requiredQuestionAbsent(question: Question, type: RequestTypeInfo): RuleFinding {
  const column = questionColumn(question.text);
  return {
    code: "required",
    column,
    value: null,
    message: `The question ${quote(question.text)} is required for ${quote(type.title)}, but the file has no ${quote(column)} column.`,
  };
}

/** Checks a row's trimmed answer to a question of its own type. */
export function checkAnswer(question: Question, column: string, value: string): RuleFinding | null {
  if (value === "") {
    if (!question.required) return null;
    return {
      code: "required",
      column,
      value,
      message: `The question ${quote(question.text)} is required, but this row leaves its answer blank.`,
    };
  }
  switch (question.kind) {
    case "text":
    case "textarea":
      return null;
    case "number":
      if (isDecimalNumber(value)) return null;
      return {
        code: "invalid_number",
        column,
        value,
        message: `The answer ${quote(value)} is not a number (e.g. 12 or 3.5, without units or thousands separators).`,
      };
    case "select":
      return checkSelect(question, column, value);
    case "multivaluelist":
      return checkMultiValue(question, column, value);
    case "datetime": {
      const parsed = parseCanonicalTimestamp(value);
      if (parsed.ok) return null;
      return {
        code: "invalid_answer",
        column,
        value,
        message:
          parsed.reason === "missing_offset"
            ? `The answer ${quote(value)} has no time-zone offset: write a full timestamp like 2015-12-05T13:11:59-05:00.`
            : `The answer ${quote(value)} is not a full ISO 8601 timestamp like 2015-12-05T13:11:59-05:00.`,
      };
    }
    case "boolean": {
      if (value === "true" || value === "false") return null;
      const folded = value.toLowerCase();
      const hint = ["true", "yes", "y", "1"].includes(folded)
        ? "did you mean `true`?"
        : ["false", "no", "n", "0"].includes(folded)
          ? "did you mean `false`?"
          : undefined;
      return {
        code: "invalid_answer",
        column,
        value,
        message: `The answer ${quote(value)} must be exactly \`true\` or \`false\`.`,
        ...(hint ? { hint } : {}),
      };
    }
  }
}

function listOptions(options: readonly string[]): string {
  const shown = options.slice(0, 8).map((option) => quote(option, 40));
  return options.length > 8 ? `${shown.join(", ")}, …` : shown.join(", ");
}

function checkSelect(question: Question, column: string, value: string): RuleFinding | null {
  const options = question.options ?? [];
  if (options.includes(value)) return null;
  const match = closestMatch(value, options);
  return {
    code: "invalid_answer",
    column,
    value,
    message: `The answer ${quote(value)} is not one of the options: ${listOptions(options)}.`,
    ...(match ? { hint: `did you mean \`${match}\`?` } : {}),
  };
}

function checkMultiValue(question: Question, column: string, value: string): RuleFinding | null {
  const options = question.options ?? [];
  const items = value.split(";").map((item) => item.trim());
  const seen = new Set<string>();
  for (const item of items) {
    let reason: string | null = null;
    let hint: string | undefined;
    if (item === "") reason = "it has an empty item (two `;` in a row, or one at an end)";
    else if (!options.includes(item)) {
      reason = `${quote(item)} is not one of the options: ${listOptions(options)}`;
      const match = closestMatch(item, options);
      if (match) hint = `did you mean \`${match}\`?`;
    } else if (seen.has(item)) reason = `${quote(item)} is listed twice`;
    if (reason) {
      return {
        code: "invalid_answer",
        column,
        value,
        message: `The answer ${quote(value)} must be options separated by \`;\`, but ${reason}.`,
        ...(hint ? { hint } : {}),
      };
    }
    seen.add(item);
  }
  return null;
}

/**
 * Settles the file's question columns once its request types are known. Returns, for each question
 * text some type of the file asks, those types (a text none asks is left out: a header may have
 * 100,000 unknown question columns). With `report`, each file-level finding (`unknown_question`,
 * `ambiguous_question`) goes to it with its column index, in column order, as it is found.
 */
export function resolveQuestionColumns(
  columns: readonly QuestionColumnRef[],
  typesInFile: readonly RequestTypeInfo[],
  allQuestionTexts: Iterable<string>,
  report?: (index: number, finding: RuleFinding) => void,
): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  const fileTexts = new Set<string>();
  for (const type of typesInFile) for (const question of type.questionList) fileTexts.add(question.text);
  let because: string | null = null;
  for (const column of columns) {
    const askers = typesInFile.filter((type) => type.questions.has(column.text)).map((type) => type.title);
    if (askers.length > 0) owners.set(column.text, askers);
    if (!report) continue;
    if (askers.length === 0) {
      report(column.index, unknownQuestion(column, (because ??= unknownBecause(typesInFile)), fileTexts, allQuestionTexts));
    } else if (askers.length > 1) {
      report(column.index, {
        code: "ambiguous_question",
        column: column.name,
        value: null,
        message: `The question ${quote(column.text)} belongs to several request types in this file (${askers.map((title) => quote(title)).join(", ")}), so its answers cannot be told apart. Split the file by request type.`,
      });
    }
  }
  return owners;
}

function unknownQuestion(column: QuestionColumnRef, types: string, fileTexts: ReadonlySet<string>, allQuestionTexts: Iterable<string>): RuleFinding {
  const match = closestMatch(column.text, fileTexts) ?? closestMatch(column.text, allQuestionTexts);
  const hint = match && match !== column.text ? `did you mean \`${questionColumn(match)}\`?` : undefined;
  return {
    code: "unknown_question",
    column: column.name,
    value: null,
    message: hint
      ? `Unknown question column ${quote(column.name)}: ${types}`
      : `Unknown question column ${quote(column.name)}: ${types}. The text after \`Q:\` must equal a question's text exactly.`,
    ...(hint ? { hint } : {}),
  };
}

/** Why a question column is unknown, the same for every such column of a file (made once: a header may have 100,000 of them). */
function unknownBecause(typesInFile: readonly RequestTypeInfo[]): string {
  return typesInFile.length === 0
    ? "no row of this file has a recognised request type"
    : `it is not a question of ${typesInFile.length === 1 ? "the request type" : "the request types"} in this file (${typesInFile
        .slice(0, 5)
        .map((type) => quote(type.title))
        .join(", ")}${typesInFile.length > 5 ? ", …" : ""})`;
}

/** A non-blank answer in the column of another request type's question. */
export function answerForOtherType(column: string, value: string, rowType: string, askers: readonly string[]): RuleFinding {
  const owner = askers.length === 1 ? `request type ${quote(askers[0] ?? "")}` : `request types ${askers.map((title) => quote(title)).join(", ")}`;
  return {
    code: "answer_for_other_type",
    column,
    value,
    message: `This column is a question of ${owner}, not of this row's request type ${quote(rowType)}: clear the answer or fix the row's request type.`,
  };
}
