// An import's life cycle: its statuses, what each is called, and which moves between them are
// allowed. It lives with the queue, below the workflow, so the executor, the workflow, the CLI
// and the UI all read it. Pure (no imports, no `server-only`): the UI reads labels and groups.
//
// draft → validating → ready → queued → running → completed
//            ↘ failed     ↘ validating again  ↘ cancelling → cancelled
// draft | validating | ready → cancelled, and failed → cancelled when it was never queued
// (discarded before it was queued: lib/imports/discard.ts)
// failed | cancelled → queued | running | completed (resumed)
// completed | cancelled | failed → rolled_back

export const importStatuses = ["draft", "validating", "ready", "queued", "running", "completed", "failed", "cancelling", "cancelled", "rolled_back"] as const;

export type ImportStatus = (typeof importStatuses)[number];

export const importStatusLabels: Record<ImportStatus, string> = {
  draft: "Draft",
  validating: "Validating",
  ready: "Ready to import",
  queued: "Queued",
  running: "Importing",
  completed: "Completed",
  failed: "Failed",
  cancelling: "Cancelling",
  cancelled: "Cancelled",
  rolled_back: "Rolled back",
};

export type StatusTone = "neutral" | "info" | "success" | "warning" | "danger";

export const importStatusTones: Record<ImportStatus, StatusTone> = {
  draft: "neutral",
  validating: "info",
  ready: "info",
  queued: "info",
  running: "info",
  completed: "success",
  failed: "danger",
  cancelling: "warning",
  cancelled: "warning",
  rolled_back: "neutral",
};

const transitions: Record<ImportStatus, readonly ImportStatus[]> = {
  draft: ["validating", "cancelled"],
  validating: ["ready", "failed", "validating", "cancelled"],
  ready: ["validating", "queued", "completed", "cancelled"],
  queued: ["running", "completed", "failed", "cancelling", "queued"],
  running: ["completed", "failed", "cancelling", "running"],
  cancelling: ["cancelled"],
  failed: ["validating", "queued", "running", "completed", "rolled_back", "cancelled"],
  cancelled: ["queued", "running", "completed", "rolled_back"],
  completed: ["rolled_back"],
  rolled_back: [],
};

export function isImportStatus(value: string): value is ImportStatus {
  return (importStatuses as readonly string[]).includes(value);
}

/** Whether an import in status `from` may move to `to`. */
export function canMoveImport(from: ImportStatus, to: ImportStatus): boolean {
  return transitions[from].includes(to);
}

/** The statuses an import may move to from `from`. */
export function nextImportStatuses(from: ImportStatus): readonly ImportStatus[] {
  return transitions[from];
}

/** "rolled back" for a sentence ("Import #3 is rolled back"). */
export function describeImportStatus(status: string): string {
  return status.replace("_", " ");
}

function group(...statuses: ImportStatus[]): ReadonlySet<string> & { list: readonly ImportStatus[] } {
  return Object.assign(new Set<string>(statuses), { list: statuses });
}

/** Rows may be edited and fixed, and files added: never queued. */
export const editableStatuses = group("draft", "ready");
/** Under review: a CSM may look at rows and problems and act on them. */
export const reviewingStatuses = group("draft", "ready", "failed");
/** Uploaded files may be (re)validated. */
export const validatableStatuses = group("draft", "ready", "failed");
/** Moving on its own: pages keep polling. */
export const activeStatuses = group("validating", "queued", "running", "cancelling");
/** The executor may write chunks. */
export const writableStatuses = group("queued", "running");
/** Stopped for good unless resumed or rolled back. */
export const finishedStatuses = group("completed", "failed", "cancelled", "rolled_back");
/** Stopped midway: the pending chunks may be sent again. */
export const resumableStatuses = group("queued", "running", "failed", "cancelled");
/** Picked up again when `bulk-import import` runs on the same files (validating too, once its heartbeat is stale). */
export const rerunnableStatuses = group("ready", "queued", "running", "failed");
/** Whose written issues may be taken back in one transaction. */
export const rollbackableStatuses = group("completed", "cancelled", "failed");
/** May be discarded, with its rows and uploads, when it was never queued (lib/imports/discard.ts). */
export const discardableWhenUnqueued = group("draft", "validating", "ready", "failed");
/** Cancelled at once: nothing was written yet. */
export const discardableStatuses = group("draft", "validating", "ready");
/** No validation has finished yet: there is no report, nor rows, to show. */
export const unvalidatedStatuses = group("draft", "validating");
