import type * as z from "zod";

/** A problem in a parsed document, with a readable JSON path (`requestTypes[2].questions[0].kind`). */
export type SchemaProblem = { path: string; message: string };

/** Parses `input` with `schema` and lists every problem (zod at the boundary: files people write). */
export function parseWithSchema<T extends z.ZodType>(schema: T, input: unknown): { ok: true; value: z.infer<T> } | { ok: false; problems: SchemaProblem[] } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({
      path: issue.path.reduce<string>((acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), ""),
      message: issue.message,
    })),
  };
}
