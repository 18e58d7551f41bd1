import Link from "next/link";
import { AlertTriangle } from "lucide-react";
import type { Problem } from "@/lib/engine/problem";
import { Badge } from "@/components/ui/badge";
import { ProblemText } from "@/components/ui/problem-text";

/** Where the viewer may add a question the file has and the settings lack (unknown_question). */
export type QuestionSettings = { slug: string; importId: number; requestTypes: readonly { id: number; title: string }[] };

/** Whole-file and mapping-file problems: they block every row of the file, so they come first. */
export function FileProblems({ problems, settings = null }: { problems: Problem[]; settings?: QuestionSettings | null }) {
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
            <span>
              <span className="font-medium">{problem.file}</span>{problem.row > 0 ? ` row ${problem.row}` : ""}{problem.column !== null ? ` · ${problem.column || "(empty header)"}` : ""}: <ProblemText text={problem.message} />
              {settings && problem.code === "unknown_question" && problem.column ? <AddQuestionLinks question={questionText(problem.column)} settings={settings} /> : null}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** `Q: How deep?` → `How deep?` (contract §2: the prefix, then optional spaces). */
function questionText(column: string): string {
  return column.replace(/^Q:\s*/, "");
}

/** "Add this question to …" each request type; saved, the form comes back to the review, which is re-checked. */
function AddQuestionLinks({ question, settings }: { question: string; settings: QuestionSettings }) {
  if (settings.requestTypes.length === 0) return null;
  const back = encodeURIComponent(`/imports/${settings.importId}`);
  return (
    <details className="mt-1">
      <summary className="cursor-pointer font-medium text-primary">Add this question to a request type…</summary>
      <ul className="mt-1 flex flex-wrap gap-x-3 gap-y-1">
        {settings.requestTypes.map((type) => (
          <li key={type.id}>
            <Link href={`/organizations/${encodeURIComponent(settings.slug)}/request-types/${type.id}?question=${encodeURIComponent(question)}&back=${back}`} className="underline-offset-2 hover:underline">
              {type.title}
            </Link>
          </li>
        ))}
      </ul>
    </details>
  );
}
