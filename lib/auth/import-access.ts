import "server-only";
import { getDb, type Db } from "../db/client.ts";
import { canAccessOrganization, getViewer, type Viewer } from "./viewer.ts";
import { recordIdSchema } from "../forms/record-id.ts";

// Who may touch an import: every route handler and server action on /imports/[id] asks here.

export type ImportAccess =
  | { ok: true; viewer: Viewer; job: { id: number; organizationId: number; status: string } }
  | { ok: false; status: 400 | 401 | 404; reason: string };

const importIdSchema = recordIdSchema;

export async function authorizeImportAccess(rawId: unknown, db: Db = getDb()): Promise<ImportAccess> {
  const viewer = await getViewer(db);
  if (!viewer) return { ok: false, status: 401, reason: "Sign in first." };
  const id = importIdSchema.safeParse(rawId);
  if (!id.success) return { ok: false, status: 404, reason: "No such import." }; // an id that cannot exist names no import
  const job = await db.importJob.findUnique({ where: { id: id.data }, select: { id: true, organizationId: true, status: true } });
  if (!job || !canAccessOrganization(viewer, job.organizationId)) return { ok: false, status: 404, reason: "No such import." };
  return { ok: true, viewer, job };
}
