import * as z from "zod";
import { questionKinds, questionSchema } from "../org/org-config-schema.ts";

// A request type and its questions as the settings form edits them (issue #15): one schema for
// the form and its server action. A question's rules are the configuration file's (contract §1);
// its options are typed one per line.

export const questionFormSchema = z
  .object({
    /** The stored question's id; empty for a new one. */
    id: z.string(),
    text: z.string().trim().min(1, "A question needs its text."),
    kind: z.enum(questionKinds),
    required: z.boolean(),
    optionsText: z.string(),
  })
  .superRefine((question, ctx) => {
    const parsed = questionSchema.safeParse(toQuestion(question));
    if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: [issue.path[0] === "options" ? "optionsText" : String(issue.path[0] ?? "text")], message: issue.message });
  });

export const requestTypeFormSchema = z
  .object({
    title: z.string().trim().min(1, "A request type needs a title.").max(200),
    agencyId: z.string().regex(/^\d+$/, "Choose the agency."),
    enabled: z.boolean(),
    autoAssignEmail: z
      .string()
      .trim()
      .toLowerCase()
      .refine((value) => value === "" || z.email().safeParse(value).success, "Not an e-mail address."),
    questions: z.array(questionFormSchema),
  })
  .superRefine((values, ctx) => {
    const seen = new Set<string>();
    values.questions.forEach((question, index) => {
      const key = question.text.trim();
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["questions", index, "text"], message: "Two questions of one request type cannot have the same text." });
      seen.add(key);
    });
  });

export type QuestionFormValues = z.infer<typeof questionFormSchema>;
export type RequestTypeFormValues = z.infer<typeof requestTypeFormSchema>;

export function optionsOf(optionsText: string): string[] {
  return optionsText
    .split("\n")
    .map((option) => option.trim())
    .filter(Boolean);
}

/** A form question as the configuration file has it (options only for the kinds that take them). */
export function toQuestion(question: Pick<QuestionFormValues, "text" | "kind" | "required" | "optionsText">) {
  const takesOptions = question.kind === "select" || question.kind === "multivaluelist";
  return { text: question.text.trim(), kind: question.kind, required: question.required, ...(takesOptions ? { options: optionsOf(question.optionsText) } : {}) };
}
