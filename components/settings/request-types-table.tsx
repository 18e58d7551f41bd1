import Link from "next/link";
import { Badge } from "@/components/ui/badge";

// An organization's request types and their questions as a table: the organization page's (with
// a link to edit each, for those who may) and the portal's read-only one (ADR 0016).

export type RequestTypeRow = {
  id: number;
  title: string;
  enabled: boolean;
  agency: { name: string };
  /** Staff only: the portal leaves it out. */
  autoAssignUser?: { email: string } | null;
  questions: { id: number; text: string; kind: string; required: boolean; options: string[] }[];
};

export function RequestTypesTable({ requestTypes, editHref, label }: { requestTypes: RequestTypeRow[]; editHref?: (id: number) => string; label: string }) {
  const showAutoAssign = requestTypes.some((type) => type.autoAssignUser !== undefined);
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label={label}>
        <thead className="border-b border-border bg-muted text-xs uppercase tracking-wide text-muted-foreground">
          <tr>
            <th scope="col" className="px-5 py-3">Title</th>
            <th scope="col" className="px-5 py-3">Agency</th>
            {showAutoAssign ? <th scope="col" className="px-5 py-3">Auto-assign</th> : null}
            <th scope="col" className="px-5 py-3">Questions</th>
          </tr>
        </thead>
        <tbody>
          {requestTypes.map((requestType) => (
            <tr key={requestType.id} className="border-b border-border align-top last:border-0">
              <td className="px-5 py-3 font-medium">
                {editHref ? (
                  <Link href={editHref(requestType.id)} className="text-primary underline-offset-2 hover:underline">
                    {requestType.title}
                  </Link>
                ) : (
                  requestType.title
                )}{" "}
                {requestType.enabled ? null : <Badge tone="neutral">disabled</Badge>}
              </td>
              <td className="px-5 py-3">{requestType.agency.name}</td>
              {showAutoAssign ? <td className="px-5 py-3 text-muted-foreground">{requestType.autoAssignUser?.email ?? "—"}</td> : null}
              <td className="px-5 py-3">
                <QuestionList questions={requestType.questions} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function QuestionList({ questions }: { questions: RequestTypeRow["questions"] }) {
  if (questions.length === 0) return <span className="text-muted-foreground">—</span>;
  return (
    <ul className="flex flex-col gap-1">
      {questions.map((question) => (
        <li key={question.id}>
          <span className="font-mono text-xs">Q: {question.text}</span>{" "}
          <Badge tone="info">{question.kind}</Badge> {question.required ? <Badge tone="warning">required</Badge> : null}
          {question.options.length ? <span className="block text-xs text-muted-foreground">{question.options.join(" · ")}</span> : null}
        </li>
      ))}
    </ul>
  );
}
