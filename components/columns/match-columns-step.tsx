"use client";

import { useId, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import type { OrgConfig } from "@/lib/org/org-config-schema";
import type { SourceProfile } from "@/lib/profiles/profile-schema";
import type { ColumnStepFile } from "@/lib/imports/source-profiles";
import { Button } from "@/components/ui/button";
import { useColumnActions } from "./column-actions";
import { FileColumnMatcher } from "./file-column-matcher";

// reviewPath: where the import's review lives (/imports for staff, /portal/imports for a customer).
type Props = { jobId: number; files: ColumnStepFile[]; config: OrgConfig; reviewPath?: string };

/** The Match columns step: every non-canonical file's matches, then "Save as profile" and validate. */
export function MatchColumnsStep({ jobId, files, config, reviewPath = "/imports" }: Props) {
  const actions = useColumnActions();
  const router = useRouter();
  const toMatch = files.filter((file) => file.proposal.profile !== null);
  const [profiles, setProfiles] = useState<Record<number, SourceProfile>>(() => Object.fromEntries(toMatch.map((file) => [file.proposal.fileId, file.proposal.profile!])));
  const suggested = toMatch[0]?.proposal.how === "saved" ? toMatch[0].proposal.profile!.name : "";
  const [save, setSave] = useState(true);
  const [name, setName] = useState(suggested || `${toMatch[0]?.proposal.profile?.name ?? "profile"}`);
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const saveId = useId();
  const nameId = useId();

  const submit = () =>
    startTransition(async () => {
      setFailure(null);
      const result = await actions.applyColumns({ jobId, files: toMatch.map((file) => ({ fileId: file.proposal.fileId, profile: profiles[file.proposal.fileId]! })), saveAs: save && name.trim() ? name.trim() : null });
      if (!result.ok) return setFailure(result.reason);
      router.push(`${reviewPath}/${jobId}`);
    });

  return (
    <div className="flex flex-col gap-6">
      {toMatch.map((file) => (
        <FileColumnMatcher
          key={file.proposal.fileId}
          proposal={file.proposal}
          sample={file.sample}
          profile={profiles[file.proposal.fileId]!}
          config={config}
          onChange={(profile) => setProfiles((current) => ({ ...current, [file.proposal.fileId]: profile }))}
        />
      ))}
      <div className="sticky bottom-0 flex flex-wrap items-end gap-4 border-t border-border bg-white/95 px-1 py-4">
        <div className="flex items-center gap-2">
          <input id={saveId} type="checkbox" className="h-4 w-4" checked={save} onChange={(event) => setSave(event.target.checked)} />
          <label htmlFor={saveId} className="text-sm">Save as profile</label>
        </div>
        <label htmlFor={nameId} className="flex flex-col gap-1 text-xs text-muted-foreground">
          Profile name
          <input id={nameId} className="h-9 w-64 rounded-md border border-border bg-white px-2 text-sm text-foreground" value={name} disabled={!save} onChange={(event) => setName(event.target.value)} />
        </label>
        <p className="max-w-md text-xs text-muted-foreground">A later file with the same columns skips this step, unless its status values change. Saving again makes a new version.</p>
        <Button className="ml-auto" onClick={submit} disabled={pending}>
          {pending ? "Starting…" : "Validate with these matches"}
        </Button>
      </div>
      {failure ? (
        <p role="alert" className="text-sm text-danger">
          {failure}
        </p>
      ) : null}
    </div>
  );
}
