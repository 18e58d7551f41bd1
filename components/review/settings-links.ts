import type { Problem } from "@/lib/engine/problem";

/**
 * Problems that come from the organization's settings, not the file (issue #15): where to fix
 * them. A request type the organization lacks can be added with the file's title; a question
 * belongs to its request type; a boundary to its agency.
 */
export function settingsLinkFor(problem: Pick<Problem, "code" | "value">, organizationSlug: string, importId?: number): { href: string; label: string } | null {
  const base = `/organizations/${encodeURIComponent(organizationSlug)}`;
  // Once the request type is saved, the form comes back to the review, where the re-check shows.
  const back = importId ? `&back=${encodeURIComponent(`/imports/${importId}`)}` : "";
  switch (problem.code) {
    case "unknown_request_type":
      return problem.value ? { href: `${base}/request-types/new?title=${encodeURIComponent(problem.value)}${back}`, label: `Add the request type "${problem.value}"` } : null;
    case "unknown_question":
      return { href: `${base}#request-types`, label: "Add this question to its request type" };
    case "outside_boundary":
    case "no_boundary":
      return { href: `${base}#agencies`, label: "See the agency boundaries" };
    default:
      return null;
  }
}
