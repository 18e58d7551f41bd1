import { writeFile } from "node:fs/promises";
import path from "node:path";
import * as z from "zod";
import type { Command } from "commander";
import { orgConfigSchema } from "../../org/org-config-schema.ts";
import { sourceProfileSchema } from "../../profiles/profile-schema.ts";
import { exitCodes } from "../cli-errors.ts";
import { projectRoot } from "../../utils/project-root.ts";

export const orgConfigJsonSchemaPath = path.join(projectRoot, "docs", "org-config.schema.json");

/** The organization file's JSON Schema, generated from the one zod schema. */
export function orgConfigJsonSchema(): string {
  const schema = z.toJSONSchema(orgConfigSchema, { io: "input", unrepresentable: "any" });
  return `${JSON.stringify({ ...schema, title: "bulk-import organization configuration", $id: "https://bulk-import.example/org-config.schema.json" }, null, 2)}\n`;
}

export const profileJsonSchemaPath = path.join(projectRoot, "docs", "profile.schema.json");

/** The source profile's JSON Schema (contract §7), generated from the one zod schema. */
export function profileJsonSchema(): string {
  const schema = z.toJSONSchema(sourceProfileSchema, { io: "input", unrepresentable: "any" });
  return `${JSON.stringify({ ...schema, title: "bulk-import source profile", $id: "https://bulk-import.example/profile.schema.json" }, null, 2)}\n`;
}

export function registerSchemaCommands(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("schema")
    .description("Write the JSON Schemas of the organization configuration (docs/org-config.schema.json) and of source profiles (docs/profile.schema.json).")
    .option("-o, --output <file>", "where to write the organization configuration's", orgConfigJsonSchemaPath)
    .option("--profile-output <file>", "where to write the source profile's", profileJsonSchemaPath)
    .action(async (options: { output: string; profileOutput: string }) => {
      await writeFile(options.output, orgConfigJsonSchema());
      await writeFile(options.profileOutput, profileJsonSchema());
      process.stderr.write(`Wrote ${path.relative(process.cwd(), options.output)} and ${path.relative(process.cwd(), options.profileOutput)}\n`);
      setExitCode(exitCodes.ok);
    });
}
