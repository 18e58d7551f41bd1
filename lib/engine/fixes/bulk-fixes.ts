import { addZoneOffset } from "../../time/zoned.ts";
import { findReplaceChanges, type FindReplace } from "./find-replace.ts";
import type { Problem } from "../problem.ts";
import { bulkFixInfo, bulkFixKinds, type BulkFixInfo, type BulkFixKind } from "./bulk-fix-kinds.ts";
import type { OrgConfig } from "../../org/org-config-schema.ts";

// The bulk fixes the engine knows: for each, which problem it repairs and what it writes. Pure
// functions of one row, so the server can preview a fix (count what would change) and apply it
// with the same code, and each change is re-validated by the rules afterwards.

export { bulkFixKinds, type BulkFixKind };

export type FixContext = {
  config: OrgConfig;
  /** For map_request_types: old request type → organization request type. */
  requestTypeMapping?: ReadonlyMap<string, string>;
  /** For find_replace: what to find, what to put instead, where. */
  findReplace?: FindReplace;
};

export type CellChange = { column: string; value: string };
/** What a fix does to one row: changes, a reason it cannot (e.g. a DST gap), or nothing to do. */
/** `left`: why some cells of a changed row were left as they are (the others are fixed). */
export type RowFix = { kind: "change"; changes: CellChange[]; left?: string } | { kind: "skip"; reason: string } | { kind: "none" };

type RowView = { header: readonly string[]; values: readonly string[]; problems: readonly Problem[] };

export type BulkFix = BulkFixInfo & {
  kind: BulkFixKind;
  fix(row: RowView, context: FixContext): RowFix;
};

const valueOf = (row: RowView, column: string) => {
  const index = row.header.indexOf(column);
  return index < 0 ? undefined : (row.values[index] ?? "");
};

const lineBreaks = /[\r\n\u2028\u2029]+/g;

const yesWords = new Set(["yes", "y", "true", "t", "1", "on", "si", "sí"]);
const noWords = new Set(["no", "n", "false", "f", "0", "off"]);

export const bulkFixes: Record<BulkFixKind, BulkFix> = {
  swap_coordinates: {
    kind: "swap_coordinates",
    ...bulkFixInfo.swap_coordinates,
    fix(row) {
      if (!row.problems.some((problem) => problem.code === "coordinates_swapped")) return { kind: "none" };
      const lat = valueOf(row, "lat");
      const lng = valueOf(row, "lng");
      if (lat === undefined || lng === undefined) return { kind: "none" };
      return { kind: "change", changes: [{ column: "lat", value: lng.trim() }, { column: "lng", value: lat.trim() }] };
    },
  },
  add_utc_offset: {
    kind: "add_utc_offset",
    ...bulkFixInfo.add_utc_offset,
    fix(row, context) {
      const changes: CellChange[] = [];
      const problems: string[] = [];
      for (const problem of row.problems) {
        if (problem.code !== "missing_offset" || !problem.column) continue;
        const value = valueOf(row, problem.column);
        if (value === undefined) continue;
        const result = addZoneOffset(value.trim(), context.config.organization.timezone);
        if (result.ok) changes.push({ column: problem.column, value: result.iso });
        else problems.push(`${problem.column}: ${result.message}`);
      }
      // Every cell it can: an ambiguous closed_at does not keep the row's created_at from its offset.
      if (problems.length && !changes.length) return { kind: "skip", reason: problems.join("; ") };
      if (problems.length) return { kind: "change", changes, left: problems.join("; ") };
      return changes.length ? { kind: "change", changes } : { kind: "none" };
    },
  },
  normalize_yes_no: {
    kind: "normalize_yes_no",
    ...bulkFixInfo.normalize_yes_no,
    fix(row, context) {
      const changes: CellChange[] = [];
      for (const problem of row.problems) {
        if (!problem.column) continue;
        const value = valueOf(row, problem.column);
        if (value === undefined) continue;
        const word = value.trim().toLowerCase();
        if (problem.code === "invalid_yes_no") {
          if (yesWords.has(word)) changes.push({ column: problem.column, value: "Yes" });
          else if (noWords.has(word)) changes.push({ column: problem.column, value: "No" });
        } else if (problem.code === "invalid_answer" && problem.column.startsWith("Q:")) {
          const text = problem.column.slice(2).trimStart();
          const isBoolean = context.config.requestTypes.some((type) => type.questions.some((question) => question.text === text && question.kind === "boolean"));
          if (!isBoolean) continue;
          if (yesWords.has(word)) changes.push({ column: problem.column, value: "true" });
          else if (noWords.has(word)) changes.push({ column: problem.column, value: "false" });
        }
      }
      return changes.length ? { kind: "change", changes } : { kind: "none" };
    },
  },
  address_line_breaks: {
    kind: "address_line_breaks",
    ...bulkFixInfo.address_line_breaks,
    fix(row) {
      const address = valueOf(row, "address");
      if (address === undefined || !/[\r\n\u2028\u2029]/.test(address)) return { kind: "none" };
      const value = address
        .split(lineBreaks)
        .map((part) => part.trim().replace(/,$/, ""))
        .filter(Boolean)
        .join(", ");
      return { kind: "change", changes: [{ column: "address", value }] };
    },
  },
  default_location: {
    kind: "default_location",
    ...bulkFixInfo.default_location,
    fix(row, context) {
      const location = context.config.organization.defaultLocation;
      if (!location) return { kind: "skip", reason: "The organization has no default location." };
      const unusable = row.problems.some((problem) => (problem.code === "required" || problem.code === "invalid_number") && problem.column?.split(",").some((column) => column === "lat" || column === "lng"));
      if (!unusable || valueOf(row, "lat") === undefined || valueOf(row, "lng") === undefined) return { kind: "none" };
      const changes: CellChange[] = [
        { column: "lat", value: String(location.lat) },
        { column: "lng", value: String(location.lng) },
      ];
      const address = valueOf(row, "address");
      if (address !== undefined && !address.trim()) changes.push({ column: "address", value: location.address });
      return { kind: "change", changes };
    },
  },
  map_request_types: {
    kind: "map_request_types",
    ...bulkFixInfo.map_request_types,
    // The row's value becomes the CRM title (a recorded, undoable change); the server also saves
    // the mapping on the organization for later imports.
    fix(row, context) {
      const value = valueOf(row, "request_type")?.trim();
      const target = value ? context.requestTypeMapping?.get(value) : undefined;
      if (!target || !row.problems.some((problem) => problem.code === "unknown_request_type")) return { kind: "none" };
      return { kind: "change", changes: [{ column: "request_type", value: target }] };
    },
  },
  find_replace: {
    kind: "find_replace",
    ...bulkFixInfo.find_replace,
    fix(row, context) {
      const changes = context.findReplace ? findReplaceChanges(row, context.findReplace) : [];
      return changes.length ? { kind: "change", changes } : { kind: "none" };
    },
  },
};
