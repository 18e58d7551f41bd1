export const exitCodes = { ok: 0, validationErrors: 1, usage: 2 } as const;

/** An expected failure of the user's input: printed as one line, exit status 2, no stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * A file-system failure in words a user can act on, not the syscall's ("ENOENT: no such file or
 * directory, copyfile 'a.csv' -> 'out/b.csv'"). Writing, a missing path is a missing directory.
 */
export function describeFsError(error: NodeJS.ErrnoException, writing = false): string {
  switch (error.code) {
    case "ENOENT":
      return writing ? "no such directory" : "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a directory";
    case "ENOTDIR":
      return "a part of its path is not a directory";
    case "ENOSPC":
      return "the disk is full";
    case "EROFS":
      return "the file system is read-only";
    default:
      return error.message;
  }
}

/** A failure to write `file` as the CLI reports it: one line naming the file, exit status 2. */
export function cannotWrite(file: string, error: NodeJS.ErrnoException): UsageError {
  return new UsageError(`cannot write ${file}: ${describeFsError(error, true)}`);
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
