"use client";

import type { SourceProfile } from "@/lib/profiles/profile-schema";
import type { ColumnFeed } from "@/lib/profiles/compile-profile";
import { isRequiredColumn } from "@/lib/engine/format";
import { Badge } from "@/components/ui/badge";
import { canonicalColumnsOf, choiceOf, withChoice } from "./profile-editing";
import { SourceSelect } from "./source-select";
import type { PreviewRow } from "./use-converted-preview";

type Props = {
  profile: SourceProfile;
  sourceHeader: readonly string[];
  confidence: Record<string, { confidence: number; reason: string }>;
  feeds: readonly ColumnFeed[];
  firstRow: PreviewRow | undefined;
  onChange: (profile: SourceProfile) => void;
};

/** Each canonical column with its source, how sure the match is, and its first converted value. */
export function ColumnTable({ profile, sourceHeader, confidence, feeds, firstRow, onChange }: Props) {
  const feedOf = new Map(feeds.map((feed) => [feed.column, feed]));
  return (
    <table className="w-full text-sm">
      <caption className="sr-only">Canonical columns and their sources</caption>
      <thead>
        <tr className="border-b border-border text-left text-xs uppercase tracking-wide text-muted-foreground">
          <th scope="col" className="py-2 pr-3 font-medium">Column</th>
          <th scope="col" className="py-2 pr-3 font-medium">Comes from</th>
          <th scope="col" className="py-2 pr-3 font-medium">Match</th>
          <th scope="col" className="py-2 font-medium">First row</th>
        </tr>
      </thead>
      <tbody>
        {canonicalColumnsOf(profile).map((column) => {
          const choice = choiceOf(profile, column);
          const match = confidence[column];
          const feed = feedOf.get(column);
          return (
            <tr key={column} className="border-b border-border/60 align-top">
              <th scope="row" className="py-2 pr-3 text-left font-mono text-xs font-medium">
                {column}
                {isRequiredColumn(column) ? <span className="ml-1 text-danger" title="required">*</span> : null}
              </th>
              <td className="w-72 py-2 pr-3">
                <SourceSelect column={column} choice={choice} sourceHeader={sourceHeader} onChange={(next) => onChange(withChoice(profile, column, next))} />
              </td>
              <td className="py-2 pr-3 text-xs text-muted-foreground">
                {match ? <Badge tone={match.confidence >= 0.8 ? "success" : match.confidence >= 0.5 ? "warning" : "danger"}>{Math.round(match.confidence * 100)}%</Badge> : null}
                <div>{match?.reason ?? (feed && feed.from ? feed.from : choice.kind === "none" ? "not matched" : "")}</div>
              </td>
              <td className="max-w-64 truncate py-2 font-mono text-xs" title={firstRow?.values[column] ?? ""}>
                {firstRow?.values[column] ?? ""}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
