import type PgBoss from "pg-boss";
import { getEnv } from "../env.ts";
import { shortQueue, startBoss } from "./queue.ts";

// Validation of an uploaded import runs as a queue job too, so a worker (not the web server)
// reads the big files, and a restart picks the work up again. This layer owns the queue; the
// workflow sends to it and hands the worker its handler, so jobs never imports the workflow.

export const validationQueue = "import-validate";
export type ValidationJobData = { importJobId: number };

export const validationQueueOptions = shortQueue(validationQueue, { retryLimit: 2, retryDelay: 5, expireInSeconds: 60 * 60 });

const senders = new Map<string, Promise<PgBoss>>();

const created = new Map<string, Promise<void>>();

/** A process-wide pg-boss that only sends (the web app), with `queue` made sure of once. */
export async function senderBoss(databaseUrl: string, queue: PgBoss.Queue = validationQueueOptions): Promise<PgBoss> {
  let boss = senders.get(databaseUrl);
  if (!boss) {
    boss = startBoss(databaseUrl, { supervise: false, max: 2 });
    boss.catch(() => senders.delete(databaseUrl));
    senders.set(databaseUrl, boss);
  }
  const started = await boss;
  const key = `${databaseUrl}\u0000${queue.name}`;
  let ready = created.get(key);
  if (!ready) {
    ready = started.createQueue(queue.name, queue);
    ready.catch(() => created.delete(key));
    created.set(key, ready);
  }
  await ready;
  return started;
}

export async function sendValidationJob(importJobId: number, databaseUrl = getEnv().DATABASE_URL): Promise<void> {
  const boss = await senderBoss(databaseUrl);
  await boss.send(validationQueue, { importJobId } satisfies ValidationJobData, { singletonKey: `validate:${importJobId}` });
}

/** What a worker does with a validation job: the workflow's ingest (lib/imports/validation-run.ts). */
export type ValidationHandler = (importJobId: number, log: (line: string) => void) => Promise<void>;
