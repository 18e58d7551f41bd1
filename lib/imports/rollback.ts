import "server-only";
import { getDb, type Db } from "../db/client.ts";
import { describeImportStatus, rollbackableStatuses } from "../jobs/import-status.ts";
import { recordAuditEvent } from "../auth/audit-log.ts";

/**
 * Rolls back one import in ONE transaction: the issues it created with their events, comments
 * and answers, the guest users it created that have nothing else, and its rows' links.
 *
 * Refused when any of its issues changed after the import (docs/import-executor.md, "Roll
 * back"): an issue counts as changed when
 *   - its `updatedAt` is later than its `importedAt` (the import writes both with the same time;
 *     every CRM change to an issue, its answers included, moves `updatedAt`), or
 *   - it has an event or a comment the import did not write (`importJobId` is another import
 *     or null), whoever wrote it, the generic user included.
 * The import's issues are locked first, so nothing can change them between the check and the
 * delete. Only a finished import (completed, cancelled or failed) can be rolled back.
 */

export type RollbackResult =
  | { ok: true; issuesDeleted: number; usersDeleted: number }
  | { ok: false; reason: string; changedIssueIds?: number[] };

type ChangeRow = { why: "updated" | "event" | "comment"; n: number; sample: number[] | null };

export async function rollbackImportJob(importJobId: number, actorId: number | null, db: Db = getDb()): Promise<RollbackResult> {
  return db.$transaction(
    async (tx): Promise<RollbackResult> => {
      const jobs = await tx.$queryRawUnsafe<{ status: string }[]>(`SELECT status::text FROM "ImportJob" WHERE id = $1 FOR NO KEY UPDATE`, importJobId);
      const status = jobs[0]?.status;
      if (!status) return { ok: false, reason: `There is no import #${importJobId}.` };
      if (status === "rolled_back") return { ok: false, reason: `Import #${importJobId} was already rolled back.` };
      if (!rollbackableStatuses.has(status)) {
        return { ok: false, reason: `Import #${importJobId} is ${describeImportStatus(status)}: only a finished import can be rolled back (cancel it first).` };
      }

      await tx.$queryRawUnsafe(`SELECT count(*)::int AS n FROM (SELECT id FROM "Issue" WHERE "importJobId" = $1 ORDER BY id FOR UPDATE) AS locked`, importJobId);
      const changes = await tx.$queryRawUnsafe<ChangeRow[]>(
        `SELECT 'updated' AS why, count(*)::int AS n, (array_agg(id ORDER BY id))[1:5] AS sample
           FROM "Issue" WHERE "importJobId" = $1 AND "updatedAt" > "importedAt"
         UNION ALL
         SELECT 'event', count(DISTINCT e."issueId")::int, (array_agg(DISTINCT e."issueId" ORDER BY e."issueId"))[1:5]
           FROM "IssueEvent" e JOIN "Issue" i ON i.id = e."issueId"
           WHERE i."importJobId" = $1 AND e."importJobId" IS DISTINCT FROM $1
         UNION ALL
         SELECT 'comment', count(DISTINCT c."issueId")::int, (array_agg(DISTINCT c."issueId" ORDER BY c."issueId"))[1:5]
           FROM "Comment" c JOIN "Issue" i ON i.id = c."issueId"
           WHERE i."importJobId" = $1 AND c."importJobId" IS DISTINCT FROM $1`,
        importJobId,
      );
      const found = changes.filter((change) => change.n > 0);
      if (found.length) {
        const what = { updated: "were updated", event: "have events the import did not write", comment: "have comments the import did not write" };
        const parts = found.map((change) => `${change.n} ${what[change.why]} (${(change.sample ?? []).map((id) => `#${id}`).join(", ")}${change.n > 5 ? ", …" : ""})`);
        const ids = [...new Set(found.flatMap((change) => change.sample ?? []))].sort((a, b) => a - b);
        return {
          ok: false,
          reason: `Import #${importJobId} cannot be rolled back: some of its issues changed after the import: ${parts.join("; ")}. Nothing was removed.`,
          changedIssueIds: ids,
        };
      }

      // Children first, set-wise (faster than the per-row cascade), then the issues.
      await tx.$executeRawUnsafe(`DELETE FROM "IssueEvent" e USING "Issue" i WHERE e."issueId" = i.id AND i."importJobId" = $1`, importJobId);
      await tx.$executeRawUnsafe(`DELETE FROM "Comment" c USING "Issue" i WHERE c."issueId" = i.id AND i."importJobId" = $1`, importJobId);
      await tx.$executeRawUnsafe(`DELETE FROM "Answer" a USING "Issue" i WHERE a."issueId" = i.id AND i."importJobId" = $1`, importJobId);
      const issuesDeleted = await tx.$executeRawUnsafe(`DELETE FROM "Issue" WHERE "importJobId" = $1`, importJobId);

      // Guest users this import created that nothing else refers to.
      const usersDeleted = await tx.$executeRawUnsafe(
        `WITH candidate AS (SELECT id FROM "User" WHERE "createdByImportId" = $1 AND "isGuest"),
         used AS (
           SELECT "reporterId" AS id FROM "Issue" WHERE "reporterId" IN (SELECT id FROM candidate)
           UNION SELECT "assigneeId" FROM "Issue" WHERE "assigneeId" IN (SELECT id FROM candidate)
           UNION SELECT "authorId" FROM "IssueEvent" WHERE "authorId" IN (SELECT id FROM candidate)
           UNION SELECT "authorId" FROM "Comment" WHERE "authorId" IN (SELECT id FROM candidate)
           UNION SELECT "userId" FROM "Membership" WHERE "userId" IN (SELECT id FROM candidate)
           UNION SELECT "genericUserId" FROM "Organization" WHERE "genericUserId" IN (SELECT id FROM candidate)
           UNION SELECT "autoAssignUserId" FROM "RequestType" WHERE "autoAssignUserId" IN (SELECT id FROM candidate)
           UNION SELECT "userId" FROM "ImportRowEdit" WHERE "userId" IN (SELECT id FROM candidate)
           UNION SELECT "createdById" FROM "ImportJob" WHERE "createdById" IN (SELECT id FROM candidate)
           UNION SELECT "queuedById" FROM "ImportJob" WHERE "queuedById" IN (SELECT id FROM candidate)
         )
         DELETE FROM "User" WHERE id IN (SELECT id FROM candidate) AND id NOT IN (SELECT id FROM used WHERE id IS NOT NULL)`,
        importJobId,
      );

      // The import's rows are pending again by themselves: a row is imported while its issue exists.
      const now = new Date();
      await tx.importJob.update({ where: { id: importJobId }, data: { status: "rolled_back", rolledBackAt: now, etaSeconds: null } });
      const summary = `Rolled back the import: removed ${issuesDeleted} issue${issuesDeleted === 1 ? "" : "s"} and ${usersDeleted} guest user${usersDeleted === 1 ? "" : "s"}`;
      await recordAuditEvent({ action: "import.rolled_back", actorId, importJobId, summary, detail: { issuesDeleted, usersDeleted } }, tx);
      return { ok: true, issuesDeleted, usersDeleted };
    },
    { timeout: 10 * 60_000, maxWait: 30_000 },
  );
}
