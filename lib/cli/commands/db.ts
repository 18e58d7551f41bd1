import type { Command } from "commander";
import { createMigration, migrateDatabase } from "../../db/migrate.ts";
import { resolveDatabase } from "../../db/resolve-database.ts";
import { seedDemoOrganization } from "../../crm/seed.ts";
import { withDb } from "../with-db.ts";
import { exitCodes } from "../cli-errors.ts";

export function registerDbCommands(program: Command, setExitCode: (code: number) => void): void {
  const db = program.command("db").description("Database maintenance: migrations (offline, through the wasm schema engine) and the demo seed.");
  const log = (line: string) => process.stderr.write(`${line}\n`);

  db.command("migrate")
    .description("Apply pending migrations from prisma/migrations.")
    .action(async () => {
      const database = await resolveDatabase({ log, migrate: false });
      try {
        const result = await migrateDatabase(database.url, { log });
        log(result.applied.length ? `Applied ${result.applied.length} migration(s).` : `Database is up to date (${result.alreadyApplied} migrations).`);
      } finally {
        await database.release();
      }
      setExitCode(exitCodes.ok);
    });

  db.command("diff")
    .description("Development: write a migration for the changes in prisma/schema.prisma since the last one.")
    .requiredOption("--name <name>", "a short name for the migration, e.g. add_row_index")
    .action(async (options: { name: string }) => {
      const database = await resolveDatabase({ log, migrate: false });
      try {
        const result = await createMigration(database.url, options.name);
        log(result.created ? `Wrote prisma/migrations/${result.created}/migration.sql` : "The schema matches the migrations: nothing to write.");
      } finally {
        await database.release();
      }
      setExitCode(exitCodes.ok);
    });

  db.command("seed")
    .description("Create the demo organization (City of Springfield) if it does not exist.")
    .action(async () => {
      const created = await withDb((client) => seedDemoOrganization(client));
      log(created ? "Seeded the demo organization springfield." : "The demo organization springfield already exists.");
      setExitCode(exitCodes.ok);
    });
}
