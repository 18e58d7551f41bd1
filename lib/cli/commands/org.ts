import { readFile, writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { parseOrgConfig } from "../../org/org-config-schema.ts";
import { applyOrgConfig, dumpOrgConfig } from "../../crm/org-config-store.ts";
import { withDb } from "../with-db.ts";
import { UsageError, exitCodes } from "../cli-errors.ts";

export async function readOrgConfigFile(file: string) {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = parseOrgConfig(json);
  if (!parsed.ok) {
    const lines = parsed.problems.map((problem) => `  ${problem.path || "(top level)"}: ${problem.message}`);
    throw new UsageError(`${file} has ${parsed.problems.length} problem${parsed.problems.length === 1 ? "" : "s"}; nothing was written:\n${lines.join("\n")}`);
  }
  return parsed.config;
}

export function registerOrgCommands(program: Command, setExitCode: (code: number) => void): void {
  const org = program.command("org").description("Load and write organization configurations (contract §1) in the database.");

  org
    .command("apply")
    .description("Create or update an organization from a configuration file. All or nothing: a bad file changes nothing.")
    .argument("<file>", "the organization configuration JSON")
    .action(async (file: string) => {
      const config = await readOrgConfigFile(file);
      const summary = await withDb((db) => applyOrgConfig(config, null, db));
      const slug = config.organization.slug;
      if (summary.organization === "created") process.stderr.write(`Created organization ${slug}.\n`);
      if (summary.changes.length === 0 && summary.organization === "unchanged") process.stderr.write(`Organization ${slug} is up to date: no changes.\n`);
      for (const change of summary.changes) process.stderr.write(`  ${change}\n`);
      for (const note of summary.leftAlone) process.stderr.write(`  left unchanged: ${note}\n`);
      setExitCode(exitCodes.ok);
    });

  org
    .command("dump")
    .description("Write an organization's configuration as JSON (to stdout or -o FILE).")
    .argument("<slug>", "the organization's slug")
    .option("-o, --output <file>", "write to this file instead of stdout")
    .action(async (slug: string, options: { output?: string }) => {
      const config = await withDb((db) => dumpOrgConfig(slug, db));
      if (!config) throw new UsageError(`no organization with slug "${slug}"`);
      const json = `${JSON.stringify(config, null, 2)}\n`;
      if (options.output) await writeFile(options.output, json);
      else process.stdout.write(json);
      setExitCode(exitCodes.ok);
    });
}
