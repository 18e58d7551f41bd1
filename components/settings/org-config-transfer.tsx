"use client";

import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";

type Summary = { organization: "created" | "updated" | "unchanged"; changes: string[]; leftAlone: string[] };
type Answer = { ok: true; applied: boolean; summary: Summary } | { ok: false; reason: string; problems?: { path: string; message: string }[] };
type Loaded = { name: string; text: string; answer: Answer };

/**
 * The whole organization as its configuration file (contract §1): download it, or upload one and
 * see every change it would make before applying it, all or nothing.
 */
export function OrgConfigTransfer({ organizationId, slug }: { organizationId: number; slug: string }) {
  const router = useRouter();
  const inputId = useId();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [busy, setBusy] = useState(false);
  const url = `/api/organizations/${organizationId}/config`;

  const send = async (name: string, text: string, apply: boolean) => {
    setBusy(true);
    try {
      const response = await fetch(`${url}?apply=${apply ? 1 : 0}`, { method: "POST", headers: { "content-type": "application/json" }, body: text });
      const answer = (await response.json()) as Answer;
      setLoaded({ name, text, answer });
      if (answer.ok && answer.applied) router.refresh();
    } catch {
      setLoaded({ name, text, answer: { ok: false, reason: "The server could not be reached; nothing was changed." } });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="flex flex-col gap-4 text-sm">
      <p>
        <a href={url} download={`${slug}.json`} className="font-medium text-primary underline-offset-2 hover:underline">
          Download the settings file
        </a>{" "}
        <span className="text-muted-foreground">(agencies and boundaries, request types, questions, users), as <code className="text-xs">bulk-import org dump</code> writes it.</span>
      </p>
      <div className="flex flex-col gap-1.5">
        <label htmlFor={inputId} className="font-medium">
          Upload a settings file
        </label>
        <input
          id={inputId}
          type="file"
          accept=".json,application/json"
          disabled={busy}
          className="file:mr-3 file:rounded-md file:border file:border-border file:bg-white file:px-3 file:py-1.5 file:text-sm"
          onChange={async (event) => {
            const file = event.target.files?.[0];
            if (file) await send(file.name, await file.text(), false);
          }}
        />
        <p className="text-xs text-muted-foreground">Nothing changes until you apply: first you see what the file would change.</p>
      </div>
      {loaded ? <TransferResult loaded={loaded} busy={busy} onApply={() => send(loaded.name, loaded.text, true)} /> : null}
    </div>
  );
}

function TransferResult({ loaded, busy, onApply }: { loaded: Loaded; busy: boolean; onApply: () => void }) {
  const { answer, name } = loaded;
  if (!answer.ok) {
    return (
      <div role="alert" className="rounded-md border border-red-200 bg-danger-soft p-3 text-danger">
        <p className="font-medium">{answer.reason}</p>
        {answer.problems?.length ? (
          <ul className="mt-2 list-disc pl-5">
            {answer.problems.map((problem, index) => (
              <li key={index}>
                <code className="text-xs">{problem.path || "(top level)"}</code>: {problem.message}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    );
  }
  const { changes, leftAlone } = answer.summary;
  const count = `${changes.length} change${changes.length === 1 ? "" : "s"}`;
  return (
    <div role="status" className="flex flex-col gap-3 rounded-md border border-border bg-white p-3">
      <p className="font-medium">
        {answer.applied ? `Applied ${name}: ${count}.` : changes.length ? `${name} would make ${count}:` : `${name} matches the organization: nothing to change.`}
      </p>
      {changes.length ? (
        <ul aria-label={answer.applied ? "Changes made" : "Changes the file would make"} className="list-disc pl-5">
          {changes.map((change, index) => (
            <li key={index}>{change}</li>
          ))}
        </ul>
      ) : null}
      {leftAlone.length ? (
        <div>
          <p className="text-muted-foreground">Not in the file, so left as they are:</p>
          <ul className="list-disc pl-5 text-muted-foreground">
            {leftAlone.map((item, index) => (
              <li key={index}>{item}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {!answer.applied && changes.length ? (
        <div>
          <Button type="button" onClick={onApply} disabled={busy}>
            {busy ? "Applying…" : `Apply ${count}`}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
