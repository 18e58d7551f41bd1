import "server-only";
import { getDb, type Db } from "../db/client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { checkBoundaryText, type BoundaryFault } from "../geo/boundary-check.ts";
import { recordAuditEvent } from "../auth/audit-log.ts";

// An agency's boundary, as a CSM sets it from the organization's page (issue #15): checked again
// here whatever the browser showed, and saved only without an error.

export async function getAgencyBoundary(slug: string, agencyId: number, db: Db = getDb()) {
  const organization = await db.organization.findUnique({
    where: { slug },
    select: { id: true, name: true, slug: true, agencies: { orderBy: { id: "asc" }, select: { id: true, name: true, boundary: true } } },
  });
  const agency = organization?.agencies.find((candidate) => candidate.id === agencyId);
  return organization && agency ? { organization, agency } : null;
}

export type SaveBoundaryResult = { ok: true; areaKm2: number | null; warnings: BoundaryFault[] } | { ok: false; reason: string; faults: BoundaryFault[] };

/** Checks GeoJSON text and, when it has no error, makes it the agency's boundary. */
export async function saveAgencyBoundary(organizationId: number, agencyId: number, geojson: string, actorId: number | null, db: Db = getDb()): Promise<SaveBoundaryResult> {
  const check = checkBoundaryText(geojson);
  const errors = check.faults.filter((fault) => fault.severity === "error");
  if (!check.boundary) return { ok: false, reason: `The boundary has ${errors.length} fault${errors.length === 1 ? "" : "s"} to fix first.`, faults: check.faults };
  const saved = await db.$transaction(async (tx) => {
    const { count } = await tx.agency.updateMany({ where: { id: agencyId, organizationId }, data: { boundary: check.boundary as Prisma.InputJsonValue } });
    if (count === 0) return false;
    const agency = await tx.agency.findUniqueOrThrow({ where: { id: agencyId }, select: { name: true } });
    const area = check.areaKm2 === null ? "" : ` (${check.areaKm2.toLocaleString("en-US", { maximumFractionDigits: 1 })} km²)`;
    await recordAuditEvent({ action: "boundary.saved", actorId, organizationId, summary: `Saved the boundary of ${agency.name}${area}`, detail: { agencyId, areaKm2: check.areaKm2, warnings: check.faults.length } }, tx);
    return true;
  });
  if (!saved) return { ok: false, reason: "No such agency.", faults: [] };
  return { ok: true, areaKm2: check.areaKm2, warnings: check.faults };
}

/** Removes an agency's boundary: its rows are then not checked against one (`no_boundary`). */
export async function clearAgencyBoundary(organizationId: number, agencyId: number, actorId: number | null, db: Db = getDb()): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.agency.updateMany({ where: { id: agencyId, organizationId }, data: { boundary: Prisma.DbNull } });
    if (count === 0) return false;
    const agency = await tx.agency.findUniqueOrThrow({ where: { id: agencyId }, select: { name: true } });
    await recordAuditEvent({ action: "boundary.removed", actorId, organizationId, summary: `Removed the boundary of ${agency.name}`, detail: { agencyId } }, tx);
    return true;
  });
}

/** The organization's agency boundaries, to find one's way on a map. */
export async function getAgencyBoundaries(organizationId: number, db: Db = getDb()): Promise<unknown[]> {
  const agencies = await db.agency.findMany({ where: { organizationId, NOT: { boundary: { equals: Prisma.DbNull } } }, select: { boundary: true }, orderBy: { id: "asc" } });
  return agencies.map((agency) => agency.boundary);
}
