import "server-only";
import { getDb, type Db, type Tx } from "../db/client.ts";
import type { ActionResult } from "../forms/action-result.ts";
import { toQuestion, type RequestTypeFormValues } from "../forms/request-type-form-schema.ts";
import { recordAuditEvent } from "../auth/audit-log.ts";
import { decide, organizationScope, type Viewer } from "../auth/policy.ts";

// An organization's request types and their questions from the app (issue #15). Questions keep
// their ids across edits (imported issues' answers point at them): one whose text changes is the
// same question renamed; one that is removed must have no answers yet.

type Saved = ActionResult<{ id: number }>;

export async function getRequestTypeForm(organizationId: number, requestTypeId: number, db: Db = getDb()) {
  const requestType = await db.requestType.findFirst({
    where: { id: requestTypeId, organizationId },
    include: { autoAssignUser: { select: { email: true } }, questions: { orderBy: [{ position: "asc" }, { id: "asc" }] } },
  });
  if (!requestType) return null;
  const values: RequestTypeFormValues = {
    title: requestType.title,
    agencyId: String(requestType.agencyId),
    enabled: requestType.enabled,
    autoAssignEmail: requestType.autoAssignUser?.email ?? "",
    questions: requestType.questions.map((question) => ({ id: String(question.id), text: question.text, kind: question.kind, required: question.required, optionsText: question.options.join("\n") })),
  };
  return { id: requestType.id, values };
}

/** Thrown to roll a save back when a question cannot go: the questions removed before it come back. */
class Refused extends Error {}

/** Creates a request type (`requestTypeId` null) or saves one, with its questions in the form's order. */
export async function saveRequestType(organizationId: number, requestTypeId: number | null, values: RequestTypeFormValues, actorId: number | null, db: Db = getDb()): Promise<Saved> {
  try {
    return await saveIn(organizationId, requestTypeId, values, actorId, db);
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.message };
    throw error;
  }
}

function saveIn(organizationId: number, requestTypeId: number | null, values: RequestTypeFormValues, actorId: number | null, db: Db): Promise<Saved> {
  return db.$transaction(async (tx): Promise<Saved> => {
    const agency = await tx.agency.findFirst({ where: { id: Number(values.agencyId), organizationId }, select: { id: true } });
    if (!agency) return { ok: false, reason: "Choose one of the organization's agencies." };
    const clash = await tx.requestType.findFirst({ where: { organizationId, title: values.title, ...(requestTypeId ? { NOT: { id: requestTypeId } } : {}) }, select: { id: true } });
    if (clash) return { ok: false, reason: `The organization already has a request type called "${values.title}".` };
    const data = { title: values.title, agencyId: agency.id, enabled: values.enabled, autoAssignUserId: await autoAssignUser(tx, organizationId, values.autoAssignEmail) };
    const before = requestTypeId === null ? null : await describeRequestType(tx, requestTypeId);
    let id = requestTypeId;
    if (id === null) {
      const position = await tx.requestType.count({ where: { organizationId } });
      id = (await tx.requestType.create({ data: { organizationId, position, ...data } })).id;
    } else {
      const { count } = await tx.requestType.updateMany({ where: { id, organizationId }, data });
      if (count === 0) return { ok: false, reason: "No such request type." };
    }
    const questions = await saveQuestions(tx, id, values.questions);
    if (!questions.ok) throw new Refused(questions.reason);
    const after = (await describeRequestType(tx, id))!;
    const changes = before ? requestTypeChanges(before, after) : [];
    if (!before) await recordAuditEvent({ action: "request_type.created", actorId, organizationId, summary: `Added the request type ${after.title} (${after.questions.length} question${after.questions.length === 1 ? "" : "s"})`, detail: { requestTypeId: id, after } }, tx);
    else if (changes.length) await recordAuditEvent({ action: "request_type.updated", actorId, organizationId, summary: `Changed the request type ${after.title}: ${changes.join("; ")}`, detail: { requestTypeId: id, changes, before, after } }, tx);
    return { ok: true, id };
  });
}

type RequestTypeSnapshot = { title: string; agency: string; enabled: boolean; autoAssign: string | null; questions: { id: number; text: string; kind: string; required: boolean; options: string[] }[] };

async function describeRequestType(tx: Tx, id: number): Promise<RequestTypeSnapshot | null> {
  const type = await tx.requestType.findUnique({ where: { id }, include: { agency: { select: { name: true } }, autoAssignUser: { select: { email: true } }, questions: { orderBy: [{ position: "asc" }, { id: "asc" }] } } });
  if (!type) return null;
  const questions = type.questions.map((question) => ({ id: question.id, text: question.text, kind: question.kind, required: question.required, options: question.options }));
  return { title: type.title, agency: type.agency.name, enabled: type.enabled, autoAssign: type.autoAssignUser?.email ?? null, questions };
}

/** "renamed from Pot hole", "added the question Depth", … : what a save changed, for the settings history. */
export function requestTypeChanges(before: RequestTypeSnapshot, after: RequestTypeSnapshot): string[] {
  const changes: string[] = [];
  if (before.title !== after.title) changes.push(`renamed from ${before.title}`);
  if (before.agency !== after.agency) changes.push(`agency from ${before.agency} to ${after.agency}`);
  if (before.enabled !== after.enabled) changes.push(after.enabled ? "enabled" : "disabled");
  if (before.autoAssign !== after.autoAssign) changes.push(`auto-assign from ${before.autoAssign ?? "nobody"} to ${after.autoAssign ?? "nobody"}`);
  const old = new Map(before.questions.map((question) => [question.id, question]));
  for (const question of after.questions) {
    const was = old.get(question.id);
    if (!was) changes.push(`added the question ${question.text}`);
    else if (JSON.stringify({ ...was, id: 0 }) !== JSON.stringify({ ...question, id: 0 })) changes.push(`changed the question ${was.text === question.text ? question.text : `${was.text} (now ${question.text})`}`);
  }
  const kept = new Set(after.questions.map((question) => question.id));
  for (const question of before.questions) if (!kept.has(question.id)) changes.push(`removed the question ${question.text}`);
  const order = (list: RequestTypeSnapshot["questions"]) => list.filter((question) => old.has(question.id) && kept.has(question.id)).map((question) => question.id).join();
  if (order(before.questions) !== order(after.questions)) changes.push("reordered the questions");
  return changes;
}

async function autoAssignUser(tx: Tx, organizationId: number, given: string): Promise<number | null> {
  const email = given.trim().toLowerCase(); // e-mails are unique whatever their case
  if (!email) return null;
  const user = await tx.user.upsert({ where: { email }, update: {}, create: { email } });
  await tx.membership.upsert({ where: { organizationId_userId: { organizationId, userId: user.id } }, update: {}, create: { organizationId, userId: user.id, role: "member" } });
  return user.id;
}

async function saveQuestions(tx: Tx, requestTypeId: number, questions: RequestTypeFormValues["questions"]): Promise<ActionResult> {
  const existing = await tx.question.findMany({ where: { requestTypeId }, include: { _count: { select: { answers: true } } } });
  const kept = new Set(questions.map((question) => Number(question.id)).filter(Boolean));
  for (const gone of existing.filter((question) => !kept.has(question.id))) {
    if (gone._count.answers > 0) return { ok: false, reason: `"${gone.text}" has answers from imported issues, so it cannot be removed; make it not required instead.` };
    await tx.question.delete({ where: { id: gone.id } });
  }
  // Texts are unique per request type: park the kept ones on a temporary text first, so two can swap texts.
  for (const question of existing.filter((candidate) => kept.has(candidate.id))) await tx.question.update({ where: { id: question.id }, data: { text: `\u2063being renamed ${question.id}` } });
  for (const [position, form] of questions.entries()) {
    const question = toQuestion(form);
    const data = { text: question.text, kind: question.kind, required: question.required, options: question.options ?? [], position };
    const id = Number(form.id);
    if (id && existing.some((candidate) => candidate.id === id)) await tx.question.update({ where: { id }, data });
    else await tx.question.create({ data: { requestTypeId, ...data } });
  }
  return { ok: true };
}

/**
 * The request types and questions of each organization the viewer may view, for the portal's
 * read-only list (issue #15): a customer sees its own organizations' only. No auto-assign target:
 * who gets the issues is the CSM's business.
 */
export async function listRequestTypesForViewer(viewer: Viewer, db: Db = getDb()) {
  const organizations = await db.organization.findMany({
    where: organizationScope(viewer).organizationId ? { id: organizationScope(viewer).organizationId } : {},
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      requestTypes: {
        orderBy: [{ position: "asc" }, { id: "asc" }],
        select: { id: true, title: true, enabled: true, agency: { select: { name: true } }, questions: { orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, text: true, kind: true, required: true, options: true } } },
      },
    },
  });
  // The policy has the last word on each organization, as on every endpoint.
  return organizations.filter((organization) => decide(viewer, "view", organization.id).ok);
}
