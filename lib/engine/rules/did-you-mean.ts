import { distance } from "fastest-levenshtein";

/**
 * The closest candidate to a mistyped value, for "did you mean `lat`?" hints. Comparison ignores
 * case, surrounding spaces and the difference between spaces, hyphens and underscores; an
 * exact match under that folding always wins, otherwise the edit distance must be small relative
 * to the word (at most a third of its length, and at most 3).
 */
export function closestMatch(value: string, candidates: Iterable<string>): string | null {
  const folded = fold(value);
  if (folded === "") return null;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === value) continue;
    const foldedCandidate = foldedOnce(candidate);
    if (foldedCandidate === folded) return candidate;
    const limit = Math.min(3, Math.max(1, Math.floor(Math.min(folded.length, foldedCandidate.length) / 3)));
    if (Math.abs(foldedCandidate.length - folded.length) > limit) continue;
    const d = distance(folded, foldedCandidate);
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

// The candidates are the configuration's names, asked again for each mistyped value: a header of
// 100,000 unknown question columns asked every question text 100,000 times. Each is folded once.
const foldedCandidates = new Map<string, string>();

function foldedOnce(candidate: string): string {
  let folded = foldedCandidates.get(candidate);
  if (folded === undefined) {
    if (foldedCandidates.size >= 10_000) foldedCandidates.clear();
    folded = fold(candidate);
    foldedCandidates.set(candidate, folded);
  }
  return folded;
}

function fold(value: string): string {
  return value.trim().toLowerCase().replace(/[\s_-]+/g, "_");
}
