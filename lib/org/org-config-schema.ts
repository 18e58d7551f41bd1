import * as z from "zod";
import { isIanaTimeZone } from "../time/zoned.ts";
import { parseWithSchema, type SchemaProblem } from "../utils/parse-with-schema.ts";

/**
 * The organization configuration file (contract §1). This one schema is the source of the
 * TypeScript types, of `bulk-import org apply` validation and of docs/org-config.schema.json.
 */

const longitude = z.number().min(-180).max(180);
const latitude = z.number().min(-90).max(90);
const position = z.tuple([longitude, latitude]).rest(z.number());

const linearRing = z
  .array(position)
  .min(4, "A ring needs at least 4 positions.")
  .refine(
    (ring) => {
      const first = ring[0];
      const last = ring[ring.length - 1];
      return !!first && !!last && first[0] === last[0] && first[1] === last[1];
    },
    { message: "A ring must be closed: its first and last positions must be equal." },
  );

export const polygonSchema = z.object({
  type: z.literal("Polygon"),
  coordinates: z.array(linearRing).min(1, "A polygon needs an outer ring."),
});

export const multiPolygonSchema = z.object({
  type: z.literal("MultiPolygon"),
  coordinates: z.array(z.array(linearRing).min(1, "A polygon needs an outer ring.")).min(1),
});

export const boundarySchema = z.discriminatedUnion("type", [polygonSchema, multiPolygonSchema]);

export const questionKinds = ["text", "textarea", "number", "select", "multivaluelist", "datetime", "boolean"] as const;
export const questionKindSchema = z.enum(questionKinds);

export const questionSchema = z
  .object({
    text: z.string().trim().min(1, "A question needs its text."),
    kind: questionKindSchema,
    required: z.boolean().default(false),
    options: z.array(z.string().trim().min(1)).optional(),
  })
  .superRefine((question, ctx) => {
    const needsOptions = question.kind === "select" || question.kind === "multivaluelist";
    if (needsOptions && (!question.options || question.options.length === 0)) {
      ctx.addIssue({ code: "custom", path: ["options"], message: `A ${question.kind} question needs options.` });
    }
    if (question.options && new Set(question.options).size !== question.options.length) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "Options must be unique." });
    }
    if (question.kind === "multivaluelist" && question.options?.some((option) => option.includes(";"))) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "multivaluelist options cannot contain ';'." });
    }
  });

const emailSchema = z.string().trim().toLowerCase().pipe(z.email());

export const requestTypeSchema = z.object({
  title: z.string().trim().min(1, "A request type needs a title."),
  agency: z.string().trim().min(1, "A request type needs an agency."),
  enabled: z.boolean().default(true),
  autoAssignTo: emailSchema.optional(),
  questions: z.array(questionSchema).default([]),
});

export const memberRoles = ["admin", "member", "viewer"] as const;

export const orgUserSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1).optional(),
  role: z.enum(memberRoles).default("member"),
});

export const locationSchema = z.object({
  lat: latitude,
  lng: longitude,
  address: z.string().trim().min(1, "The default location needs an address."),
});

export const organizationSchema = z.object({
  name: z.string().trim().min(1, "The organization needs a name."),
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "A slug is lower-case letters, digits and single hyphens."),
  timezone: z.string().refine(isIanaTimeZone, { message: "Not an IANA time zone, e.g. America/New_York." }),
  genericUserEmail: emailSchema.optional(),
  defaultLocation: locationSchema.optional(),
  /** The message of a blank acknowledge_message (absent: the CRM's "Issue Acknowledged"). An addition to contract §1, written only when set. */
  acknowledgeMessage: z.string().trim().min(1, "The acknowledgement message is empty: leave it out for the CRM's default.").max(1000, "An acknowledgement message is at most 1,000 characters.").optional(),
});

export const agencySchema = z.object({
  name: z.string().trim().min(1, "An agency needs a name."),
  boundary: boundarySchema.optional(),
});

export const orgConfigSchema = z
  .object({
    organization: organizationSchema,
    agencies: z.array(agencySchema).default([]),
    requestTypes: z.array(requestTypeSchema).default([]),
    users: z.array(orgUserSchema).default([]),
  })
  .superRefine((config, ctx) => {
    const agencyNames = new Set<string>();
    config.agencies.forEach((agency, index) => {
      if (agencyNames.has(agency.name)) {
        ctx.addIssue({ code: "custom", path: ["agencies", index, "name"], message: `Agency "${agency.name}" is listed twice.` });
      }
      agencyNames.add(agency.name);
    });

    const userEmails = new Set<string>();
    config.users.forEach((user, index) => {
      if (userEmails.has(user.email)) {
        ctx.addIssue({ code: "custom", path: ["users", index, "email"], message: `User ${user.email} is listed twice.` });
      }
      userEmails.add(user.email);
    });

    const generic = config.organization.genericUserEmail;
    if (generic && !userEmails.has(generic)) {
      ctx.addIssue({
        code: "custom",
        path: ["organization", "genericUserEmail"],
        message: `The generic user ${generic} must be listed in users.`,
      });
    }

    const titles = new Set<string>();
    config.requestTypes.forEach((requestType, index) => {
      if (titles.has(requestType.title)) {
        ctx.addIssue({ code: "custom", path: ["requestTypes", index, "title"], message: `Request type "${requestType.title}" is listed twice.` });
      }
      titles.add(requestType.title);
      if (!agencyNames.has(requestType.agency)) {
        ctx.addIssue({
          code: "custom",
          path: ["requestTypes", index, "agency"],
          message: `Request type "${requestType.title}" names agency "${requestType.agency}", which is not in agencies.`,
        });
      }
      if (requestType.autoAssignTo && !userEmails.has(requestType.autoAssignTo)) {
        ctx.addIssue({
          code: "custom",
          path: ["requestTypes", index, "autoAssignTo"],
          message: `Auto-assign target ${requestType.autoAssignTo} must be listed in users.`,
        });
      }
      const texts = new Set<string>();
      requestType.questions.forEach((question, questionIndex) => {
        if (texts.has(question.text)) {
          ctx.addIssue({
            code: "custom",
            path: ["requestTypes", index, "questions", questionIndex, "text"],
            message: `Question "${question.text}" is listed twice in "${requestType.title}".`,
          });
        }
        texts.add(question.text);
      });
    });
  });

export type OrgConfig = z.infer<typeof orgConfigSchema>;
export type OrgConfigInput = z.input<typeof orgConfigSchema>;
export type Boundary = z.infer<typeof boundarySchema>;
export type Question = z.infer<typeof questionSchema>;
export type QuestionKind = z.infer<typeof questionKindSchema>;
export type RequestTypeConfig = z.infer<typeof requestTypeSchema>;
export type AgencyConfig = z.infer<typeof agencySchema>;
export type OrgLocation = z.infer<typeof locationSchema>;

/** The Wrenchbot service user's address when an organization names no generic user. */
export function wrenchbotEmail(slug: string): string {
  return `wrenchbot@${slug}.invalid`;
}

export type OrgConfigProblem = SchemaProblem;

/** Parses a configuration and lists every problem, each with a readable JSON path. */
export function parseOrgConfig(input: unknown): { ok: true; config: OrgConfig } | { ok: false; problems: OrgConfigProblem[] } {
  const parsed = parseWithSchema(orgConfigSchema, input);
  return parsed.ok ? { ok: true, config: parsed.value } : parsed;
}
