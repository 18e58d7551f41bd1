import type pg from "pg";
import { CopyBuffer, copyRows } from "../db/copy-rows.ts";
import { defaultAcknowledgeMessage, importSystemMessage, type PlannedIssue } from "./row-plan.ts";

// What one planned row writes to the CRM (docs/import-executor.md, "CRM semantics"), as COPY
// rows of four tables: the issue, its events (acknowledged; closed then archived; the system
// message), its comments and its answers. The executor and bench:import-floor both write through
// it, so the floor measures exactly the executor's rows.

const columns = {
  Issue: [
    "id", "organizationId", "requestTypeId", "status", "lat", "lng", "address", "summary", "description", "reporterId",
    "assigneeId", "acknowledgeMessage", "autoAssignment", "createdAt", "acknowledgedAt", "closedAt", "archivedAt", "updatedAt", "importedAt",
    "importJobId", "importFileId", "sourceSha256", "sourceRow",
  ],
  IssueEvent: ["issueId", "kind", "fromStatus", "toStatus", "message", "authorId", "occurredAt", "importJobId"],
  Comment: ["issueId", "visibility", "authorId", "body", "position", "createdAt", "importJobId"],
  Answer: ["issueId", "questionId", "value"],
} as const;

type CrmTable = keyof typeof columns;

export type CrmRowsContext = {
  organizationId: number;
  importJobId: number;
  /** Author of the events and comments. */
  genericUserId: number;
  /** The time of the import (UTC wall time): the issues' importedAt/updatedAt and the system message's. */
  now: string;
  /** The organization's message for a blank acknowledge_message (else the CRM's default). */
  acknowledgeMessage?: string | null;
};

/** Where a planned row came from: the file's id, name and sha256, and the row. */
export type RowSource = { importFileId: number; fileName: string; sha256: string; row: number };

export class CrmRows {
  private readonly buffers: Record<CrmTable, CopyBuffer> = {
    Issue: new CopyBuffer(),
    IssueEvent: new CopyBuffer(),
    Comment: new CopyBuffer(),
    Answer: new CopyBuffer(),
  };

  constructor(private readonly context: CrmRowsContext) {}

  /** The rows of issue `id`, planned from `source`, reported by `reporterId`. */
  add(id: number, source: RowSource, plan: PlannedIssue, reporterId: number): void {
    const { organizationId, importJobId, genericUserId, now } = this.context;
    const { Issue, IssueEvent, Comment, Answer } = this.buffers;
    Issue.add([
      id, organizationId, plan.requestTypeId, plan.status, plan.lat, plan.lng, plan.address, plan.summary, plan.description, reporterId,
      plan.assigneeId, plan.acknowledgeMessage, plan.autoAssignment, plan.createdAt, plan.createdAt, plan.closedAt, plan.closedAt, now, now,
      importJobId, source.importFileId, source.sha256, source.row,
    ]);
    IssueEvent.add([id, "acknowledged", null, "Acknowledged", plan.acknowledgeMessage ?? this.context.acknowledgeMessage ?? defaultAcknowledgeMessage, genericUserId, plan.createdAt, importJobId]);
    if (plan.closedAt) {
      IssueEvent.add([id, "closed", "Acknowledged", "Closed", null, genericUserId, plan.closedAt, importJobId]);
      IssueEvent.add([id, "archived", "Closed", "Archived", null, genericUserId, plan.closedAt, importJobId]);
    }
    IssueEvent.add([id, "system_message", null, null, importSystemMessage(source.fileName, source.row, importJobId), genericUserId, now, importJobId]);
    for (const c of plan.comments) Comment.add([id, c.visibility, genericUserId, c.body, c.position, plan.createdAt, importJobId]);
    for (const a of plan.answers) Answer.add([id, a.questionId, a.value]);
  }

  /** Rows added so far, over the four tables. */
  get rows(): number {
    return Object.values(this.buffers).reduce((sum, buffer) => sum + buffer.rows, 0);
  }

  /** One COPY per table, issues first, in the client's transaction. */
  async copy(client: pg.ClientBase): Promise<void> {
    for (const table of Object.keys(columns) as CrmTable[]) await copyRows(client, table, columns[table], this.buffers[table]);
  }
}
