import "server-only";
import { getDb, type Db, type Tx } from "../db/client.ts";
import type { ActionResult } from "../forms/action-result.ts";
import { toQuestion, type RequestTypeFormValues } from "../forms/request-type-form-schema.ts";

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

/** Creates a request type (`requestTypeId` null) or saves one, with its questions in the form's order. */
export async function saveRequestType(organizationId: number, requestTypeId: number | null, values: RequestTypeFormValues, db: Db = getDb()): Promise<Saved> {
  return db.$transaction(async (tx): Promise<Saved> => {
    const agency = await tx.agency.findFirst({ where: { id: Number(values.agencyId), organizationId }, select: { id: true } });
    if (!agency) return { ok: false, reason: "Choose one of the organization's agencies." };
    const clash = await tx.requestType.findFirst({ where: { organizationId, title: values.title, ...(requestTypeId ? { NOT: { id: requestTypeId } } : {}) }, select: { id: true } });
    if (clash) return { ok: false, reason: `The organization already has a request type called "${values.title}".` };
    const data = { title: values.title, agencyId: agency.id, enabled: values.enabled, autoAssignUserId: await autoAssignUser(tx, organizationId, values.autoAssignEmail) };
    let id = requestTypeId;
    if (id === null) {
      const position = await tx.requestType.count({ where: { organizationId } });
      id = (await tx.requestType.create({ data: { organizationId, position, ...data } })).id;
    } else {
      const { count } = await tx.requestType.updateMany({ where: { id, organizationId }, data });
      if (count === 0) return { ok: false, reason: "No such request type." };
    }
    const questions = await saveQuestions(tx, id, values.questions);
    return questions.ok ? { ok: true, id } : questions;
  });
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
