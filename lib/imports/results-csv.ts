import "server-only";
import { getDb, type Db } from "../db/client.ts";
import { listImportCreatedUsers, newUsersCsv } from "./new-users.ts";

export async function newUsersCsvForJob(jobId: number, db: Db = getDb()): Promise<string> {
  return newUsersCsv(jobId, await listImportCreatedUsers(jobId, db));
}
