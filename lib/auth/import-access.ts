import "server-only";
import { getDb, poolOf, type Db } from "../db/client.ts";
import { preparedStatement } from "../db/prepared-statement.ts";
import { getViewer, getViewerAndRow, liveViewerAndRow } from "./viewer.ts";
import { decide, type Verb, type Viewer } from "./policy.ts";
import { recordIdSchema } from "../forms/record-id.ts";

// Who may do what to an import: every route handler and server action on /imports/[id] asks here,
// with its verb; the answer is the policy's (policy.ts) for the import's organization.

export type ImportAccess =
  | { ok: true; viewer: Viewer; job: AccessedImport }
  | { ok: false; status: 400 | 401 | 403 | 404; reason: string };

/**
 * The import as read for the check, with what the review's row pages need of it (one query, not
 * two): when it was queued, and the counters its version is made of (lib/imports/row-anchors.ts).
 */
export type AccessedImport = {
  id: number;
  organizationId: number;
  status: string;
  queuedAt: Date | null;
  updatedAt: Date;
  errorCount: number;
  warningCount: number;
  validRows: number;
  totalRows: number;
};

const importIdSchema = recordIdSchema;

/** The import's row for the check, its id the query's parameter `param`. */
const importQuery = (param: string) => `
  SELECT id, "organizationId", status::text AS status, "createdById", "queuedAt", "updatedAt", "errorCount", "warningCount", "validRows", "totalRows"
    FROM "ImportJob" WHERE id = ${param}`;

type ImportRow = AccessedImport & { createdById: number | null };

export async function authorizeImportAccess(rawId: unknown, verb: Verb, db: Db = getDb(), requestHeaders?: Headers): Promise<ImportAccess> {
  const id = importIdSchema.safeParse(rawId);
  if (!id.success) {
    // An id that cannot exist names no import, once the caller is signed in.
    return (await getViewer(db, requestHeaders)) ? { ok: false, status: 404, reason: "No such import." } : { ok: false, status: 401, reason: "Sign in first." };
  }
  // Every route and action on an import asks this first: the import is read in the session
  // check's own round trip, with node-postgres, not Prisma (bench:pages, ADR 0022).
  const { viewer, row: job } = await getViewerAndRow<ImportRow>(
    {
      sql: importQuery("$3"),
      values: [id.data],
      alone: async (database) => (await poolOf(database).query<ImportRow>(preparedStatement(importQuery("$1"), [id.data]))).rows[0] ?? null,
    },
    db,
    requestHeaders,
  );
  return decideImportAccess(viewer, job, verb);
}

/**
 * authorizeImportAccess for a request answered outside Next (lib/runtime/web-server.ts): the
 * same answer when the request's session is live, and null for anything better-auth must answer
 * (no cookie, a bad one, an expired session, one due for its refresh), which Next's route then
 * answers, better-auth's cookie included.
 */
export async function authorizeImportAccessOfLiveSession(rawId: unknown, verb: Verb, db: Db, requestHeaders: Headers): Promise<ImportAccess | null> {
  const id = importIdSchema.safeParse(rawId);
  if (!id.success) return null;
  const live = await liveViewerAndRow<ImportRow>({ sql: importQuery("$3"), values: [id.data] }, db, requestHeaders);
  return live && decideImportAccess(live.viewer, live.row, verb);
}

function decideImportAccess(viewer: Viewer | null, job: ImportRow | null, verb: Verb): ImportAccess {
  if (!viewer) return { ok: false, status: 401, reason: "Sign in first." };
  if (!job) return { ok: false, status: 404, reason: "No such import." };
  const decision = decide(viewer, verb, job.organizationId, { createdById: job.createdById });
  if (!decision.ok) return decision.status === 404 ? { ok: false, status: 404, reason: "No such import." } : decision;
  const { createdById: _owner, ...accessed } = job;
  return { ok: true, viewer, job: accessed };
}
