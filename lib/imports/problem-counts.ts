import "server-only";
import { getDb, type Db, type Tx } from "../db/client.ts";
import type { Problem } from "../engine/problem.ts";

// An import's row problems counted by file, code, column and severity (ImportProblemCount).
// Ingest adds every row's problems; an edit subtracts the row's old problems and adds its new
// ones. Counts, charts and filters read this table and never scan the rows.

export type ProblemCount = { code: string; column: string | null; severity: "error" | "warning"; count: number };

const SEP = "\u0000";

/** Counts gathered in memory (bounded by the distinct keys, not the rows) and written in one statement. */
export class ProblemTally {
  private readonly counts = new Map<string, number>();

  add(fileId: number, problems: readonly Problem[], sign: 1 | -1 = 1): void {
    for (const problem of problems) {
      if (problem.row === 0) continue; // whole-file problems stay in the report
      const key = `${fileId}${SEP}${problem.code}${SEP}${problem.column ?? ""}${SEP}${problem.severity}`;
      this.counts.set(key, (this.counts.get(key) ?? 0) + sign);
    }
  }

  get size(): number {
    return this.counts.size;
  }

  /** The same move as `write`, as statements for a pg client's transaction (the set-based fixes, ADR 0013); forgets the tally. */
  statements(importJobId: number): { text: string; values: unknown[] }[] {
    const entries = [...this.counts].filter(([, count]) => count !== 0);
    this.counts.clear();
    if (!entries.length) return [];
    const parts = entries.map(([key]) => key.split(SEP));
    return [
      {
        text: `INSERT INTO "ImportProblemCount" ("importJobId", "importFileId", code, "column", severity, count)
               SELECT $1, u.f, u.c, u.col, u.s, u.n FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::int[]) AS u(f, c, col, s, n)
               ON CONFLICT ("importFileId", code, "column", severity) DO UPDATE SET count = "ImportProblemCount".count + EXCLUDED.count`,
        values: [importJobId, parts.map((p) => Number(p[0])), parts.map((p) => p[1]!), parts.map((p) => p[2]!), parts.map((p) => p[3]!), entries.map(([, count]) => count)],
      },
      { text: `DELETE FROM "ImportProblemCount" WHERE "importJobId" = $1 AND count <= 0`, values: [importJobId] },
    ];
  }

  /** Moves the stored counts by the tally, then forgets it. */
  async write(importJobId: number, db: Db | Tx = getDb()): Promise<void> {
    const entries = [...this.counts].filter(([, count]) => count !== 0);
    this.counts.clear();
    if (!entries.length) return;
    const parts = entries.map(([key]) => key.split(SEP));
    await db.$executeRaw`
      INSERT INTO "ImportProblemCount" ("importJobId", "importFileId", code, "column", severity, count)
      SELECT ${importJobId}, u.f, u.c, u.col, u.s, u.n
        FROM unnest(${parts.map((p) => Number(p[0]))}::int[], ${parts.map((p) => p[1]!)}::text[], ${parts.map((p) => p[2]!)}::text[],
                    ${parts.map((p) => p[3]!)}::text[], ${entries.map(([, count]) => count)}::int[]) AS u(f, c, col, s, n)
      ON CONFLICT ("importFileId", code, "column", severity) DO UPDATE SET count = "ImportProblemCount".count + EXCLUDED.count`;
    await db.$executeRaw`DELETE FROM "ImportProblemCount" WHERE "importJobId" = ${importJobId} AND count <= 0`;
  }
}

/** The import's row problems by code and column (all files), most frequent first. */
export async function countProblems(jobId: number, db: Db = getDb()): Promise<ProblemCount[]> {
  const rows = await db.$queryRaw<{ code: string; column: string; severity: "error" | "warning"; count: bigint }[]>`
    SELECT code, "column", severity, sum(count) AS count FROM "ImportProblemCount"
     WHERE "importJobId" = ${jobId} GROUP BY 1, 2, 3 ORDER BY 4 DESC, 1, 2`;
  return rows.map((row) => ({ code: row.code, column: row.column === "" ? null : row.column, severity: row.severity, count: Number(row.count) }));
}
