import { quote, type RuleFinding } from "../problem.ts";

/**
 * `auto_assignment`: exactly `Yes`, `No` or blank (= No), case-sensitive (`invalid_yes_no`, with
 * a hint for the usual spellings). `Yes` on a request type without an auto-assign target gives
 * `no_auto_assign_target`: the issue stays unassigned.
 */
const meansYes = new Set(["yes", "y", "true", "t", "1", "on", "x", "oui", "si", "sí", "ja"]);
const meansNo = new Set(["no", "n", "false", "f", "0", "off", "non", "nein"]);

export function yesNoHint(value: string): string | undefined {
  const folded = value.trim().toLowerCase();
  if (meansYes.has(folded)) return "did you mean `Yes`?";
  if (meansNo.has(folded)) return "did you mean `No`?";
  return undefined;
}

export function checkAutoAssignment(
  value: string,
  requestType: { title: string; autoAssignTo?: string | undefined } | null,
  column = "auto_assignment",
): RuleFinding | null {
  if (value === "" || value === "No") return null;
  if (value === "Yes") {
    if (!requestType || requestType.autoAssignTo) return null;
    return {
      code: "no_auto_assign_target",
      column,
      value,
      message: `auto_assignment is Yes, but the request type ${quote(requestType.title)} has no auto-assign target: the issue will stay unassigned.`,
    };
  }
  const hint = yesNoHint(value);
  return {
    code: "invalid_yes_no",
    column,
    value,
    message: `auto_assignment must be exactly \`Yes\`, \`No\` or blank, not ${quote(value)}.`,
    ...(hint ? { hint } : {}),
  };
}
