import * as z from "zod";
import { organizationSchema } from "../org/org-config-schema.ts";

// An organization's own settings as the form edits them (issue #15). One schema for the form
// (react-hook-form's resolver) and its server action; the fields and their rules are those of the
// configuration file (contract §1), kept as text the way inputs hold them.

const coordinate = (name: string, limit: number) =>
  z
    .string()
    .trim()
    .refine((value) => value === "" || (Number.isFinite(Number(value)) && Math.abs(Number(value)) <= limit), `A ${name} is a number from −${limit} to ${limit}.`);

export const organizationFormSchema = z
  .object({
    name: organizationSchema.shape.name,
    slug: organizationSchema.shape.slug,
    timezone: organizationSchema.shape.timezone,
    genericUserEmail: z
      .string()
      .trim()
      .toLowerCase()
      .refine((value) => value === "" || z.email().safeParse(value).success, "Not an e-mail address."),
    defaultLat: coordinate("latitude", 90),
    defaultLng: coordinate("longitude", 180),
    defaultAddress: z.string().trim().max(300),
    acknowledgeMessage: z.string().trim().max(1000, "An acknowledgement message is at most 1,000 characters."),
  })
  .superRefine((values, ctx) => {
    const given = [values.defaultLat, values.defaultLng, values.defaultAddress].filter((value) => value !== "").length;
    if (given > 0 && given < 3) {
      for (const key of ["defaultLat", "defaultLng", "defaultAddress"] as const) {
        if (values[key] === "") ctx.addIssue({ code: "custom", path: [key], message: "The default location needs its latitude, longitude and address (or none of them)." });
      }
    }
  });

export type OrganizationFormValues = z.infer<typeof organizationFormSchema>;

export type OrganizationSettings = {
  name: string;
  slug: string;
  timezone: string;
  genericUserEmail: string | null;
  defaultLocation: { lat: number; lng: number; address: string } | null;
  /** null: the CRM's "Issue Acknowledged". */
  acknowledgeMessage: string | null;
};

export function toOrganizationSettings(values: OrganizationFormValues): OrganizationSettings {
  return {
    name: values.name,
    slug: values.slug,
    timezone: values.timezone,
    genericUserEmail: values.genericUserEmail || null,
    defaultLocation: values.defaultAddress ? { lat: Number(values.defaultLat), lng: Number(values.defaultLng), address: values.defaultAddress } : null,
    acknowledgeMessage: values.acknowledgeMessage || null,
  };
}
