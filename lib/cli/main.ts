import { Command, CommanderError } from "commander";
import { UsageError, exitCodes } from "./cli-errors.ts";

type Register = (program: Command, setExitCode: (code: number) => void) => void;
export type CommandFamily = { names: string[]; load: () => Promise<Register> };

// Each command family loads only when asked for: `validate` works offline and should not pay for
// loading Prisma and the database code (about half a second) on every run.
const commandFamilies: CommandFamily[] = [
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
  try {
    const refused = await registerCommands(program, argv, setExitCode);
    if (refused !== null) {
      process.stderr.write(`bulk-import: ${refused}\n`);
      return exitCodes.usage;
    }
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

/**
 * The commands' families into `program`: the family of the command asked for, all of them for
 * --help, `help` or an unknown command. A family whose code needs the generated Prisma client
 * cannot load without it (`npm install` makes it: postinstall; skipped with --ignore-scripts):
 * asked for, it is refused with a message (returned); else it is left out of the help, which
 * says why. Offline commands (validate, convert) never need it.
 */
export async function registerCommands(program: Command, argv: readonly string[], setExitCode: (code: number) => void, families: readonly CommandFamily[] = commandFamilies): Promise<string | null> {
  const asked = families.filter((family) => family.names.includes(argv[0] ?? ""));
  const unavailable: string[] = [];
  for (const family of asked.length ? asked : families) {
    let register: Register;
    try {
      register = await family.load();
    } catch (error) {
      if (!isMissingPrismaClient(error)) throw error;
      if (asked.length) return `${argv[0]} needs the database client, which is not generated: run \`npx prisma generate\` (npm install runs it)`;
      unavailable.push(...family.names);
      continue;
    }
    register(program, setExitCode);
  }
  if (unavailable.length) {
    program.addHelpText("after", `\nNot available until the database client is generated (\`npx prisma generate\`; npm install runs it): ${unavailable.join(", ")}.`);
  }
  return null;
}

/** Whether `error` is the generated Prisma client (lib/generated) missing from an import. */
export function isMissingPrismaClient(error: unknown): boolean {
  if (!(error instanceof Error) || (error as { code?: unknown }).code !== "ERR_MODULE_NOT_FOUND") return false;
  const where = String((error as { url?: unknown }).url ?? error.message);
  return /[\\/]lib[\\/]generated[\\/]/.test(where);
}

