import type { ImportCounts } from "@/lib/imports/import-counts";
import { cn } from "@/lib/utils/cn";

const number = new Intl.NumberFormat("en-US");

export type Summary = Pick<ImportCounts, "rows" | "validRows" | "errors" | "warnings" | "outcome">;

/** The import's counts (lib/imports/import-counts.ts), compact enough for the review's header line. */
export function SummaryCards({ summary }: { summary: Summary }) {
  const outcome = summary.outcome;
  const cards = [
    { label: "Rows", value: summary.rows, tone: "text-foreground" },
    { label: "Valid rows", value: summary.validRows, tone: "text-success" },
    { label: "Errors", value: summary.errors, tone: summary.errors ? "text-danger" : "text-foreground" },
    { label: "Warnings", value: summary.warnings, tone: summary.warnings ? "text-warning" : "text-foreground" },
    // Once queued: what became of the rows.
    ...(outcome
      ? [
          { label: "Imported", value: outcome.imported, tone: outcome.imported ? "text-success" : "text-foreground" },
          { label: "Skipped", value: outcome.skipped, tone: outcome.skipped ? "text-warning" : "text-foreground" },
          { label: "Failed", value: outcome.failed, tone: outcome.failed ? "text-danger" : "text-foreground" },
          ...(outcome.rolledBack ? [{ label: "Rolled back", value: outcome.rolledBack, tone: "text-foreground" }] : []),
        ]
      : []),
  ];
  return (
    <section aria-label="Import summary">
      <dl className="flex items-stretch divide-x divide-border rounded-lg border border-border bg-background">
        {cards.map((card) => (
          <div key={card.label} className="flex flex-col px-2 py-1">
            <dt className="text-[11px] font-medium uppercase tracking-wide text-muted-foreground">{card.label}</dt>
            <dd className={cn("text-base font-semibold leading-tight tabular-nums", card.tone)}>{number.format(card.value)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
