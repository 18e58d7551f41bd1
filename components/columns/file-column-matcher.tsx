"use client";

import type { OrgConfig } from "@/lib/org/org-config-schema";
import type { SourceProfile } from "@/lib/profiles/profile-schema";
import type { ColumnProposal } from "@/lib/imports/source-profiles";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ColumnTable } from "./column-table";
import { ConversionPreview } from "./conversion-preview";
import { TimestampSettings } from "./timestamp-settings";
import { RequestTypeMap, StatusValues } from "./value-choices";
import { useConvertedPreview } from "./use-converted-preview";

type Props = { proposal: ColumnProposal; sample: readonly (readonly string[])[]; profile: SourceProfile; config: OrgConfig; onChange: (profile: SourceProfile) => void };

/** One file's matches: columns, status and request-type values, timestamps, and the converted preview. */
export function FileColumnMatcher({ proposal, sample, profile, config, onChange }: Props) {
  const preview = useConvertedPreview(profile, proposal.sourceHeader, sample, config, proposal.name);
  const requestTypes = config.requestTypes.map((type) => type.title);
  return (
    <Card aria-label={`Columns of ${proposal.name}`}>
      <CardHeader>
        <CardTitle>{proposal.name}</CardTitle>
        <CardDescription>{describeProposal(proposal)}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-6">
        <ColumnTable profile={profile} sourceHeader={proposal.sourceHeader} confidence={proposal.confidence} feeds={preview.compiled?.feeds ?? []} firstRow={preview.rows[0]} onChange={onChange} />
        <div className="grid gap-6 lg:grid-cols-2">
          <StatusValues profile={profile} sourceHeader={proposal.sourceHeader} sample={sample} onChange={onChange} newValues={proposal.newStatusValues} />
          <RequestTypeMap profile={profile} sourceHeader={proposal.sourceHeader} sample={sample} onChange={onChange} requestTypes={requestTypes} />
        </div>
        <TimestampSettings profile={profile} sourceHeader={proposal.sourceHeader} sample={sample} defaultZone={config.organization.timezone} onChange={onChange} />
        <section aria-label={`Preview of ${proposal.name}`} className="flex flex-col gap-2">
          <h3 className="text-sm font-medium">The first rows, as they will be imported</h3>
          <ConversionPreview preview={preview} />
        </section>
      </CardContent>
    </Card>
  );
}

function describeProposal(proposal: ColumnProposal): string {
  if (proposal.how === "saved") {
    const changed = proposal.newStatusValues.length ? ` Its status values changed: ${proposal.newStatusValues.join(", ")} ${proposal.newStatusValues.length === 1 ? "is" : "are"} new.` : "";
    return `${proposal.notes[0] ?? "A saved profile"} matches its columns.${changed}`;
  }
  if (proposal.how === "detected") {
    const missing = proposal.missing.length ? ` Not in the file: ${proposal.missing.join(", ")}.` : "";
    return `Detected: ${proposal.profile?.name ?? ""} (${proposal.matched.length} of ${proposal.matched.length + proposal.missing.length} of its columns matched).${missing} Columns it does not use go into an internal comment.`;
  }
  return "Not a format we know: the columns were matched by name and by their values. Check each match; columns no canonical column uses go into an internal comment.";
}
