export const exitCodes = { ok: 0, validationErrors: 1, usage: 2 } as const;

/** An expected failure of the user's input: printed as one line, exit status 2, no stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
