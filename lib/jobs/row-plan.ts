import type { FixedColumn } from "../engine/format.ts";
import { analyzeHeader } from "../engine/rules/header.ts";
import { parseCanonicalTimestamp } from "../time/timestamp.ts";

// What one validated canonical row becomes in the CRM (docs/import-executor.md, "CRM
// semantics"). Pure: the executor batches the plans of a chunk into a few multi-row INSERTs.

export const defaultAcknowledgeMessage = "Issue Acknowledged";

export type RequestTypeTarget = {
  id: number;
  autoAssignUserId: number | null;
  /** Question text → question id. */
  questions: ReadonlyMap<string, number>;
};

export type RequestTypeLookup = {
  byTitle: ReadonlyMap<string, RequestTypeTarget>;
  /** The job's mapping: old request type → organization request type title. */
  mapping: ReadonlyMap<string, string>;
};

export type FileLayout = {
  fixed: Partial<Record<FixedColumn, number>>;
  /** Comment columns in header order. */
  comments: { index: number; visibility: "public" | "internal" }[];
  /** `Q:` columns in header order. */
  questions: { index: number; text: string }[];
};

export function fileLayout(header: readonly string[]): FileLayout {
  const analysis = analyzeHeader(header);
  return {
    fixed: analysis.fixed,
    comments: analysis.comments.map((comment) => ({
      index: comment.index,
      visibility: comment.name.startsWith("public_") ? "public" : "internal",
    })),
    questions: analysis.questions.map((question) => ({ index: question.index, text: question.text })),
  };
}

export type PlannedIssue = {
  requestTypeId: number;
  status: "Acknowledged" | "Archived";
  lat: number;
  lng: number;
  address: string;
  summary: string;
  description: string;
  /** Lower-cased; null = the organization's generic user. */
  reporterEmail: string | null;
  assigneeId: number | null;
  /** null when the column was blank (the event then carries the default message). */
  acknowledgeMessage: string | null;
  autoAssignment: boolean;
  /** UTC ISO text of created_at (also the acknowledgement time). */
  createdAt: string;
  /** UTC ISO text of closed_at (also the archive time), or null. */
  closedAt: string | null;
  /** Non-blank comments in column order; position is 1-based among them. */
  comments: { visibility: "public" | "internal"; body: string; position: number }[];
  answers: { questionId: number; value: string }[];
};

export type RowPlan = { ok: true; issue: PlannedIssue } | { ok: false; reason: string };

const blankTo = (value: string | undefined): string => (value ?? "").trim();

function timestamp(value: string): string | null {
  const parsed = parseCanonicalTimestamp(value);
  return parsed.ok ? new Date(parsed.epochMs).toISOString() : null;
}

/**
 * Plans one row that passed validation. A row that does not fit any more (the organization's
 * configuration changed after validation) fails with a reason instead of being guessed.
 */
export function planRow(layout: FileLayout, types: RequestTypeLookup, values: readonly string[]): RowPlan {
  const cell = (column: FixedColumn): string => {
    const index = layout.fixed[column];
    return index === undefined ? "" : blankTo(values[index]);
  };
  const typeValue = cell("request_type");
  const title = types.mapping.get(typeValue) ?? typeValue;
  const type = types.byTitle.get(title);
  if (!type) return { ok: false, reason: `the request type "${typeValue}" is not one of the organization's request types` };
  const lat = Number(cell("lat"));
  const lng = Number(cell("lng"));
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || cell("lat") === "" || cell("lng") === "") {
    return { ok: false, reason: "lat/lng are not numbers" };
  }
  const createdAt = timestamp(cell("created_at"));
  if (!createdAt) return { ok: false, reason: "created_at is not a timestamp" };
  const closedValue = cell("closed_at");
  const closedAt = closedValue === "" ? null : timestamp(closedValue);
  if (closedValue !== "" && !closedAt) return { ok: false, reason: "closed_at is not a timestamp" };
  const email = cell("reporter_email");
  const ack = cell("acknowledge_message");
  const autoAssignment = cell("auto_assignment") === "Yes";

  const comments: PlannedIssue["comments"] = [];
  for (const column of layout.comments) {
    const body = blankTo(values[column.index]);
    if (body !== "") comments.push({ visibility: column.visibility, body, position: comments.length + 1 });
  }
  const answers: PlannedIssue["answers"] = [];
  for (const column of layout.questions) {
    const value = blankTo(values[column.index]);
    const questionId = type.questions.get(column.text);
    if (value !== "" && questionId !== undefined) answers.push({ questionId, value });
  }

  return {
    ok: true,
    issue: {
      requestTypeId: type.id,
      status: closedAt ? "Archived" : "Acknowledged",
      lat,
      lng,
      address: cell("address"),
      summary: cell("summary"),
      description: cell("description"),
      reporterEmail: email === "" ? null : email.toLowerCase(),
      assigneeId: autoAssignment ? type.autoAssignUserId : null,
      acknowledgeMessage: ack === "" ? null : ack,
      autoAssignment,
      createdAt,
      closedAt,
      comments,
      answers,
    },
  };
}

/** The system message the generic user posts on every imported issue. */
export function importSystemMessage(fileName: string, row: number, importJobId: number): string {
  const base = fileName.split(/[\\/]/).pop() || fileName;
  return `Imported from ${base}, row ${row}, import #${importJobId}`;
}
