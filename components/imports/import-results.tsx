import { Download } from "lucide-react";
import type { ImportResults } from "@/lib/imports/results";
import type { ImportOutcome } from "@/lib/imports/import-counts";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { ResultsMap } from "./results-map";
import { RollbackButton } from "./job-buttons";

const number = new Intl.NumberFormat("en-US");

export function ImportResultsView({ jobId, results, outcome, canRollBack, tileUrl, tileAttribution, agencies, settings = null }: {
  jobId: number;
  results: ImportResults;
  /** The counts module's outcome: the same numbers as the cards and the results CSV. */
  outcome: ImportOutcome | null;
  canRollBack: boolean;
  tileUrl: string;
  tileAttribution: string;
  agencies: { name: string; boundary: unknown }[];
  /** The organization's settings kept with the import when it was queued (a formatted time), and whether the viewer may download them. */
  settings?: { takenAt: string; downloadable: boolean } | null;
}) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card>
        <CardHeader>
          <CardTitle>Issues created by request type</CardTitle>
        </CardHeader>
        <CardContent>
          {outcome?.rolledBack ? <p className="mb-2 text-sm">Rolled back: the {number.format(outcome.rolledBack)} issues this import created were removed.</p> : null}
          {results.byType.length === 0 ? <p className="text-sm text-muted-foreground">{outcome?.rolledBack ? "No issues remain." : "No issues were created."}</p> : (
            <table className="w-full text-sm">
              <thead className="text-left text-xs uppercase text-muted-foreground"><tr><th scope="col" className="py-1">Request type</th><th scope="col" className="py-1 text-right">Issues</th></tr></thead>
              <tbody>{results.byType.map((row) => <tr key={row.title} className="border-t border-border"><td className="py-1.5">{row.title}{row.renamedTo ? <span className="text-muted-foreground"> (now “{row.renamedTo}”)</span> : null}</td><td className="py-1.5 text-right tabular-nums">{number.format(row.issues)}</td></tr>)}</tbody>
            </table>
          )}
          {settings ? (
            <p className="mt-3 text-xs text-muted-foreground">
              Read with the organization’s settings as the import was queued ({settings.takenAt}).{" "}
              {settings.downloadable ? <a href={`/api/imports/${jobId}/settings`} download className="font-medium text-primary underline-offset-2 hover:underline">Download those settings (JSON)</a> : null}
            </p>
          ) : null}
          {outcome?.reasons.length ? (
            <div className="mt-4">
              <h3 className="text-sm font-semibold">Rows not imported</h3>
              <ul className="mt-1 flex flex-col gap-1 text-sm">
                {outcome.reasons.map((reason) => <li key={`${reason.status}:${reason.reason}`}><span className="tabular-nums font-medium">{number.format(reason.rows)}</span> {reason.status}: {reason.reason}</li>)}
              </ul>
            </div>
          ) : null}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>New users</CardTitle>
          <CardDescription>Reporters whose email matched no user became guest users. No email was sent; invite them later.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-3">
          <p className="text-sm"><span className="text-2xl font-semibold tabular-nums">{number.format(results.users.length)}</span> new users</p>
          {results.users.length ? (
            <ul className="max-h-40 overflow-auto text-sm text-muted-foreground">{results.users.slice(0, 50).map((user) => <li key={user.id}>{user.email}</li>)}</ul>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <Button asChild variant="secondary" size="sm">
              <a href={`/api/imports/${jobId}/new-users`} download><Download aria-hidden className="size-4" /> Download new users (CSV)</a>
            </Button>
            <Button asChild variant="secondary" size="sm">
              <a href={`/api/imports/${jobId}/results`} download><Download aria-hidden className="size-4" /> Download results (CSV)</a>
            </Button>
            {canRollBack ? <RollbackButton jobId={jobId} /> : null}
          </div>
        </CardContent>
      </Card>
      <Card className="lg:col-span-2">
        <CardHeader>
          <CardTitle>Where the issues are</CardTitle>
        </CardHeader>
        <CardContent>
          <ResultsMap agencies={agencies} points={results.points} tileUrl={tileUrl} tileAttribution={tileAttribution} />
        </CardContent>
      </Card>
    </div>
  );
}
