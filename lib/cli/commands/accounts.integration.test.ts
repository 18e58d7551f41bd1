import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { verifyPassword } from "better-auth/crypto";
import { useTestDb } from "../../testing/use-test-db.ts";
import { runCli } from "../testing/run-cli.ts";

const { db, url } = useTestDb();
const previousUrl = process.env.DATABASE_URL;

beforeAll(() => {
  process.env.DATABASE_URL = url;
});

afterAll(() => {
  process.env.DATABASE_URL = previousUrl;
});

async function passwordHash(email: string): Promise<string> {
  const user = await db.user.findUniqueOrThrow({ where: { email }, include: { accounts: true } });
  return user.accounts[0]!.password!;
}

/** Runs the CLI with `text` on its standard input. */
async function runWithStdin(argv: string[], text: string) {
  const stdin = vi.spyOn(process, "stdin", "get").mockReturnValue(Readable.from([text]) as unknown as typeof process.stdin);
  try {
    return await runCli(argv);
  } finally {
    stdin.mockRestore();
  }
}

describe("bulk-import accounts", () => {
  it("add generates a password, prints it alone on stdout, and it signs in", async () => {
    const result = await runCli(["accounts", "add", "Dana@Example.com", "--role", "csm", "--name", "Dana"]);
    expect(result.code).toBe(0);
    const password = result.stdout.trim();
    expect(password).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(result.stderr).toContain("dana@example.com can sign in as csm");
    expect(await verifyPassword({ hash: await passwordHash("dana@example.com"), password })).toBe(true);
    expect(await db.user.findUnique({ where: { email: "dana@example.com" } })).toMatchObject({ name: "Dana", role: "csm", isStaff: true });
  });

  it("add --password-stdin takes the password from standard input and prints none", async () => {
    const result = await runWithStdin(["accounts", "add", "root@example.com", "--role", "admin", "--password-stdin"], "a long admin password\n");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(await verifyPassword({ hash: await passwordHash("root@example.com"), password: "a long admin password" })).toBe(true);
    const short = await runWithStdin(["accounts", "add", "root@example.com", "--role", "admin", "--password-stdin"], "short\n");
    expect(short.code).toBe(2);
    expect(short.stderr).toContain("at least 12 characters");
  });

  it.each([
    [["accounts", "add", "x@example.com", "--role", "customer"], "--role must be admin or csm"],
    [["accounts", "add", "not-an-address", "--role", "csm"], "not-an-address is not an e-mail address"],
    [["accounts", "add", "x@example.com"], "--role"],
  ])("add refuses %j with exit 2", async (argv, message) => {
    const result = await runCli(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it("list shows each account's role and whether it has a password", async () => {
    const result = await runCli(["accounts", "list"]);
    expect(result.code).toBe(0);
    const rows = result.stdout.trim().split("\n").map((line) => line.split("\t"));
    expect(rows).toContainEqual(["dana@example.com", "csm", "password", "never signed in", "Dana"]);
    expect(rows.find((row) => row[0] === "root@example.com")?.slice(0, 3)).toEqual(["root@example.com", "admin", "password"]);
  });

  it("remove ends the sign-in and keeps the user; an unknown address exits 2", async () => {
    const result = await runCli(["accounts", "remove", "DANA@example.com"]);
    expect(result.code).toBe(0);
    expect(await db.account.count({ where: { user: { email: "dana@example.com" } } })).toBe(0);
    expect(await db.user.findUnique({ where: { email: "dana@example.com" } })).toMatchObject({ role: null });
    expect((await runCli(["accounts", "list"])).stdout).not.toContain("dana@example.com");
    const unknown = await runCli(["accounts", "remove", "dana@example.com"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no account with e-mail dana@example.com");
  });
});
