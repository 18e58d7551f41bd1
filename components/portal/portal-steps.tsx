import { CheckCircle2, Download, FileUp, Search, Send, Wrench } from "lucide-react";

// What happens next, in plain words: the portal's home says it before anything else.
const steps = [
  { icon: FileUp, title: "Upload", text: "Choose the CSV files your system exported. Nothing is imported into the CRM from here." },
  { icon: Search, title: "See the problems", text: "Every row is checked. The grid, the map and the charts show what is wrong and where." },
  { icon: Wrench, title: "Fix", text: "Correct cells in the grid, move points on the map, or apply a fix to many rows at once." },
  { icon: Download, title: "Download the error report", text: "The rows that still have errors, to fix in a spreadsheet and upload again." },
  { icon: Send, title: "Submit for review", text: "When you are done, submit the files. Your SeeClickFix contact reviews them and imports them." },
];

export function PortalSteps() {
  return (
    <ol aria-label="What happens next" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
      {steps.map((step, index) => (
        <li key={step.title} className="flex flex-col gap-2 rounded-lg border border-border bg-white px-4 py-3">
          <span className="flex items-center gap-2 text-sm font-semibold">
            <span aria-hidden className="grid size-6 place-items-center rounded-full bg-blue-50 text-xs text-primary">{index + 1}</span>
            <step.icon aria-hidden className="size-4 text-muted-foreground" />
            {step.title}
          </span>
          <span className="text-sm text-muted-foreground">{step.text}</span>
        </li>
      ))}
    </ol>
  );
}

/** Submitted: the CSM has it now. */
export function SubmittedNote({ by, at }: { by: string; at: string }) {
  return (
    <p role="status" className="flex items-center gap-2 rounded-md border border-green-200 bg-success-soft px-4 py-3 text-sm text-success">
      <CheckCircle2 aria-hidden className="size-4" />
      Submitted for review by {by} at {at}.
    </p>
  );
}
