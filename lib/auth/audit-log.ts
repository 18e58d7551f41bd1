import "server-only";
import { getDb, type Db, type Tx } from "../db/client.ts";

// The audit log (ADR 0018): who did what, and when. Every change of an import, of an
// organization's settings, of an invite or of an account writes one AuditEvent (and so does each
// download of an import's data: its error report holds the reporters' contact details), inside the
// change's own transaction where it has one, so a change without its event (or the reverse) never
// commits. Reads give the import's History tab and the organization's Settings history.

/** Every action the log knows; a new kind of change adds its name here. */
export const auditActions = [
  "import.created",
  "file.uploaded",
  "columns.matched",
  "validation.requested",
  "row.edited",
  "edit.undone",
  "fix.applied",
  "fix.undone",
  "error_report.applied",
  "error_report.downloaded",
  "results.downloaded",
  "new_users.downloaded",
  "import.rechecked",
  "import.submitted",
  "import.queued",
  "import.cancelled",
  "import.rolled_back",
  "import.discarded",
  "invite.created",
  "invite.revoked",
  "invite.accepted",
  "account.saved",
  "account.removed",
  "account.signed_in",
  "account.sign_in_failed",
  "account.signed_out",
  "organization.created",
  "organization.updated",
  "boundary.saved",
  "boundary.removed",
  "request_type.created",
  "request_type.updated",
  "settings_file.applied",
  "profile.saved",
] as const;
export type AuditAction = (typeof auditActions)[number];

/** The actions that change an organization's settings (its Settings history). */
export const settingsActions: readonly AuditAction[] = auditActions.filter((action) => /^(?:organization|boundary|request_type|settings_file|profile)\./.test(action));

export type AuditEntry = {
  action: AuditAction;
  /** Null for the command line and the system. */
  actorId: number | null;
  organizationId?: number | null;
  importJobId?: number | null;
  summary: string;
  detail?: Record<string, unknown>;
};

/**
 * Writes one event; pass the transaction of the change it records. An import's event takes the
 * import's organization when none is given, so callers need not look it up.
 */
export async function recordAuditEvent(entry: AuditEntry, db: Db | Tx = getDb()): Promise<void> {
  const { text, values } = auditEventSql(entry);
  await db.$executeRawUnsafe(text, ...values);
}

/** The insert as SQL, also for code that runs its transaction on a plain pg client (the bulk-fix runner). */
export function auditEventSql(entry: AuditEntry): { text: string; values: unknown[] } {
  return {
    text: `INSERT INTO "AuditEvent" (action, "actorId", "organizationId", "importJobId", summary, detail)
           VALUES ($1, $2::int, COALESCE($3::int, (SELECT "organizationId" FROM "ImportJob" WHERE id = $4::int)), $4::int, $5, $6::jsonb)`,
    values: [entry.action, entry.actorId, entry.organizationId ?? null, entry.importJobId ?? null, entry.summary, JSON.stringify(entry.detail ?? {})],
  };
}

export type AuditEventView = { id: string; action: string; summary: string; actor: string; at: Date; detail: unknown };

const actorSelect = { actor: { select: { name: true, email: true } } } as const;

function toView(event: { id: bigint; action: string; summary: string; createdAt: Date; detail: unknown; actor: { name: string | null; email: string } | null; actorId: number | null }): AuditEventView {
  return { id: event.id.toString(), action: event.action, summary: event.summary, actor: actorLabel(event.actor), at: event.createdAt, detail: event.detail };
}

/** "Casey Jones", else the e-mail address; an event with nobody behind it came from the command line or the system. */
export function actorLabel(actor: { name: string | null; email: string } | null): string {
  return actor ? (actor.name ?? actor.email) : "Command line or system";
}

/** An import's events, newest first. */
export async function listImportAuditEvents(importJobId: number, db: Db = getDb(), take = 200): Promise<AuditEventView[]> {
  const events = await db.auditEvent.findMany({ where: { importJobId }, orderBy: { id: "desc" }, take, include: actorSelect });
  return events.map(toView);
}

/** Whether the organization's settings changed after `since` (an import validated meanwhile read the older ones). */
export async function settingsChangedSince(organizationId: number, since: Date, db: Db = getDb()): Promise<boolean> {
  return (await db.auditEvent.findFirst({ where: { organizationId, action: { in: [...settingsActions] }, createdAt: { gt: since } }, select: { id: true } })) !== null;
}

/** The sign-in actions (an organization's portal accounts' sign-ins and sign-outs, on its page). */
export const signInActions: readonly AuditAction[] = ["account.signed_in", "account.sign_in_failed", "account.signed_out"];

/** Sign-ins, failed sign-ins and sign-outs of an organization's accounts, newest first. */
export async function listSignInAuditEvents(organizationId: number, db: Db = getDb(), take = 20): Promise<AuditEventView[]> {
  const events = await db.auditEvent.findMany({ where: { organizationId, action: { in: [...signInActions] } }, orderBy: { id: "desc" }, take, include: actorSelect });
  return events.map(toView);
}

/** An organization's settings changes, newest first. */
export async function listSettingsAuditEvents(organizationId: number, db: Db = getDb(), take = 100): Promise<AuditEventView[]> {
  const events = await db.auditEvent.findMany({ where: { organizationId, action: { in: [...settingsActions] } }, orderBy: { id: "desc" }, take, include: actorSelect });
  return events.map(toView);
}
