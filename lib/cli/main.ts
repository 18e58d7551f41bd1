import { Command, CommanderError } from "commander";
import { UsageError, exitCodes } from "./cli-errors.ts";

type Register = (program: Command, setExitCode: (code: number) => void) => void;

// Each command family loads only when asked for: `validate` works offline and should not pay for
// loading Prisma and the database code (about half a second) on every run.
const commandFamilies: { names: string[]; load: () => Promise<Register> }[] = [
  { names: ["validate", "error-report"], load: async () => (await import("./commands/validate.ts")).registerValidateCommands },
  { names: ["convert"], load: async () => (await import("./commands/convert.ts")).registerConvertCommands },
  { names: ["org"], load: async () => (await import("./commands/org.ts")).registerOrgCommands },
  { names: ["db"], load: async () => (await import("./commands/db.ts")).registerDbCommands },
  { names: ["schema"], load: async () => (await import("./commands/json-schema.ts")).registerSchemaCommands },
  { names: ["import", "jobs", "users"], load: async () => (await import("./commands/import.ts")).registerImportCommands },
  { names: ["export"], load: async () => (await import("./commands/export.ts")).registerExportCommands },
  { names: ["accounts"], load: async () => (await import("./commands/accounts.ts")).registerAccountsCommands },
];

/** Runs the bulk-import CLI and resolves to its exit status (0 ok, 1 validation errors, 2 usage or input). */
export async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name("bulk-import")
    .description("Validate, convert and import 311 service-request history into the SeeClickFix 311 CRM.")
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  let exitCode: number = exitCodes.ok;
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  // The family of the command asked for; all of them for --help, `help` or an unknown command.
  const asked = commandFamilies.filter((family) => family.names.includes(argv[0] ?? ""));
  for (const family of asked.length ? asked : commandFamilies) (await family.load())(program, setExitCode);

  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`bulk-import: ${error.message}\n`);
      return exitCodes.usage;
    }
    process.stderr.write(`bulk-import: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.BULK_IMPORT_DEBUG) console.error(error);
    return exitCodes.usage;
  }
}
