export const exitCodes = { ok: 0, validationErrors: 1, usage: 2 } as const;

/** An expected failure of the user's input: printed as one line, exit status 2, no stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * An import number from the command line ("12" or "#12"): digits only, within Postgres `integer`.
 * Anything else ("0x10", "1e3", 99999999999999999999) is a usage error before any database is asked.
 */
export function parseImportNumber(value: string): number {
  const digits = value.trim().replace(/^#/, "");
  const id = /^\d{1,10}$/.test(digits) ? Number(digits) : NaN;
  if (!(id >= 1 && id <= 2_147_483_647)) throw new UsageError(`"${value}" is not an import number (a whole number from 1 to 2147483647)`);
  return id;
}
