import { Command, CommanderError } from "commander";
import { registerValidateCommands } from "./commands/validate.ts";
import { registerOrgCommands } from "./commands/org.ts";
import { registerDbCommands } from "./commands/db.ts";
import { registerSchemaCommands } from "./commands/json-schema.ts";
import { registerImportCommands } from "./commands/import.ts";
import { registerExportCommands } from "./commands/export.ts";
import { UsageError, exitCodes } from "./cli-errors.ts";

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
  registerValidateCommands(program, setExitCode);
  registerOrgCommands(program, setExitCode);
  registerDbCommands(program, setExitCode);
  registerSchemaCommands(program, setExitCode);
  registerImportCommands(program, setExitCode);
  registerExportCommands(program, setExitCode);

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
