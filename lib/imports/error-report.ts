import "server-only";
import { getDb, type Db } from "../db/client.ts";
import type { Problem } from "../engine/problem.ts";
import { formatImportErrors, writeErrorReportCsv, type ErrorReportRow } from "../engine/report/error-report-csv.ts";

// The error-report CSV of a stored import (contract §6), as the CLI writes it for files: the rows
// with errors, every column in the original order (the union of the files' headers when several
// files differ), their current values, and `import_errors` last. Streams in batches.

const BATCH = 2000;

/** Every column of the files, first seen first (linear: a header may have 100k columns). */
export function unionHeader(headers: readonly (readonly string[])[]): string[] {
  return [...new Set(headers.flat())];
}

/** Each column's first position in `header`. */
function firstPositions(header: readonly string[]): Map<string, number> {
  const positions = new Map<string, number>();
  header.forEach((name, at) => positions.has(name) || positions.set(name, at));
  return positions;
}

export async function errorReportCsv(jobId: number, db: Db = getDb()): Promise<{ fileName: string; chunks: AsyncGenerator<string>; rows: number }> {
  const job = await db.importJob.findUniqueOrThrow({ where: { id: jobId }, omit: { report: true }, include: { files: { where: { kind: "data" }, orderBy: { position: "asc" } } } });
  const header = unionHeader(job.files.map((file) => file.header));
  const inUnion = firstPositions(header);
  const positions = new Map(
    job.files.map((file) => {
      const own = firstPositions(file.header);
      return [file.id, file.header.map((name, index) => (own.get(name) === index ? inUnion.get(name)! : -1))];
    }),
  );
  const rows = await db.importRow.count({ where: { importJobId: jobId, errorCount: { gt: 0 } } });

  async function* errorRows(): AsyncGenerator<ErrorReportRow> {
    for (const file of job.files) {
      const layout = positions.get(file.id)!;
      let after = 0;
      for (;;) {
        const batch = await db.importRow.findMany({
          where: { importFileId: file.id, errorCount: { gt: 0 }, row: { gt: after } },
          orderBy: { row: "asc" },
          take: BATCH,
          select: { row: true, values: true, problems: true },
        });
        if (batch.length === 0) break;
        for (const row of batch) {
          const fields = Array<string>(header.length).fill("");
          row.values.forEach((value, index) => {
            const position = layout[index];
            if (position !== undefined && position >= 0) fields[position] = value;
          });
          const errors = (row.problems as unknown as Problem[]).filter((problem) => problem.severity === "error");
          yield { fields, errors: formatImportErrors(errors) };
        }
        after = batch[batch.length - 1]!.row;
      }
    }
  }

  const base = job.files.length === 1 ? job.files[0]!.name.replace(/\.[^.]+$/, "") : `import-${jobId}`;
  return { fileName: `${base}-errors.csv`, chunks: writeErrorReportCsv(header, errorRows()), rows };
}
