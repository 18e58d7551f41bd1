import { cn } from "@/lib/utils/cn";

const number = new Intl.NumberFormat("en-US");

export type Summary = { rows: number; validRows: number; errors: number; warnings: number };

export function SummaryCards({ summary }: { summary: Summary }) {
  const cards = [
    { label: "Rows", value: summary.rows, tone: "text-foreground" },
    { label: "Valid rows", value: summary.validRows, tone: "text-success" },
    { label: "Errors", value: summary.errors, tone: summary.errors ? "text-danger" : "text-foreground" },
    { label: "Warnings", value: summary.warnings, tone: summary.warnings ? "text-warning" : "text-foreground" },
  ];
  return (
    <section aria-label="Import summary">
    <dl className="grid grid-cols-2 gap-4 md:grid-cols-4">
      {cards.map((card) => (
        <div key={card.label} className="rounded-lg border border-border bg-white px-5 py-4 shadow-sm">
          <dt className="text-sm text-muted-foreground">{card.label}</dt>
          <dd className={cn("mt-1 text-3xl font-semibold tabular-nums", card.tone)}>{number.format(card.value)}</dd>
        </div>
      ))}
    </dl>
    </section>
  );
}
