import * as z from "zod";
import { isIanaTimeZone } from "../time/zoned.ts";
import { parseWithSchema, type SchemaProblem } from "../utils/parse-with-schema.ts";
import { commentColumnPattern, isFixedColumn, questionTextOf } from "../engine/format.ts";
import { localFormatProblem } from "../time/local-formats.ts";

/**
 * A source profile (contract §7): how another system's export becomes the canonical format.
 * This one zod schema is the source of the TypeScript types, of profile loading (`--profile
 * FILE`, built-ins) and of docs/profile.schema.json. It runs at the boundary only: the
 * converter compiles a parsed profile once (compile-profile.ts) and uses plain code per row.
 */

/** Timestamp formats besides the pattern letters of lib/time/local-formats.ts. */
export const specialTimestampFormats = ["iso", "epoch-seconds", "epoch-millis"] as const;

const timestampFormatSchema = z
  .string()
  .min(1)
  .superRefine((format, ctx) => {
    if ((specialTimestampFormats as readonly string[]).includes(format)) return;
    const problem = localFormatProblem(format);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .describe(
    '"iso" (ISO 8601, with an offset or naive in the time zone; a space may replace T), "epoch-seconds", "epoch-millis", or a pattern such as "MM/dd/yyyy hh:mm:ss a" (yyyy MM dd HH hh mm ss S a; \'text\' literal).',
  );

const formatsSchema = z.array(timestampFormatSchema).min(1).optional().describe("Timestamp formats for this column, tried in order (overrides timestamps.formats).");
const sourceColumnSchema = z.string().min(1).describe("A source column's header (matched exactly, else ignoring case, spaces and punctuation).");

export const copySourceSchema = z.strictObject({
  kind: z.literal("copy"),
  column: sourceColumnSchema,
  formats: formatsSchema,
});
export const templateSourceSchema = z.strictObject({
  kind: z.literal("template"),
  template: z.string().min(1).describe('Text with {Source Column} placeholders, e.g. "{Complaint Type}: {Descriptor}". Separators next to a blank value are dropped.'),
  formats: formatsSchema,
});
export const constantSourceSchema = z.strictObject({
  kind: z.literal("constant"),
  value: z.string(),
});
export const valueMapSourceSchema = z.strictObject({
  kind: z.literal("valueMap"),
  column: sourceColumnSchema,
  map: z.record(z.string(), z.string()).describe("Source value → canonical value (keys matched ignoring case and surrounding spaces)."),
  default: z.string().optional().describe("For a value the map does not list; without it the source value is kept."),
});
export const firstOfSourceSchema = z.strictObject({
  kind: z.literal("firstOf"),
  columns: z.array(sourceColumnSchema).min(1).describe("The first of these columns with a value (not blank, not a null marker)."),
  formats: formatsSchema,
});

export const columnObjectSourceSchema = z.discriminatedUnion("kind", [
  copySourceSchema,
  templateSourceSchema,
  constantSourceSchema,
  valueMapSourceSchema,
  firstOfSourceSchema,
]);

/** A column's source; a plain string is short for `{ "kind": "copy", "column": … }`. */
export const columnSourceSchema = z.union([sourceColumnSchema, columnObjectSourceSchema]);

export const statusSchema = z.strictObject({
  column: sourceColumnSchema.describe("The source column holding the status."),
  open: z.array(z.string()).describe("Status values that mean open (compared ignoring case and spaces)."),
  closed: z.array(z.string()).describe("Status values that mean closed."),
  closedAt: columnSourceSchema.optional().describe("Where a closed row's close time comes from."),
  closedWithoutTime: z
    .enum(["created", "blank"])
    .default("created")
    .describe('A closed row without a close time: "created" writes the created time as closed_at, "blank" leaves it open (warning closed_without_time either way).'),
});

export const delimiterChoices = ["comma", "tab", "pipe", "semicolon", "auto"] as const;
export const delimiterCharacters = { comma: ",", tab: "\t", pipe: "|", semicolon: ";" } as const;

export const defaultNullMarkers = ["", "NA", "N/A", "NULL", "-"];

export const sourceProfileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().trim().min(1).describe("Short name, used with --profile NAME."),
    description: z.string().describe("What the profile assumes about the export."),
    identifyingHeaders: z.array(z.string().min(1)).default([]).describe("Headers that recognise this export in auto-detection."),
    delimiter: z.enum(delimiterChoices).default("auto"),
    nullMarkers: z.array(z.string()).default(defaultNullMarkers).describe("Values meaning 'no value' (compared after trimming, ignoring case)."),
    timeZone: z.string().refine(isIanaTimeZone, { message: "Not an IANA time zone, e.g. America/New_York." }).optional().describe("For timestamps without an offset; default: the organization's."),
    timestamps: z
      .strictObject({
        formats: z.array(timestampFormatSchema).min(1).default(["iso"]),
        ambiguous: z.enum(["earlier", "later"]).optional().describe("A local time that happened twice (DST fall-back): which one. Without it: ambiguous_local_time."),
      })
      .default({ formats: ["iso"] }),
    columns: z
      .record(z.string(), columnSourceSchema)
      .superRefine(checkCanonicalKeys)
      .describe("Canonical column (lat, lng, address, request_type, summary, description, reporter_email, created_at, acknowledge_message, closed_at, auto_assignment, public_comment_N, internal_comment_N, Q: question) → its source."),
    status: statusSchema.optional(),
    foldUnusedColumns: z.boolean().default(true).describe("Source columns no canonical column uses go into one internal comment, a `Field: value` line each."),
  })
  .superRefine((profile, ctx) => {
    if (profile.status && profile.columns.closed_at !== undefined) {
      ctx.addIssue({ code: "custom", path: ["columns", "closed_at"], message: "With a status, the close time is status.closedAt." });
    }
  });

export type SourceProfile = z.infer<typeof sourceProfileSchema>;
export type SourceProfileInput = z.input<typeof sourceProfileSchema>;
export type ColumnSource = z.infer<typeof columnSourceSchema>;
export type ColumnObjectSource = z.infer<typeof columnObjectSourceSchema>;
export type StatusRule = z.infer<typeof statusSchema>;

function checkCanonicalKeys(columns: Record<string, unknown>, ctx: z.core.$RefinementCtx<Record<string, unknown>>): void {
  for (const key of Object.keys(columns)) {
    if (isFixedColumn(key) || commentColumnPattern.test(key) || questionTextOf(key)) continue;
    ctx.addIssue({ code: "custom", path: [key], message: `"${key}" is not a canonical column.` });
  }
}

export type ProfileProblem = SchemaProblem;

/** Parses a profile (JSON already read); every problem is listed. */
export function parseSourceProfile(input: unknown): { ok: true; profile: SourceProfile } | { ok: false; problems: ProfileProblem[] } {
  const parsed = parseWithSchema(sourceProfileSchema, input);
  return parsed.ok ? { ok: true, profile: parsed.value } : parsed;
}

/** The object form of a column source. */
export function normalizeSource(source: ColumnSource): ColumnObjectSource {
  return typeof source === "string" ? { kind: "copy", column: source } : source;
}
