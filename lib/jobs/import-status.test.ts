import { describe, expect, it } from "vitest";
import {
  activeStatuses,
  canMoveImport,
  describeImportStatus,
  discardableStatuses,
  discardableWhenUnqueued,
  editableStatuses,
  finishedStatuses,
  importStatusLabels,
  importStatuses,
  isImportStatus,
  nextImportStatuses,
  rollbackableStatuses,
  type ImportStatus,
} from "./import-status.ts";

// Every pair (from, to): the moves the workflow and the executor make, and none other.
const allowed: Record<ImportStatus, ImportStatus[]> = {
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

const pairs = importStatuses.flatMap((from) => importStatuses.map((to) => ({ from, to, ok: allowed[from].includes(to) })));

describe("import status transitions", () => {
  it.each(pairs)("$from → $to: $ok", ({ from, to, ok }) => {
    expect(canMoveImport(from, to)).toBe(ok);
  });

  it.each([
    { why: "an import is never un-rolled back", from: "rolled_back" as const, to: "completed" as const },
    { why: "a queued import is not edited again", from: "queued" as const, to: "ready" as const },
    { why: "a completed import is not validated again", from: "completed" as const, to: "validating" as const },
    { why: "a cancellation is not undone by itself", from: "cancelling" as const, to: "running" as const },
  ])("refuses: $why", ({ from, to }) => {
    expect(canMoveImport(from, to)).toBe(false);
  });

  it("lists the next statuses of each", () => {
    for (const status of importStatuses) expect([...nextImportStatuses(status)].sort()).toEqual([...allowed[status]].sort());
  });
});

describe("status groups agree with the transitions", () => {
  it.each(importStatuses)("%s", (status) => {
    // Only a finished import with issues written can be rolled back; a finished one never moves on by itself.
    expect(rollbackableStatuses.has(status)).toBe(canMoveImport(status, "rolled_back"));
    // A failed import is discarded only when it was never queued (discard.ts checks that).
    expect(discardableStatuses.has(status)).toBe(canMoveImport(status, "cancelled") && status !== "cancelling" && status !== "failed");
    if (finishedStatuses.has(status)) expect(activeStatuses.has(status)).toBe(false);
    if (editableStatuses.has(status)) expect(canMoveImport(status, "validating")).toBe(true);
    expect(discardableWhenUnqueued.has(status)).toBe(canMoveImport(status, "cancelled") && status !== "cancelling");
  });

  it("labels every status and reads it in a sentence", () => {
    for (const status of importStatuses) expect(importStatusLabels[status]).toMatch(/^[A-Z]/);
    expect(describeImportStatus("rolled_back")).toBe("rolled back");
    expect(isImportStatus("running")).toBe(true);
    expect(isImportStatus("imported")).toBe(false);
  });
});
