"use client";

import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { useReviewActions } from "./review-actions";
import { announceFix, fixMessage } from "./fix-history";

// "Map it to…" from a row's unknown_request_type (issue #15): the value becomes one of the
// organization's request types in every row that has it, as the "Map unknown request types" bulk
// fix does (undoable from History; the mapping is saved on the organization for later imports).

export function MapRequestTypeInline({ jobId, value, requestTypes }: { jobId: number; value: string; requestTypes: readonly string[] }) {
  const { applyBulkFix } = useReviewActions();
  const id = useId();
  const [target, setTarget] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  if (requestTypes.length === 0) return null;
  const submit = () =>
    startTransition(async () => {
      const result = await applyBulkFix({ jobId, kind: "map_request_types", mapping: { [value]: target } });
      if (!result.ok) return setMessage(result.reason);
      setMessage(fixMessage(result.fix));
      // The fixes panel lists it, follows it while it runs in the worker, and reloads the rows once done.
      announceFix(result.fix);
    });
  return (
    <form
      className="mt-1 flex flex-wrap items-center gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        if (target) submit();
      }}
    >
      <label htmlFor={id} className="text-xs text-muted-foreground">or map “{value}” to</label>
      <select id={id} value={target} onChange={(event) => setTarget(event.target.value)} className="h-7 rounded-md border border-border bg-white px-1.5 text-xs">
        <option value="">Choose a request type…</option>
        {requestTypes.map((title) => <option key={title} value={title}>{title}</option>)}
      </select>
      <Button type="submit" size="sm" variant="secondary" disabled={!target || pending} className="h-7 px-2 text-xs">
        Map every row
      </Button>
      {message ? <span role="status" className="text-xs">{message}</span> : null}
    </form>
  );
}
