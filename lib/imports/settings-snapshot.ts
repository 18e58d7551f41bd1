import "server-only";
import { getDb, type Db, type Tx } from "../db/client.ts";
import { dumpOrgConfig } from "../crm/org-config-store.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { parseOrgConfig, type OrgConfig } from "../org/org-config-schema.ts";

// The organization's settings as an import was queued (issue #15): the configuration file of
// contract §1 and its request types' ids. Settings change after an import (a request type is
// renamed, a boundary redrawn); its results keep reading as they were.

export type SettingsSnapshot = { takenAt: Date; config: OrgConfig; requestTypeTitles: ReadonlyMap<number, string> };

/** Keeps the organization's settings with the import, inside the caller's queueing transaction. */
export async function takeSettingsSnapshot(importJobId: number, organizationId: number, tx: Tx): Promise<void> {
  const organization = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { slug: true, requestTypes: { select: { id: true, title: true } } } });
  const config = await dumpOrgConfig(organization.slug, tx);
  if (!config) throw new Error(`Organization ${organization.slug} is gone.`);
  const requestTypes = Object.fromEntries(organization.requestTypes.map((type) => [type.id, type.title]));
  const data = { config: config as unknown as Prisma.InputJsonValue, requestTypes, takenAt: new Date() };
  await tx.importSettingsSnapshot.upsert({ where: { importJobId }, update: data, create: { importJobId, ...data } });
}

/** The import's settings snapshot, if it was queued since snapshots exist. */
export async function getSettingsSnapshot(importJobId: number, db: Db | Tx = getDb()): Promise<SettingsSnapshot | null> {
  const stored = await db.importSettingsSnapshot.findUnique({ where: { importJobId } });
  if (!stored) return null;
  const parsed = parseOrgConfig(stored.config);
  if (!parsed.ok) return null;
  const titles = new Map(Object.entries(stored.requestTypes as Record<string, string>).map(([id, title]) => [Number(id), title]));
  return { takenAt: stored.takenAt, config: parsed.config, requestTypeTitles: titles };
}

/** Only the snapshot's request-type titles (no boundaries parsed), for the results' counts. */
export async function getSnapshotRequestTypeTitles(importJobId: number, db: Db | Tx = getDb()): Promise<ReadonlyMap<number, string> | null> {
  const stored = await db.importSettingsSnapshot.findUnique({ where: { importJobId }, select: { requestTypes: true } });
  return stored ? new Map(Object.entries(stored.requestTypes as Record<string, string>).map(([id, title]) => [Number(id), title])) : null;
}
