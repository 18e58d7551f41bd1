import { AlertTriangle } from "lucide-react";
import type { Problem } from "@/lib/engine/problem";
import { Badge } from "@/components/ui/badge";
import { ProblemText } from "@/components/ui/problem-text";

/** Whole-file and mapping-file problems: they block every row of the file, so they come first. */
export function FileProblems({ problems }: { problems: Problem[] }) {
  if (problems.length === 0) return null;
  const errors = problems.filter((problem) => problem.severity === "error").length;
  return (
    <section aria-label="Whole-file problems" className={`rounded-lg border px-5 py-4 ${errors ? "border-red-200 bg-danger-soft" : "border-amber-200 bg-warning-soft"}`}>
      <h2 className="flex items-center gap-2 font-semibold">
        <AlertTriangle aria-hidden className="size-4" />
        {errors ? `${errors} whole-file ${errors === 1 ? "problem blocks" : "problems block"} rows from importing` : "Whole-file warnings"}
      </h2>
      <ul className="mt-2 flex flex-col gap-1.5 text-sm">
        {problems.map((problem, index) => (
          <li key={index} className="flex items-start gap-2">
            <Badge tone={problem.severity === "error" ? "danger" : "warning"}>{problem.code}</Badge>
            <span><span className="font-medium">{problem.file}</span>{problem.row > 0 ? ` row ${problem.row}` : ""}{problem.column !== null ? ` · ${problem.column || "(empty header)"}` : ""}: <ProblemText text={problem.message} /></span>
          </li>
        ))}
      </ul>
    </section>
  );
}
