import "server-only";
import { fillPool, getDb } from "../db/client.ts";

// The web server's hot reads are the session check with its import (lib/auth/viewer.ts) and the
// review's row pages (lib/imports/review.ts). Planning one statement that joins their relations
// loads their catalog entries into a connection's caches: a fresh connection's first session check
// and row page then cost Postgres ~5 ms of CPU instead of ~10 (ADR 0022, session 22 addendum).
export const webPoolWarmUp = `SELECT FROM "Session" s JOIN "User" u ON u.id = s."userId" JOIN "Membership" m ON m."userId" = u.id
  JOIN "ImportJob" j ON j."organizationId" = m."organizationId" JOIN "ImportRow" r ON r."importJobId" = j.id
  JOIN "Issue" i ON i."importJobId" = j.id JOIN "ImportChunk" c ON c."importJobId" = j.id WHERE false`;

/** Opens the web server's connections before its first requests; returns how many. */
export function warmWebPool(): Promise<number> {
  return fillPool(getDb(), webPoolWarmUp);
}
