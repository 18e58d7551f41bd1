import { writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Command } from "commander";
import { orgConfigSchema } from "../../org/org-config-schema.ts";
import { exitCodes } from "../cli-errors.ts";
import { projectRoot } from "../../utils/project-root.ts";

export const orgConfigJsonSchemaPath = path.join(projectRoot, "docs", "org-config.schema.json");

/** The organization file's JSON Schema, generated from the one zod schema. */
export function orgConfigJsonSchema(): string {
  const schema = z.toJSONSchema(orgConfigSchema, { io: "input", unrepresentable: "any" });
  return `${JSON.stringify({ ...schema, title: "bulk-import organization configuration", $id: "https://bulk-import.example/org-config.schema.json" }, null, 2)}\n`;
}

export function registerSchemaCommands(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("schema")
    .description("Write the organization configuration's JSON Schema (docs/org-config.schema.json).")
    .option("-o, --output <file>", "where to write it", orgConfigJsonSchemaPath)
    .action(async (options: { output: string }) => {
      await writeFile(options.output, orgConfigJsonSchema());
      process.stderr.write(`Wrote ${path.relative(process.cwd(), options.output)}\n`);
      setExitCode(exitCodes.ok);
    });
}
