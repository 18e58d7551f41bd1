import "server-only";
import { getDb, type Db, type Tx } from "../db/client.ts";
import type { OrganizationSettings } from "../forms/organization-form-schema.ts";
import type { ActionResult } from "../forms/action-result.ts";
import { recordAuditEvent } from "../auth/audit-log.ts";

// An organization's own settings from the app (issue #15): create one, or change its name, time
// zone, generic user, default location and acknowledgement message. The slug is fixed once made: URLs, the CLI's --org and
// settings files name the organization by it.

type Saved = ActionResult<{ slug: string }>;

export async function createOrganizationSettings(settings: OrganizationSettings, actorId: number | null, db: Db = getDb()): Promise<Saved> {
  if (await db.organization.findUnique({ where: { slug: settings.slug }, select: { id: true } })) {
    return { ok: false, reason: `The slug \`${settings.slug}\` is taken by another organization.` };
  }
  return db.$transaction(async (tx) => {
    const organization = await tx.organization.create({ data: { slug: settings.slug, ...fields(settings) } });
    await setGenericUser(tx, organization.id, settings.genericUserEmail);
    await recordAuditEvent({ action: "organization.created", actorId, organizationId: organization.id, summary: `Created the organization ${settings.name} (${settings.slug})`, detail: { settings } }, tx);
    return { ok: true, slug: organization.slug };
  });
}

export async function updateOrganizationSettings(organizationId: number, settings: OrganizationSettings, actorId: number | null, db: Db = getDb()): Promise<Saved> {
  return db.$transaction(async (tx) => {
    const organization = await tx.organization.findUnique({ where: { id: organizationId }, include: { genericUser: { select: { email: true } } } });
    if (!organization) return { ok: false, reason: "No such organization." };
    if (organization.slug !== settings.slug) return { ok: false, reason: "The slug cannot change: URLs, the command line and settings files name the organization by it." };
    await tx.organization.update({ where: { id: organizationId }, data: fields(settings) });
    await setGenericUser(tx, organizationId, settings.genericUserEmail);
    const changes = settingsChanges({ ...organization, genericUserEmail: organization.genericUser?.email ?? null }, settings);
    // A save that changed nothing is not history.
    if (changes.length) await recordAuditEvent({ action: "organization.updated", actorId, organizationId, summary: `Changed ${changes.map((change) => change.text).join("; ")}`, detail: { changes } }, tx);
    return { ok: true, slug: organization.slug };
  });
}

type StoredSettings = { name: string; timezone: string; genericUserEmail: string | null; defaultLat: number | null; defaultLng: number | null; defaultAddress: string | null; acknowledgeMessage: string | null };

/** What a save changes, field by field: "the time zone from America/Chicago to America/New_York". */
export function settingsChanges(before: StoredSettings, after: OrganizationSettings): { field: string; from: string; to: string; text: string }[] {
  const location = (lat: number | null, lng: number | null, address: string | null) => (address === null ? "none" : `${address} (${lat}, ${lng})`);
  const pairs: [string, string, string][] = [
    ["the name", before.name, after.name],
    ["the time zone", before.timezone, after.timezone],
    ["the generic user", before.genericUserEmail?.toLowerCase() ?? "none", after.genericUserEmail?.toLowerCase() ?? "none"],
    ["the default location", location(before.defaultLat, before.defaultLng, before.defaultAddress), after.defaultLocation ? location(after.defaultLocation.lat, after.defaultLocation.lng, after.defaultLocation.address) : "none"],
    ["the acknowledgement message", before.acknowledgeMessage ?? "none", after.acknowledgeMessage ?? "none"],
  ];
  return pairs.filter(([, from, to]) => from !== to).map(([field, from, to]) => ({ field, from, to, text: `${field} from ${from} to ${to}` }));
}

function fields(settings: OrganizationSettings) {
  return {
    name: settings.name,
    timezone: settings.timezone,
    defaultLat: settings.defaultLocation?.lat ?? null,
    defaultLng: settings.defaultLocation?.lng ?? null,
    defaultAddress: settings.defaultLocation?.address ?? null,
    acknowledgeMessage: settings.acknowledgeMessage,
  };
}

/** The user who posts system messages: a member of the organization (made one if need be); none means Wrenchbot. */
async function setGenericUser(tx: Tx, organizationId: number, email: string | null): Promise<void> {
  if (!email) {
    await tx.organization.update({ where: { id: organizationId }, data: { genericUserId: null } });
    return;
  }
  email = email.toLowerCase(); // e-mails are unique whatever their case
  const user = await tx.user.upsert({ where: { email }, update: {}, create: { email } });
  await tx.membership.upsert({ where: { organizationId_userId: { organizationId, userId: user.id } }, update: {}, create: { organizationId, userId: user.id, role: "member" } });
  await tx.organization.update({ where: { id: organizationId }, data: { genericUserId: user.id } });
}

/** The form's starting values for an organization. */
export async function getOrganizationSettings(slug: string, db: Db = getDb()) {
  const organization = await db.organization.findUnique({ where: { slug }, include: { genericUser: { select: { email: true } }, memberships: { include: { user: { select: { email: true, isServiceUser: true } } } } } });
  if (!organization) return null;
  return {
    id: organization.id,
    values: {
      name: organization.name,
      slug: organization.slug,
      timezone: organization.timezone,
      genericUserEmail: organization.genericUser?.email ?? "",
      defaultLat: organization.defaultLat?.toString() ?? "",
      defaultLng: organization.defaultLng?.toString() ?? "",
      defaultAddress: organization.defaultAddress ?? "",
      acknowledgeMessage: organization.acknowledgeMessage ?? "",
    },
    memberEmails: organization.memberships.filter((membership) => !membership.user.isServiceUser).map((membership) => membership.user.email),
  };
}
