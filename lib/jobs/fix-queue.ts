import { getEnv } from "../env.ts";
import { shortQueue } from "./queue.ts";
import { senderBoss } from "./validation-queue.ts";

// Bulk fixes of many rows (and their undo) run as queue jobs, so a worker (not the web server)
// reads and rewrites the rows (ADR 0013). As with validation, this layer owns the queue; the
// workflow sends to it and hands the worker its handler, so jobs never imports the workflow.

export const fixQueue = "import-fix";
export type FixJobData = { fixId: number };

export const fixQueueOptions = shortQueue(fixQueue, {
  // A fix is one transaction: a worker that dies mid-way leaves no row changed, and the retry
  // runs it whole again.
  retryLimit: 1,
  retryDelay: 5,
  expireInSeconds: 60 * 60,
});

export async function sendFixJob(fixId: number, databaseUrl = getEnv().DATABASE_URL): Promise<void> {
  const boss = await senderBoss(databaseUrl, fixQueueOptions);
  await boss.send(fixQueue, { fixId } satisfies FixJobData, { singletonKey: `fix:${fixId}` });
}

/** What a worker does with a fix job: the workflow's fix run (lib/imports/fix-jobs.ts). */
export type FixHandler = (fixId: number, log: (line: string) => void) => Promise<void>;
