"use client";

import { useCallback, useEffect, useId, useRef, useState, useTransition, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { Undo2, Wand2 } from "lucide-react";
import { bulkFixInfo, bulkFixKinds, type BulkFixKind } from "@/lib/engine/fixes/bulk-fix-kinds";
import type { FixPreview } from "@/lib/imports/bulk-fixes";
import type { FixView } from "@/lib/imports/fix-jobs";
import type { ActionResult } from "@/lib/forms/action-result";
import { Button } from "@/components/ui/button";
import { useReviewActions, type UnknownRequestType } from "./review-actions";
import { ActiveFixes, fixMessage, isActive, useFixesStartedElsewhere, useFixHistory } from "./fix-history";
import { FindReplaceForm } from "./find-replace-form";

const number = new Intl.NumberFormat("en-US");

function MappingChooser({ jobId, requestTypes, mapping, onChange }: { jobId: number; requestTypes: string[]; mapping: Record<string, string>; onChange: (mapping: Record<string, string>) => void }) {
  const { unknownRequestTypes } = useReviewActions();
  const [values, setValues] = useState<UnknownRequestType[] | null>(null);
  const baseId = useId();
  useEffect(() => {
    void unknownRequestTypes({ jobId }).then((result) => {
      if (!result.ok) return;
      setValues(result.values);
      const suggested = Object.fromEntries(result.values.filter((v) => v.suggestion).map((v) => [v.value, v.suggestion!]));
      if (Object.keys(suggested).length) onChange(suggested);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- load once
  }, [jobId]);
  if (!values) return <p className="text-sm text-muted-foreground">Looking for unknown request types…</p>;
  if (values.length === 0) return null;
  return (
    <ul className="mt-2 flex flex-col gap-2 text-sm">
      {values.map((item, index) => (
        <li key={item.value} className="flex flex-wrap items-center gap-2">
          <label htmlFor={`${baseId}-${index}`} className="min-w-48">
            Map “{item.value}” to <span className="text-muted-foreground">({number.format(item.count)} rows)</span>
          </label>
          <select
            id={`${baseId}-${index}`}
            value={mapping[item.value] ?? ""}
            onChange={(event) => {
              const next = { ...mapping };
              if (event.target.value) next[item.value] = event.target.value;
              else delete next[item.value];
              onChange(next);
            }}
            className="h-8 rounded-md border border-border bg-white px-2"
          >
            <option value="">Leave unmapped</option>
            {requestTypes.map((title) => <option key={title} value={title}>{title}</option>)}
          </select>
        </li>
      ))}
    </ul>
  );
}

/**
 * The bulk fixes' state, shared by the Fixes and History tabs: fixes the engine knows, each
 * previewed (how many rows it changes) before it applies. A small fix runs at once; a big one runs
 * in the import worker with a progress bar. Every fix is listed in the history from the database,
 * with Undo while it can be undone (ADR 0013).
 */
export function useBulkFixes({ jobId, codes, onChanged }: { jobId: number; codes: string[]; onChanged: () => void }) {
  const router = useRouter();
  const actions = useReviewActions();
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const refreshPreviews = useRef<() => Promise<void>>(async () => undefined);
  const finished = (fix: FixView) => {
    setMessage(fixMessage(fix));
    if (fix.status === "done") {
      onChanged();
      router.refresh();
      // An undo also changed the fix it took back (now undone): list both as the database has them.
      if (fix.kind === "undo") void historyReload.current();
    }
    void refreshPreviews.current();
  };
  const historyReload = useRef<() => Promise<void>>(async () => undefined);
  const history = useFixHistory(jobId, finished);
  historyReload.current = history.reload;
  // The newest fix of each kind that can still be undone.
  const undoable = new Map<string, FixView>();
  for (const fix of history.fixes) if (fix.canUndo && !undoable.has(fix.kind)) undoable.set(fix.kind, fix);
  const busy = history.fixes.some(isActive);
  // Fixes for the problems present, plus any that can still be undone.
  const relevant = bulkFixKinds.filter((kind) => bulkFixInfo[kind].codes.some((code) => codes.includes(code)) || undoable.has(kind));
  const { previews, preview } = useFixPreviews(jobId, relevant, mapping);
  refreshPreviews.current = async () => {
    for (const kind of relevant) await preview(kind, kind === "map_request_types" ? mapping : {});
  };

  // A fix that would change nothing is noise, unless it can still be undone.
  const shown = relevant.filter((kind) => undoable.has(kind) || !previews[kind] || previews[kind]!.rows > 0 || previews[kind]!.skipped.length > 0);

  /** A fix just asked for: listed at once, and followed while it runs. */
  const started = (fix: FixView) => {
    history.add(fix);
    if (isActive(fix)) setMessage(fixMessage(fix));
    else finished(fix);
  };
  useFixesStartedElsewhere(started);
  const run = (request: () => Promise<ActionResult<{ fix: FixView }>>) =>
    startTransition(async () => {
      const result = await request();
      if (!result.ok) return setMessage(result.reason);
      started(result.fix);
    });
  const apply = (kind: BulkFixKind) => run(() => actions.applyBulkFix({ jobId, kind, mapping: kind === "map_request_types" ? mapping : undefined }));
  const undo = (fix: FixView) => run(() => actions.undoFix({ jobId, fixId: fix.id }));
  return { fixes: history.fixes, pending: pending || busy, message, mapping, setMapping, undoable, shown, previews, run, apply, undo };
}

export type BulkFixes = ReturnType<typeof useBulkFixes>;

/** The Fixes tab: find and replace, then each fix that applies to this import's problems. */
export function BulkFixesPanel({ jobId, requestTypes, columns, fixes }: { jobId: number; requestTypes: string[]; columns: string[]; fixes: BulkFixes }) {
  const { pending, shown, previews, undoable, mapping } = fixes;
  return (
    <section aria-labelledby="bulk-fixes-title" className="flex flex-col gap-3">
      <h2 id="bulk-fixes-title" className="flex items-center gap-2 font-semibold"><Wand2 aria-hidden className="size-4" /> Bulk fixes</h2>
      <FindReplaceForm jobId={jobId} columns={columns} pending={pending} onRun={fixes.run} />
      <ActiveFixes fixes={fixes.fixes} />
      {fixes.message ? <p role="status" className="rounded-md bg-muted px-3 py-2 text-sm font-medium">{fixes.message}</p> : null}
      {shown.length ? (
        <ul className="flex flex-col divide-y divide-border border-t border-border pt-3">
          {shown.map((kind) => (
            <BulkFixItem key={kind} kind={kind} preview={previews[kind]} done={undoable.get(kind)} pending={pending} onApply={() => fixes.apply(kind)} onUndo={fixes.undo}>
              {kind === "map_request_types" ? <MappingChooser jobId={jobId} requestTypes={requestTypes} mapping={mapping} onChange={fixes.setMapping} /> : null}
            </BulkFixItem>
          ))}
        </ul>
      ) : (
        <p className="border-t border-border pt-3 text-sm text-muted-foreground">No automatic fix applies to this import&apos;s problems.</p>
      )}
    </section>
  );
}

/** Each relevant fix's preview, counted once it becomes relevant and again when the mapping changes. */
function useFixPreviews(jobId: number, relevant: BulkFixKind[], mapping: Record<string, string>) {
  const { previewBulkFix } = useReviewActions();
  const [previews, setPreviews] = useState<Partial<Record<BulkFixKind, FixPreview>>>({});
  const preview = useCallback(
    async (kind: BulkFixKind, currentMapping: Record<string, string>) => {
      const result = await previewBulkFix({ jobId, kind, mapping: kind === "map_request_types" ? currentMapping : undefined });
      if (result.ok) setPreviews((current) => ({ ...current, [kind]: result.preview }));
    },
    [jobId, previewBulkFix],
  );

  const relevantKey = relevant.join(",");
  useEffect(() => {
    void (async () => {
      for (const kind of relevantKey.split(",").filter(Boolean) as BulkFixKind[]) await preview(kind, {});
    })();
  }, [relevantKey, preview]);

  useEffect(() => {
    if (relevant.includes("map_request_types")) void preview("map_request_types", mapping);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- re-preview when the chosen mapping changes
  }, [mapping]);

  return { previews, preview };
}

function BulkFixItem({ kind, preview: result, done, pending, onApply, onUndo, children }: {
  kind: BulkFixKind;
  preview: FixPreview | undefined;
  /** The newest fix of this kind that can still be undone. */
  done: FixView | undefined;
  pending: boolean;
  onApply: () => void;
  onUndo: (fix: FixView) => void;
  /** What the fix needs chosen first (the request-type mapping). */
  children?: ReactNode;
}) {
  const fix = bulkFixInfo[kind];
  return (
    <li className="flex flex-col gap-2 py-3 first:pt-0 last:pb-0">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="max-w-2xl">
          <h3 className="text-sm font-medium">{fix.title}</h3>
          <p className="text-sm text-muted-foreground">{fix.description}</p>
          {result ? (
            <p className="mt-1 text-sm" aria-live="polite">
              Will change {result.partial ? "up to " : ""}<strong>{number.format(result.rows)}</strong> {result.rows === 1 ? "row" : "rows"}
              {result.partial ? ` (checked: the first ${number.format(result.partial.checked)} of the ${number.format(result.partial.candidates)} rows with these problems)` : ""}
              {result.skipped.length ? `; ${number.format(result.skipped.length)}${result.skipped.length === 200 ? "+" : ""} ${result.partial ? "of those checked " : ""}cannot be fixed automatically (e.g. row ${result.skipped[0]!.row}: ${result.skipped[0]!.reason})` : ""}.
              {result.examples[0] ? <span className="block text-xs text-muted-foreground">For example row {result.examples[0].row}: {result.examples[0].column} “{result.examples[0].from}” → “{result.examples[0].to}”</span> : null}
            </p>
          ) : (
            <p className="mt-1 text-sm text-muted-foreground">Counting…</p>
          )}
          {children}
        </div>
        <div className="flex gap-2">
          <Button size="sm" disabled={pending || !result || result.rows === 0} onClick={onApply} aria-label={`${fix.title}: apply to ${result?.partial ? "up to " : ""}${result?.rows ?? 0} ${result?.rows === 1 ? "row" : "rows"}`}>
            Apply to {result?.partial ? "up to " : ""}{number.format(result?.rows ?? 0)} {result?.rows === 1 ? "row" : "rows"}
          </Button>
          {done ? (
            <Button size="sm" variant="secondary" disabled={pending} onClick={() => onUndo(done)} aria-label={`Undo ${fix.title}`}>
              <Undo2 aria-hidden className="size-3.5" /> Undo
            </Button>
          ) : null}
        </div>
      </div>
    </li>
  );
}
