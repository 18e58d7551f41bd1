import { describe, expect, it } from "vitest";
import { cannotWrite, describeFsError, parseImportNumber, UsageError } from "./cli-errors.ts";

const fsError = (code: string, message = `${code}: some syscall's words, open 'x'`) => Object.assign(new Error(message), { code, syscall: "open" });

describe("describeFsError", () => {
  it.each([
    ["ENOENT", false, "no such file"],
    ["ENOENT", true, "no such directory"],
    ["EACCES", true, "permission denied"],
    ["EPERM", false, "permission denied"],
    ["EISDIR", false, "it is a directory"],
    ["ENOTDIR", true, "a part of its path is not a directory"],
    ["ENOSPC", true, "the disk is full"],
    ["EROFS", true, "the file system is read-only"],
    ["EIO", false, "EIO: some syscall's words, open 'x'"],
  ])("%s (writing: %s): %s", (code, writing, words) => {
    expect(describeFsError(fsError(code), writing)).toBe(words);
  });

  it("names the file it cannot write, as a usage error", () => {
    const error = cannotWrite("out/report.csv", fsError("ENOENT", "ENOENT: no such file or directory, copyfile 'a.csv' -> 'out/report.csv'"));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe("cannot write out/report.csv: no such directory");
  });
});

describe("parseImportNumber", () => {
  it.each([
    ["12", 12],
    ["#12", 12],
    [" 7 ", 7],
    ["2147483647", 2147483647],
  ])("%s is import %i", (text, id) => {
    expect(parseImportNumber(text)).toBe(id);
  });

  it.each(["0", "0x10", "1e3", "-1", "2147483648", "99999999999999999999", "", "#"])("%s is not an import number", (text) => {
    expect(() => parseImportNumber(text)).toThrow(UsageError);
  });
});
