import { fixedColumns } from "../format.ts";
import { parseOrgConfig, type OrgConfig, type OrgConfigInput } from "../../org/org-config-schema.ts";

/**
 * A small organization for engine tests. Its boundaries and questions cover every rule:
 * - Public Works: a Polygon (-72.70..-72.40 lng, 42.00..42.20 lat) with a hole
 *   (-72.60..-72.55, 42.05..42.10);
 * - Parks: a MultiPolygon of two squares (-72.70..-72.60 and -72.50..-72.40, 42.30..42.40);
 * - Sanitation: no boundary;
 * - request types with questions of every kind, two types (Pothole, Streetlight) sharing the
 *   question "Anything else?", a disabled type, and types with and without an auto-assign target.
 */
export const fixtureOrgInput: OrgConfigInput = {
  organization: {
    name: "City of Springfield",
    slug: "springfield",
    timezone: "America/New_York",
    genericUserEmail: "imports@springfield.example.gov",
  },
  agencies: [
    {
      name: "Public Works",
      boundary: {
        type: "Polygon",
        coordinates: [
          [[-72.7, 42.0], [-72.4, 42.0], [-72.4, 42.2], [-72.7, 42.2], [-72.7, 42.0]],
          [[-72.6, 42.05], [-72.55, 42.05], [-72.55, 42.1], [-72.6, 42.1], [-72.6, 42.05]],
        ],
      },
    },
    {
      name: "Parks",
      boundary: {
        type: "MultiPolygon",
        coordinates: [
          [[[-72.7, 42.3], [-72.6, 42.3], [-72.6, 42.4], [-72.7, 42.4], [-72.7, 42.3]]],
          [[[-72.5, 42.3], [-72.4, 42.3], [-72.4, 42.4], [-72.5, 42.4], [-72.5, 42.3]]],
        ],
      },
    },
    { name: "Sanitation" },
  ],
  requestTypes: [
    {
      title: "Pothole",
      agency: "Public Works",
      enabled: true,
      autoAssignTo: "crew@springfield.example.gov",
      questions: [
        { text: "What is the size of the pothole?", kind: "select", required: true, options: ["Small", "Medium", "Large"] },
        { text: "How deep is it (cm)?", kind: "number", required: false },
        { text: "Is it in a bike lane?", kind: "boolean", required: false },
        { text: "Anything else?", kind: "textarea", required: false },
      ],
    },
    {
      title: "Streetlight",
      agency: "Public Works",
      questions: [
        { text: "Pole number", kind: "text", required: true },
        { text: "When did it go out?", kind: "datetime", required: false },
        { text: "Anything else?", kind: "text", required: false },
      ],
    },
    {
      title: "Park Maintenance",
      agency: "Parks",
      autoAssignTo: "parks@springfield.example.gov",
      questions: [{ text: "Which facilities?", kind: "multivaluelist", required: false, options: ["Bench", "Playground", "Restroom"] }],
    },
    { title: "Missed Pickup", agency: "Sanitation", questions: [] },
    { title: "Old Graffiti", agency: "Public Works", enabled: false, questions: [] },
  ],
  users: [
    { email: "imports@springfield.example.gov", role: "admin" },
    { email: "crew@springfield.example.gov", role: "member" },
    { email: "parks@springfield.example.gov", role: "member" },
  ],
};

export function fixtureOrg(): OrgConfig {
  const parsed = parseOrgConfig(structuredClone(fixtureOrgInput));
  if (!parsed.ok) throw new Error(`fixture org is invalid: ${JSON.stringify(parsed.problems)}`);
  return parsed.config;
}

/** Fixed "now" for tests: 2024-06-01T12:00:00Z. */
export const fixtureNow = new Date("2024-06-01T12:00:00Z");

/** The canonical header with every fixed column, in the format table's order. */
export const fullHeader = fixedColumns;

type Row = Partial<Record<string, string>>;

/** A valid Pothole row (inside Public Works, outside the hole). */
export const validPotholeRow: Row = {
  lat: "42.15",
  lng: "-72.50",
  address: "12 Main St",
  request_type: "Pothole",
  summary: "Pothole",
  description: "Deep pothole in the right lane",
  reporter_email: "jane@example.org",
  created_at: "2023-03-01T09:15:00-05:00",
  acknowledge_message: "",
  closed_at: "2023-03-02T10:00:00-05:00",
  auto_assignment: "Yes",
  "Q: What is the size of the pothole?": "Small",
};

/** Writes a CSV (RFC 4180 quoting where needed) from a header and rows given as objects. */
export function toCsv(header: readonly string[], rows: readonly Row[], eol = "\n"): string {
  const quoteField = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const lines = [header.map(quoteField).join(","), ...rows.map((row) => header.map((name) => quoteField(row[name] ?? "")).join(","))];
  return lines.join(eol) + eol;
}
