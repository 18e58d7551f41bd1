import "server-only";
import { getDb, type Db } from "../db/client.ts";
import { csvLine } from "../engine/write/csv-writer.ts";

// The guest users an import created (reporters whose email matched no user). The import sends
// no email; this list is for the later invitation task (`bulk-import users --import ID`).

export async function listImportCreatedUsers(importJobId: number, db: Db = getDb()) {
  const users = await db.user.findMany({
    where: { createdByImportId: importJobId },
    orderBy: { email: "asc" },
    select: { id: true, email: true, name: true, invitationState: true, createdAt: true, _count: { select: { reportedIssues: true } } },
  });
  return users.map((user) => ({ id: user.id, email: user.email, name: user.name, invitationState: user.invitationState, createdAt: user.createdAt, issuesReported: user._count.reportedIssues }));
}

export const newUsersCsvHeader = ["email", "name", "invitation_state", "created_at", "import_id", "issues_reported"] as const;

export function newUsersCsv(importJobId: number, users: Awaited<ReturnType<typeof listImportCreatedUsers>>): string {
  return (
    csvLine(newUsersCsvHeader, { formulaSafe: true }) +
    users.map((user) => csvLine([user.email, user.name ?? "", user.invitationState, user.createdAt.toISOString(), String(importJobId), String(user.issuesReported)], { formulaSafe: true })).join("")
  );
}
