import "server-only";
import { getDb, type Db, type Tx } from "../db/client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { wrenchbotEmail, type Boundary, type OrgConfig } from "../org/org-config-schema.ts";
import { recordAuditEvent } from "../auth/audit-log.ts";

// Loads an organization's CRM settings from, and dumps them to, the configuration file
// (contract §1). Apply is one transaction that writes only what differs, so applying a dump
// changes nothing. Things the file does not list are left as they are and reported.

export type ApplySummary = {
  organization: "created" | "updated" | "unchanged";
  changes: string[];
  leftAlone: string[];
};

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

type ApplyLog = { changes: string[]; leftAlone: string[] };
type RequestTypeConfig = OrgConfig["requestTypes"][number];

/** `actorId`: who applied it (null: the command line, the seed); a change is recorded with its list. */
export async function applyOrgConfig(config: OrgConfig, actorId: number | null, db: Db = getDb()): Promise<ApplySummary> {
  return db.$transaction(async (tx) => {
    const summary = await applyIn(tx, config);
    if (summary.organization !== "unchanged" || summary.changes.length) {
      const organizationId = (await tx.organization.findUniqueOrThrow({ where: { slug: config.organization.slug }, select: { id: true } })).id;
      const what = summary.organization === "created" ? "created the organization" : `${summary.changes.length} change${summary.changes.length === 1 ? "" : "s"}`;
      const listed = summary.changes.slice(0, 5).join("; ");
      await recordAuditEvent({ action: "settings_file.applied", actorId, organizationId, summary: `Applied a settings file: ${what}${listed ? ` (${listed}${summary.changes.length > 5 ? "; …" : ""})` : ""}`, detail: { ...summary } }, tx);
    }
    return summary;
  });
}

/** Thrown to roll a preview's transaction back, carrying what it would have changed. */
class Preview extends Error {
  constructor(readonly summary: ApplySummary) {
    super("preview");
  }
}

/** What applying `config` would change, found by applying it in a transaction that is rolled back. */
export async function previewOrgConfig(config: OrgConfig, db: Db = getDb()): Promise<ApplySummary> {
  try {
    await db.$transaction(async (tx) => {
      throw new Preview(await applyIn(tx, config));
    });
  } catch (error) {
    if (error instanceof Preview) return error.summary;
    throw error;
  }
  throw new Error("unreachable: a preview always rolls back");
}

async function applyIn(tx: Tx, config: OrgConfig): Promise<ApplySummary> {
  const log: ApplyLog = { changes: [], leftAlone: [] };
  // Users first: the organization's generic user and auto-assign targets refer to them.
  const userIds = await applyUsers(tx, config.users, log);
  const { organizationId, change } = await applyOrganization(tx, config.organization, userIds, log);
  await applyMemberships(tx, organizationId, config.users, userIds, log);
  const agencyIds = await applyAgencies(tx, organizationId, config.agencies, log);
  await applyRequestTypes(tx, organizationId, config.requestTypes, { agencyIds, userIds }, log);
  return { organization: change, ...log };
}

/** "enabled, position" — the fields of `data` that differ from `existing`. */
function changedFields<T extends Record<string, unknown>>(existing: Record<string, unknown>, data: T): string[] {
  return Object.keys(data).filter((key) => !sameJson(existing[key], data[key]));
}

async function applyUsers(tx: Tx, users: OrgConfig["users"], log: ApplyLog): Promise<Map<string, number>> {
  const userIds = new Map<string, number>();
  for (const user of users) {
    const existing = await tx.user.findUnique({ where: { email: user.email } });
    if (!existing) {
      const created = await tx.user.create({ data: { email: user.email, name: user.name ?? null } });
      userIds.set(user.email, created.id);
      log.changes.push(`created user ${user.email}`);
      continue;
    }
    if (user.name !== undefined && existing.name !== user.name) {
      await tx.user.update({ where: { id: existing.id }, data: { name: user.name } });
      log.changes.push(`updated user ${user.email}`);
    }
    userIds.set(user.email, existing.id);
  }
  return userIds;
}

async function applyOrganization(tx: Tx, org: OrgConfig["organization"], userIds: ReadonlyMap<string, number>, log: ApplyLog): Promise<{ organizationId: number; change: ApplySummary["organization"] }> {
  const orgData = {
    name: org.name,
    timezone: org.timezone,
    genericUserId: org.genericUserEmail ? (userIds.get(org.genericUserEmail) ?? null) : null,
    defaultLat: org.defaultLocation?.lat ?? null,
    defaultLng: org.defaultLocation?.lng ?? null,
    defaultAddress: org.defaultLocation?.address ?? null,
    acknowledgeMessage: org.acknowledgeMessage ?? null,
  };
  const organization = await tx.organization.findUnique({ where: { slug: org.slug } });
  if (!organization) return { organizationId: (await tx.organization.create({ data: { slug: org.slug, ...orgData } })).id, change: "created" };
  const changed = changedFields(organization, orgData);
  if (!changed.length) return { organizationId: organization.id, change: "unchanged" };
  await tx.organization.update({ where: { id: organization.id }, data: orgData });
  log.changes.push(`updated the organization (${changed.join(", ")})`);
  return { organizationId: organization.id, change: "updated" };
}

async function applyMemberships(tx: Tx, organizationId: number, users: OrgConfig["users"], userIds: ReadonlyMap<string, number>, log: ApplyLog): Promise<void> {
  const memberships = await tx.membership.findMany({ where: { organizationId }, include: { user: true } });
  for (const user of users) {
    const userId = userIds.get(user.email)!;
    const membership = memberships.find((m) => m.userId === userId);
    if (!membership) {
      await tx.membership.create({ data: { organizationId, userId, role: user.role } });
      log.changes.push(`added ${user.email} as ${user.role}`);
    } else if (membership.role !== user.role) {
      await tx.membership.update({ where: { organizationId_userId: { organizationId, userId } }, data: { role: user.role } });
      log.changes.push(`changed ${user.email} to ${user.role}`);
    }
  }
  for (const membership of memberships) {
    if (!users.some((user) => user.email === membership.user.email) && !membership.user.isServiceUser) {
      log.leftAlone.push(`member ${membership.user.email} is not in the file`);
    }
  }
}

async function applyAgencies(tx: Tx, organizationId: number, agencies: OrgConfig["agencies"], log: ApplyLog): Promise<Map<string, number>> {
  const existingAgencies = await tx.agency.findMany({ where: { organizationId } });
  const agencyIds = new Map<string, number>();
  for (const agency of agencies) {
    const existing = existingAgencies.find((a) => a.name === agency.name);
    const boundary = (agency.boundary ?? null) as Prisma.InputJsonValue | null;
    if (!existing) {
      const created = await tx.agency.create({ data: { organizationId, name: agency.name, boundary: boundary ?? Prisma.DbNull } });
      agencyIds.set(agency.name, created.id);
      log.changes.push(`created agency ${agency.name}`);
      continue;
    }
    if (!sameJson(existing.boundary, agency.boundary)) {
      await tx.agency.update({ where: { id: existing.id }, data: { boundary: boundary ?? Prisma.DbNull } });
      log.changes.push(`updated the boundary of ${agency.name}`);
    }
    agencyIds.set(agency.name, existing.id);
  }
  for (const agency of existingAgencies) {
    if (!agencyIds.has(agency.name)) log.leftAlone.push(`agency ${agency.name} is not in the file`);
  }
  return agencyIds;
}

async function applyRequestTypes(
  tx: Tx,
  organizationId: number,
  requestTypes: OrgConfig["requestTypes"],
  ids: { agencyIds: ReadonlyMap<string, number>; userIds: ReadonlyMap<string, number> },
  log: ApplyLog,
): Promise<void> {
  const existingTypes = await tx.requestType.findMany({ where: { organizationId }, include: { questions: true } });
  for (const [position, requestType] of requestTypes.entries()) {
    const data = {
      agencyId: ids.agencyIds.get(requestType.agency)!,
      enabled: requestType.enabled,
      autoAssignUserId: requestType.autoAssignTo ? ids.userIds.get(requestType.autoAssignTo)! : null,
      position,
    };
    let existing = existingTypes.find((r) => r.title === requestType.title);
    if (!existing) {
      existing = { ...(await tx.requestType.create({ data: { organizationId, title: requestType.title, ...data } })), questions: [] };
      log.changes.push(`created request type ${requestType.title}`);
    } else if (changedFields(existing, data).length) {
      log.changes.push(`updated request type ${requestType.title} (${changedFields(existing, data).join(", ")})`);
      await tx.requestType.update({ where: { id: existing.id }, data });
    }
    await applyQuestions(tx, existing, requestType, log);
  }
  for (const requestType of existingTypes) {
    if (!requestTypes.some((r) => r.title === requestType.title)) log.leftAlone.push(`request type ${requestType.title} is not in the file`);
  }
}

async function applyQuestions(
  tx: Tx,
  existing: { id: number; questions: { id: number; text: string; kind: string; required: boolean; position: number; options: string[] }[] },
  requestType: RequestTypeConfig,
  log: ApplyLog,
): Promise<void> {
  for (const [questionPosition, question] of requestType.questions.entries()) {
    const questionData = { kind: question.kind, required: question.required, options: question.options ?? [], position: questionPosition };
    const current = existing.questions.find((q) => q.text === question.text);
    if (!current) {
      await tx.question.create({ data: { requestTypeId: existing.id, text: question.text, ...questionData } });
      log.changes.push(`created question "${question.text}" of ${requestType.title}`);
    } else if (changedFields(current, questionData).length) {
      await tx.question.update({ where: { id: current.id }, data: questionData });
      log.changes.push(`updated question "${question.text}" of ${requestType.title} (${changedFields(current, questionData).join(", ")})`);
    }
  }
  for (const current of existing.questions) {
    if (!requestType.questions.some((q) => q.text === current.text)) {
      log.leftAlone.push(`question "${current.text}" of ${requestType.title} is not in the file`);
    }
  }
}

/** Writes an organization back as the configuration file; applying the result changes nothing. */
export async function dumpOrgConfig(slug: string, db: Db | Tx = getDb()): Promise<OrgConfig | null> {
  const organization = await db.organization.findUnique({
    where: { slug },
    include: {
      genericUser: true,
      agencies: { orderBy: { id: "asc" } },
      requestTypes: { orderBy: [{ position: "asc" }, { id: "asc" }], include: { agency: true, autoAssignUser: true, questions: { orderBy: [{ position: "asc" }, { id: "asc" }] } } },
      memberships: { orderBy: { createdAt: "asc" }, include: { user: true } },
    },
  });
  if (!organization) return null;
  const hasDefaultLocation = organization.defaultLat !== null && organization.defaultLng !== null && organization.defaultAddress !== null;
  return {
    organization: {
      name: organization.name,
      slug: organization.slug,
      timezone: organization.timezone,
      ...(organization.genericUser ? { genericUserEmail: organization.genericUser.email } : {}),
      ...(hasDefaultLocation ? { defaultLocation: { lat: organization.defaultLat!, lng: organization.defaultLng!, address: organization.defaultAddress! } } : {}),
      ...(organization.acknowledgeMessage !== null ? { acknowledgeMessage: organization.acknowledgeMessage } : {}),
    },
    agencies: organization.agencies.map((agency) => ({ name: agency.name, ...(agency.boundary ? { boundary: agency.boundary as unknown as Boundary } : {}) })),
    requestTypes: organization.requestTypes.map((requestType) => ({
      title: requestType.title,
      agency: requestType.agency.name,
      enabled: requestType.enabled,
      ...(requestType.autoAssignUser ? { autoAssignTo: requestType.autoAssignUser.email } : {}),
      questions: requestType.questions.map((question) => ({
        text: question.text,
        kind: question.kind,
        required: question.required,
        ...(question.options.length ? { options: question.options } : {}),
      })),
    })),
    users: organization.memberships
      .filter((membership) => !membership.user.isServiceUser)
      .map((membership) => ({ email: membership.user.email, ...(membership.user.name ? { name: membership.user.name } : {}), role: membership.role })),
  };
}

/** The user who posts system messages: the configured generic user, else Wrenchbot (created on first use). */
export async function ensureGenericUser(organizationId: number, db: Db = getDb()): Promise<{ id: number; email: string }> {
  const organization = await db.organization.findUniqueOrThrow({ where: { id: organizationId }, include: { genericUser: true } });
  if (organization.genericUser) return organization.genericUser;
  const email = wrenchbotEmail(organization.slug);
  const user = await db.user.upsert({ where: { email }, update: {}, create: { email, name: "Wrenchbot", isServiceUser: true } });
  await db.membership.upsert({
    where: { organizationId_userId: { organizationId, userId: user.id } },
    update: {},
    create: { organizationId, userId: user.id, role: "member" },
  });
  return user;
}

export async function listOrganizations(db: Db = getDb()) {
  return db.organization.findMany({ orderBy: { name: "asc" }, include: { _count: { select: { requestTypes: true, agencies: true, importJobs: true, issues: true } } } });
}
