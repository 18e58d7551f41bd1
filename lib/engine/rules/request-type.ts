import type { OrgConfig, Question } from "../../org/org-config-schema.ts";
import { indexBoundary } from "../../geo/boundary-index.ts";
import { detach, quote, type RuleFinding } from "../problem.ts";
import { closestMatch } from "./did-you-mean.ts";

/**
 * Request-type rules: `unknown_request_type` (after the mapping file is applied, with a
 * "did you mean" hint), `disabled_request_type` (allowed, warning) and `no_boundary` (once per
 * request type and file, row 0). Also the per-run lookup of request types every rule uses.
 */

/** Where a request type's points must lie: its agency's boundary, indexed once per run. */
export type AgencyArea = { agency: string; contains(lng: number, lat: number): boolean };

export type RequestTypeInfo = {
  title: string;
  enabled: boolean;
  agency: string;
  /** null when the agency has no boundary: no boundary check, `no_boundary` warning. */
  area: AgencyArea | null;
  autoAssignTo: string | undefined;
  questions: ReadonlyMap<string, Question>;
  questionList: readonly Question[];
};

export type RequestTypeIndex = {
  byTitle: ReadonlyMap<string, RequestTypeInfo>;
  titles: readonly string[];
  /** Question text → titles of the organization's request types that ask it. */
  questionOwners: ReadonlyMap<string, readonly string[]>;
};

export function indexRequestTypes(config: OrgConfig): RequestTypeIndex {
  const areas = new Map<string, AgencyArea | null>();
  for (const agency of config.agencies) {
    if (areas.has(agency.name)) continue;
    if (!agency.boundary) {
      areas.set(agency.name, null);
      continue;
    }
    const index = indexBoundary(agency.boundary);
    areas.set(agency.name, { agency: agency.name, contains: (lng, lat) => index.contains(lng, lat) });
  }
  const byTitle = new Map<string, RequestTypeInfo>();
  const questionOwners = new Map<string, string[]>();
  for (const type of config.requestTypes) {
    const questions = new Map<string, Question>();
    for (const question of type.questions) {
      if (questions.has(question.text)) continue;
      questions.set(question.text, question);
      const owners = questionOwners.get(question.text) ?? [];
      owners.push(type.title);
      questionOwners.set(question.text, owners);
    }
    byTitle.set(type.title, {
      title: type.title,
      enabled: type.enabled,
      agency: type.agency,
      area: areas.get(type.agency) ?? null,
      autoAssignTo: type.autoAssignTo,
      questions,
      questionList: [...questions.values()],
    });
  }
  return { byTitle, titles: [...byTitle.keys()], questionOwners };
}

export type RequestTypeResult = {
  /** The recognised request type, or null (blank or unknown). */
  type: RequestTypeInfo | null;
  finding: RuleFinding | null;
};

/**
 * Resolves a row's trimmed `request_type` through the mapping (old value → title) to one of the
 * organization's request types. Blank is left to the `required` rule.
 */
export function resolveRequestType(
  value: string,
  index: RequestTypeIndex,
  mapping: ReadonlyMap<string, string> | undefined,
  column = "request_type",
): RequestTypeResult {
  if (value === "") return { type: null, finding: null };
  const mapped = mapping?.get(value);
  const title = mapped ?? value;
  const type = index.byTitle.get(title);
  if (!type) return { type: null, finding: unknownRequestType(value, index, mapping, column) };
  if (!type.enabled) {
    const via = mapped !== undefined ? ` (mapped from ${quote(value)})` : "";
    return {
      type,
      finding: {
        code: "disabled_request_type",
        column,
        value,
        message: `The request type ${quote(type.title)}${via} is disabled: the issue is imported, but new issues cannot be reported in that type.`,
      },
    };
  }
  return { type, finding: null };
}

/**
 * The request type a row's trimmed value names when it resolves with no finding (recognised,
 * after the mapping, and enabled), else null. The per-row fast path of `resolveRequestType`,
 * which allocates no result; callers use that for everything else.
 */
export function enabledRequestType(
  value: string,
  index: RequestTypeIndex,
  mapping: ReadonlyMap<string, string> | undefined,
): RequestTypeInfo | null {
  if (value === "") return null;
  const type = index.byTitle.get(mapping?.get(value) ?? value);
  return type !== undefined && type.enabled ? type : null;
}

function unknownRequestType(
  value: string,
  index: RequestTypeIndex,
  mapping: ReadonlyMap<string, string> | undefined,
  column: string,
): RuleFinding {
  const match = closestTitle(value, index);
  const hint = match ? `did you mean \`${match}\`?` : undefined;
  const advice = mapping
    ? "Use one of the organization's request types, or add a line for it to the mapping file"
    : "Use one of the organization's request types, or map it with a mapping file (--mapping)";
  return {
    code: "unknown_request_type",
    column,
    value,
    message: hint
      ? `${quote(value)} is not a request type of the organization`
      : `${quote(value)} is not a request type of the organization. ${advice}.`,
    ...(hint ? { hint } : {}),
  };
}

/**
 * The same unknown value tends to repeat on thousands of rows, and an edit-distance search over
 * every title per row would dominate the run: the answer is cached per index (bounded).
 */
const titleHints = new WeakMap<RequestTypeIndex, Map<string, string | null>>();
const titleHintCacheSize = 10_000;

function closestTitle(value: string, index: RequestTypeIndex): string | null {
  let cache = titleHints.get(index);
  if (!cache) {
    cache = new Map();
    titleHints.set(index, cache);
  }
  const cached = cache.get(value);
  if (cached !== undefined) return cached;
  const match = closestMatch(value, index.titles);
  // The key is a copy: a cell would keep its whole decoded chunk alive for the run.
  if (cache.size < titleHintCacheSize) cache.set(detach(value), match);
  return match;
}

/** One per request type and file, at row 0: the type's agency has no boundary. */
export function noBoundary(type: RequestTypeInfo): RuleFinding {
  return {
    code: "no_boundary",
    column: "request_type",
    value: type.title,
    message: `The agency ${quote(type.agency)} of request type ${quote(type.title)} has no boundary, so its rows' points were not checked against one.`,
  };
}
