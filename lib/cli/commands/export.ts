import type { Command } from "commander";
import { exportIssues } from "../../imports/export.ts";
import { withDb } from "../with-db.ts";
import { UsageError, cannotWrite, exitCodes, parseImportNumber } from "../cli-errors.ts";

/**
 * `export --org SLUG [--import ID] -o OUT.csv` (contract §4): the organization's issues back in
 * the canonical format. When two exported request types ask the same question text (which one
 * file cannot carry: `ambiguous_question`), the export is split: OUT.csv, OUT-2.csv, …
 */
export function registerExportCommands(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("export")
    .description(
      "Write an organization's issues (or one import's) in the canonical format; importing the file into an organization with the same configuration gives the same issues. " +
        "Request types that share a question text go to separate files (OUT.csv, OUT-2.csv, …).",
    )
    .requiredOption("--org <slug>", "the organization")
    .option("--import <id>", "only the issues of this import")
    .requiredOption("-o, --output <out.csv>", "the CSV file to write")
    .option("--formula-safe", "neutralise cells a spreadsheet would run as formulas (=, +, -, @, tab, CR: a leading '), for a copy to open in a spreadsheet; such a file no longer round-trips")
    .action(async (options: { org: string; import?: string; output: string; formulaSafe?: boolean }) => {
      const importJobId = options.import === undefined ? undefined : parseImportNumber(options.import);
      const result = await withDb((db) =>
        exportIssues({ organizationSlug: options.org, outputPath: options.output, formulaSafe: options.formulaSafe ?? false, ...(importJobId !== undefined ? { importJobId } : {}) }, db).catch((error: NodeJS.ErrnoException) => {
          if (error.syscall) throw cannotWrite(options.output, error);
          throw error;
        }),
      );
      if (!result.ok) throw new UsageError(result.reason);
      if (result.files.length > 1) {
        process.stderr.write(`Some request types share a question text, so the export is split into ${result.files.length} files (one file cannot carry a shared question):\n`);
      }
      for (const file of result.files) {
        const types = file.requestTypes.length ? ` (${file.requestTypes.join(", ")})` : "";
        process.stderr.write(`Wrote ${file.issues} issue${file.issues === 1 ? "" : "s"} to ${file.path}${types}.\n`);
      }
      setExitCode(exitCodes.ok);
    });
}
