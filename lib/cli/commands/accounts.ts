import type { Command } from "commander";
import * as z from "zod";
import { generatePassword, listAccounts, minPasswordLength, removeAccount, setPasswordAccount } from "../../auth/accounts.ts";
import { withDb } from "../with-db.ts";
import { UsageError, exitCodes } from "../cli-errors.ts";

// `bulk-import accounts add|list|remove`: who may sign in to the app (staff: admin, csm). Apart from
// `users`, which exports the guest users an import created in the CRM.

const addSchema = z.object({
  email: z.string().trim().toLowerCase().email("is not an e-mail address"),
  role: z.enum(["admin", "csm"], { error: "--role must be admin or csm" }),
  name: z.string().trim().min(1).max(200).optional(),
});

/** Everything on stdin, without its final line break (`echo secret | bulk-import accounts add …`). */
async function readPasswordFromStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += String(chunk);
  return text.replace(/\r?\n$/, "");
}

async function addAccount(email: string, options: { role?: string; name?: string; passwordStdin?: boolean }): Promise<void> {
  const parsed = addSchema.safeParse({ email, role: options.role, name: options.name });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(issue.path[0] === "email" ? `${email} ${issue.message}` : issue.message);
  }
  const given = options.passwordStdin ? await readPasswordFromStdin() : null;
  if (given !== null && given.length < minPasswordLength) throw new UsageError(`the password needs at least ${minPasswordLength} characters`);
  const password = given ?? generatePassword();
  const user = await withDb((db) => setPasswordAccount(db, { email: parsed.data.email, name: parsed.data.name, role: parsed.data.role, password }));
  process.stderr.write(`${user.email} can sign in as ${parsed.data.role}; any session it had has ended.\n`);
  // The generated password goes to stdout alone, so a script can capture it.
  if (given === null) process.stdout.write(`${password}\n`);
}

export function registerAccountsCommands(program: Command, setExitCode: (code: number) => void): void {
  const accounts = program.command("accounts").description("Who may sign in to the app: add (or reset the password of), list and remove staff accounts.");

  accounts
    .command("add")
    .description("Create a staff account, or give an existing user a role and a new password. Prints a generated password unless --password-stdin.")
    .argument("<email>", "the e-mail address to sign in with")
    .requiredOption("--role <role>", "admin (organizations and users) or csm (imports for any organization)")
    .option("--name <name>", "the name shown in the app")
    .option("--password-stdin", "read the password from standard input instead of generating one")
    .action(async (email: string, options: { role?: string; name?: string; passwordStdin?: boolean }) => {
      await addAccount(email, options);
      setExitCode(exitCodes.ok);
    });

  accounts
    .command("list")
    .description("Everyone who has a role: e-mail, role, whether a password is set, last sign-in.")
    .action(async () => {
      const rows = await withDb((db) => listAccounts(db));
      const lines = rows.map((row) => [row.email, row.role, row.hasPassword ? "password" : "no password", row.lastSignIn ? row.lastSignIn.toISOString() : "never signed in", row.name ?? ""].join("\t"));
      process.stdout.write(lines.length ? `${lines.join("\n")}\n` : "");
      if (!lines.length) process.stderr.write("No accounts.\n");
      setExitCode(exitCodes.ok);
    });

  accounts
    .command("remove")
    .description("End an account's sign-in and sessions; the user stays in the CRM (issues, imports).")
    .argument("<email>", "the account's e-mail address")
    .action(async (email: string) => {
      const removed = await withDb((db) => removeAccount(db, email));
      if (!removed) throw new UsageError(`no account with e-mail ${email.trim().toLowerCase()}`);
      process.stderr.write(`${email.trim().toLowerCase()} can no longer sign in.\n`);
      setExitCode(exitCodes.ok);
    });
}
