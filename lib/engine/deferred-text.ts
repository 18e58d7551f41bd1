import { withHint, type Problem, type ProblemCode, type RuleFinding } from "./problem.ts";
import { checkTimestamp } from "./rules/timestamps.ts";

/**
 * Problems whose text is made where they are written, not where they are found.
 *
 * A `missing_offset` problem's message names the zone's offset at that wall time ("add the
 * offset, e.g. -05:00 (`2016-01-01T00:03:52-05:00` in America/New_York)"): working that out and
 * building the ~250 characters took more of the validating thread than finding the fault, and
 * an export without offsets has it on every timestamp (1.65M problems in the bench's
 * every-row-error file). A caller that writes each problem out at once can ask the engine to
 * defer that text (ValidateImportOptions' `deferTexts`): such a problem comes with
 * DEFERRED_TEXT as its message and no hint, and the sink makes the text with `deferredText`
 * (the CLI's JSON report thread, on its own thread). The text is the rule's own: the same
 * finding made again from the code, column and value, so the report is the same byte for byte.
 *
 * Only codes whose text depends on nothing but those and the organization's time zone can be
 * deferred (`deferrable`).
 */

/** The message of a problem whose text is deferred. Never shown: a sink replaces it. */
export const DEFERRED_TEXT = "\u0000deferred";

/** What a deferred text depends on besides the problem: the organization's time zone. */
export type TextContext = { readonly timeZone: string };

/** The codes a rule may defer the text of. */
export const deferrable: ReadonlySet<ProblemCode> = new Set<ProblemCode>(["missing_offset"]);

/** A finding of `code` whose message is made later (`deferredText`). */
export function deferredFinding(code: ProblemCode, column: string, value: string): RuleFinding {
  return { code, column, value, message: DEFERRED_TEXT };
}

export function isDeferred(problem: Pick<Problem, "message">): boolean {
  return problem.message === DEFERRED_TEXT;
}

/**
 * The message (hint included, as makeProblem makes it) and hint of a deferred problem: the rule's
 * finding made again. A code or value that is not one the rule defers is a programming error.
 */
export function deferredText(problem: Pick<Problem, "code" | "column" | "value">, context: TextContext): { message: string; hint?: string } {
  const { code, column, value } = problem;
  if (code === "missing_offset" && column !== null && value !== null) {
    // The time of validation plays no part in a value without an offset.
    const finding = checkTimestamp(column, value, { nowMs: Number.POSITIVE_INFINITY, timeZone: context.timeZone }).findings[0];
    if (finding?.code === code) {
      const message = withHint(finding.message, finding.hint);
      return finding.hint === undefined ? { message } : { message, hint: finding.hint };
    }
  }
  throw new Error(`no deferred text for ${code} ${JSON.stringify(value)} in ${JSON.stringify(column)}`);
}

/** The problem with its text made, when deferred; else the problem itself. */
export function withText(problem: Problem, context: TextContext): Problem {
  if (!isDeferred(problem)) return problem;
  const { message, hint } = deferredText(problem, context);
  const made: Problem = { ...problem, message };
  if (hint !== undefined) made.hint = hint;
  return made;
}
