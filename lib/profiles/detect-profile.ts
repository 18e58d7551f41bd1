import { commentColumnPattern, isFixedColumn, questionTextOf } from "../engine/format.ts";
import { builtinProfiles } from "./builtin-profiles.ts";
import { looseName, sourceColumnsOf } from "./column-getters.ts";
import { normalizeSource, type SourceProfile } from "./profile-schema.ts";

/**
 * Auto-detection (contract §7): which built-in profile's identifying headers a file has. The
 * answer names the headers that matched and those that did not, so a CSM can see why.
 */

export type Detection = {
  profile: SourceProfile;
  /** Matched identifying headers ÷ the profile's identifying headers. */
  score: number;
  /** The file's headers that are identifying headers of the profile. */
  matched: string[];
  /** The profile's identifying headers the file lacks. */
  missing: string[];
  /** The file's headers the profile does not know (they are folded into the internal comment). */
  unknown: string[];
};

/** A profile is chosen when at least this share of its identifying headers is present. */
export const DETECTION_THRESHOLD = 0.75;

/** Every profile's detection, best first (score, then matched count). */
export function rankProfiles(header: readonly string[], profiles: readonly SourceProfile[] = builtinProfiles()): Detection[] {
  const present = new Map<string, string>();
  for (const name of header) if (!present.has(looseName(name))) present.set(looseName(name), name);
  return profiles
    .filter((profile) => profile.identifyingHeaders.length > 0)
    .map((profile) => {
      const matched: string[] = [];
      const missing: string[] = [];
      for (const name of profile.identifyingHeaders) {
        const found = present.get(looseName(name));
        if (found === undefined) missing.push(name);
        else matched.push(found);
      }
      const known = new Set([...profile.identifyingHeaders, ...profileColumns(profile)].map(looseName));
      const unknown = header.filter((name) => !known.has(looseName(name)));
      return { profile, score: matched.length / profile.identifyingHeaders.length, matched, missing, unknown };
    })
    .sort((a, b) => b.score - a.score || b.matched.length - a.matched.length);
}

/** The best built-in profile for the header, or null when none matches well enough. */
export function detectProfile(header: readonly string[], profiles: readonly SourceProfile[] = builtinProfiles()): Detection | null {
  const best = rankProfiles(header, profiles)[0];
  return best && best.score >= DETECTION_THRESHOLD && best.matched.length >= 3 ? best : null;
}

/** Every source column a profile reads. */
export function profileColumns(profile: SourceProfile): string[] {
  const names = Object.values(profile.columns).flatMap((source) => sourceColumnsOf(normalizeSource(source)));
  if (profile.status) {
    names.push(profile.status.column);
    if (profile.status.closedAt !== undefined) names.push(...sourceColumnsOf(normalizeSource(profile.status.closedAt)));
  }
  return names;
}

/**
 * A canonical file needs no profile: every header is a canonical column name and the required
 * location and type columns are there.
 */
export function isCanonicalHeader(header: readonly string[]): boolean {
  if (header.length === 0) return false;
  // A re-uploaded error report (last column import_errors) is canonical too.
  const names = header[header.length - 1] === "import_errors" ? header.slice(0, -1) : header;
  const canonical = names.every((name) => isFixedColumn(name) || commentColumnPattern.test(name) || questionTextOf(name) !== null);
  return canonical && ["lat", "lng", "request_type"].every((column) => header.includes(column));
}
