import { describe, expect, it } from "vitest";
import { runCli } from "../testing/run-cli.ts";

// An id that names no import, or cannot, is a usage error (exit 2) with a plain message, before
// any database is asked (a Postgres `integer` overflow once dumped Prisma's internals).
describe("import numbers on the command line", () => {
  it.each([["jobs", "status", "99999999999999"], ["jobs", "status", "99999999999999999999"], ["jobs", "status", "0x10"], ["jobs", "cancel", "1e3"], ["export", "--org", "springfield", "--import", "99999999999999999999", "-o", "-"], ["jobs", "cancel", "0"], ["jobs", "rollback", "-3"], ["jobs", "status", "12abc"], ["users", "--import", "2147483648", "-o", "-"]])("%s %s %s", async (...argv) => {
    const result = await runCli(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is not an import number/);
    expect(result.stderr).not.toMatch(/prisma|at .*\(/i);
  });
});
