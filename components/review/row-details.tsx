"use client";

import { useEffect, useState, useTransition } from "react";
import { Pencil, Undo2 } from "lucide-react";
import type { Problem } from "@/lib/engine/problem";
import type { ChangedRow } from "@/lib/imports/row-edits";
import type { ReviewRowStatus } from "@/lib/imports/review";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { useReviewActions, type RowEditView } from "./review-actions";
import { ProblemText } from "@/components/ui/problem-text";
import Link from "next/link";
import { settingsLinkFor } from "./settings-links";
import { MapRequestTypeInline } from "./map-request-type-inline";
import { announceFix, fixMessage } from "./fix-history";
import { useDateTimeFormat } from "@/components/ui/time-zone";

type Row = { id: string; row: number; line: number; values: readonly string[]; problems: Problem[]; errorCount: number; status: ReviewRowStatus; statusReason: string | null };

/** What became of the row, once its import ran; null while it has not. */
function outcome(row: Row): { tone: "success" | "warning" | "danger"; text: string } | null {
  if (row.status === "imported") return { tone: "success", text: "Imported: this row is an issue in the CRM." };
  if (row.status === "skipped") return { tone: "warning", text: `Skipped: ${row.statusReason ?? "not imported"}.` };
  if (row.status === "failed") return { tone: "danger", text: `Not imported: ${row.statusReason ?? "it failed"}.` };
  if (row.status === "rolled_back") return { tone: "warning", text: "Rolled back: this row was imported, and the roll back removed its issue." };
  return null;
}

const toneClass = { success: "text-success", warning: "text-warning", danger: "text-danger" } as const;


/** What the active cell's row is wrong about, and its change history with undo. */
export function RowDetails({ jobId, row, column, fileName, fileBlocked = false, editable, canEditCell, onEdit, onRowsChanged, settingsSlug = null, requestTypes = [] }: {
  jobId: number;
  /** The organization's request types: an unknown one can be mapped to one of them from here. */
  requestTypes?: readonly string[];
  /** The organization's slug when the viewer may change its settings: problems that come from them link there. */
  settingsSlug?: string | null;
  row: Row | null;
  column: string | null;
  fileName: string;
  /** The row's file has a whole-file error: none of its rows is imported. */
  fileBlocked?: boolean;
  editable: boolean;
  canEditCell: boolean;
  onEdit: () => void;
  onRowsChanged: (rows: ChangedRow[]) => void;
}) {
  const edits = useRowHistory(jobId, row);
  const result = row ? outcome(row) : null;
  if (!row) return <section aria-label="Row details" className="shrink-0 rounded-lg border border-border bg-white px-4 py-3 text-sm text-muted-foreground">Select a cell to see its problems and history.</section>;

  // Under the grid and kept short, so the grid keeps the height; a long history scrolls in here.
  return (
    <section aria-label="Row details" aria-live="polite" className="grid max-h-36 shrink-0 gap-x-6 gap-y-2 overflow-auto rounded-lg border border-border bg-white px-4 py-2.5 text-sm shadow-sm md:grid-cols-2">
      <div className="flex flex-col gap-2">
        <div className="flex items-center justify-between gap-2">
          <h3 className="min-w-0 truncate font-semibold">{fileName} row {row.row} <span className="font-normal text-muted-foreground">(line {row.line})</span>{column ? <span className="font-normal text-muted-foreground"> · {column}</span> : null}</h3>
          {canEditCell ? (
            <Button variant="secondary" size="sm" onClick={onEdit} className="shrink-0 whitespace-nowrap">
              <Pencil aria-hidden className="size-3.5" /> Edit cell
            </Button>
          ) : null}
        </div>
        {result ? <p className={toneClass[result.tone]}>{result.text}</p> : null}
        {fileBlocked && !result ? (
          <p className="text-danger">{row.problems.length ? "" : "No problems of its own, but "}{fileName} has a whole-file error (see File problems), so none of its rows is imported: upload the file fixed, or remove it from the import.</p>
        ) : null}
        {row.problems.length === 0 ? (
          result || fileBlocked ? null : <p className="text-success">No problems: this row will be imported.</p>
        ) : (
          <ul className="flex flex-col gap-1.5">
            {row.problems.map((problem, index) => (
              <li key={index} className="flex items-start gap-2">
                <Badge tone={problem.severity === "error" ? "danger" : "warning"}>{problem.code}</Badge>
                <span><span className="font-mono text-xs">{problem.column ?? "row"}</span> <ProblemText text={problem.message} /> <SettingsLink problem={problem} slug={settingsSlug} importId={jobId} />
                  {editable && problem.code === "unknown_request_type" && problem.value ? <MapRequestTypeInline jobId={jobId} value={problem.value} requestTypes={requestTypes} /> : null}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <RowChanges jobId={jobId} edits={edits} editable={editable} onRowsChanged={onRowsChanged} />
    </section>
  );
}

function SettingsLink({ problem, slug, importId }: { problem: Problem; slug: string | null; importId: number }) {
  const link = slug ? settingsLinkFor(problem, slug, importId) : null;
  return link ? (
    <Link href={link.href} className="whitespace-nowrap font-medium text-primary underline-offset-2 hover:underline">
      {link.label}
    </Link>
  ) : null;
}

/** The row's changes, newest last; reloaded when its problems change (an edit, a fix, an undo). */
function useRowHistory(jobId: number, row: Row | null): RowEditView[] {
  const { rowHistory } = useReviewActions();
  const [edits, setEdits] = useState<RowEditView[]>([]);
  const rowId = row?.id;
  // Any change of the row (a value, even one that fixes or adds no problem) reloads its history.
  const problemsKey = row ? `${row.values.join("\u0000")}\u0001${row.problems.map((p) => `${p.code}:${p.column}`).join("|")}` : "";
  useEffect(() => {
    if (!rowId) return;
    let cancelled = false;
    void rowHistory({ jobId, rowId }).then((result) => {
      if (!cancelled && result.ok) setEdits(result.edits);
    });
    return () => {
      cancelled = true;
    };
  }, [jobId, rowId, problemsKey, rowHistory]);
  return edits;
}

function RowChanges({ jobId, edits, editable, onRowsChanged }: { jobId: number; edits: RowEditView[]; editable: boolean; onRowsChanged: (rows: ChangedRow[]) => void }) {
  const { undoEdit } = useReviewActions();
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const time = useDateTimeFormat();
  const [message, setMessage] = useState<string | null>(null);
  const undo = (edit: RowEditView) =>
    startTransition(async () => {
      const result = await undoEdit({ jobId, editId: edit.id });
      if (!result.ok) return setFailure(result.reason);
      setFailure(null);
      onRowsChanged(result.rows);
      // A bulk fix's change: the whole fix is undone as a fix, which the fixes panel follows.
      if (result.fix) {
        setMessage(fixMessage(result.fix));
        announceFix(result.fix);
      }
    });
  return (
    <div className="flex flex-col gap-2">
      <h3 className="font-semibold">Changes</h3>
      {edits.length === 0 ? <p className="text-muted-foreground">No changes yet.</p> : (
        <ul className="flex flex-col gap-1.5">
          {edits.map((edit) => (
            <li key={edit.id} className="flex items-start justify-between gap-2">
              <span className={edit.undone ? "text-muted-foreground line-through" : ""}>
                <span className="font-mono text-xs">{edit.column}</span> “{edit.oldValue}” → “{edit.newValue}”
                <span className="block text-xs text-muted-foreground">{edit.by}, {time.format(new Date(edit.at))}{edit.fixKind && edit.fixKind !== "undo" ? ` · ${edit.fixKind}` : ""}{edit.fixKind === "undo" ? " · undo" : ""}</span>
              </span>
              {editable && !edit.undone && edit.fixKind !== "undo" ? (
                <Button
                  variant="ghost"
                  size="sm"
                  disabled={pending}
                  aria-label={edit.bulkFix ? `Undo the whole fix “${edit.fixKind}”, on every row it changed` : `Undo the change of ${edit.column} to “${edit.newValue}”`}
                  title={edit.bulkFix ? "Undoes the whole bulk fix, on every row it changed" : undefined}
                  className="shrink-0 whitespace-nowrap"
                  onClick={() => undo(edit)}
                >
                  <Undo2 aria-hidden className="size-3.5" /> {edit.bulkFix ? "Undo fix" : "Undo"}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {failure ? <p role="alert" className="text-danger">{failure}</p> : null}
      {message ? <p role="status" className="text-sm">{message}</p> : null}
    </div>
  );
}
