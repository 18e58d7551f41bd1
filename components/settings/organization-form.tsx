"use client";

import { useEffect, useId, useState, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { useForm, type UseFormReturn } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { GeoJsonObject } from "geojson";
import { organizationFormSchema, type OrganizationFormValues } from "@/lib/forms/organization-form-schema";
import type { ActionResult } from "@/lib/forms/action-result";
import { LocationPickerLazy } from "@/components/map/location-picker-lazy";
import { Button } from "@/components/ui/button";

type Props = {
  /** The page's server action (saveOrganizationAction), handed down (ADR 0011). */
  save: (input: { organizationId?: number; values: OrganizationFormValues }) => Promise<ActionResult<{ slug: string }>>;
  /** Absent when creating one. */
  organizationId?: number;
  defaults: OrganizationFormValues;
  memberEmails: string[];
  boundaries: GeoJsonObject[];
  tileUrl: string;
  tileAttribution: string;
};

type Form = UseFormReturn<OrganizationFormValues>;

const inputClass = "h-10 rounded-md border border-border bg-white px-3 text-sm aria-[invalid=true]:border-danger disabled:bg-muted";

/** An organization's own settings; the same zod schema checks them here and in the server action. */
export function OrganizationForm({ save, organizationId, defaults, memberEmails, boundaries, tileUrl, tileAttribution }: Props) {
  const router = useRouter();
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<OrganizationFormValues>({ resolver: zodResolver(organizationFormSchema), defaultValues: defaults, mode: "onBlur" });
  const creating = organizationId === undefined;
  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    const result = await save({ ...(creating ? {} : { organizationId }), values });
    if (!result.ok) setFailure(result.reason);
    else {
      router.push(`/organizations/${result.slug}`);
      router.refresh();
    }
  });
  const busy = form.formState.isSubmitting;
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-6">
      <div className="grid gap-5 md:grid-cols-2">
        <Field form={form} name="name" label="Name" hint="As city staff see it, e.g. City of Springfield." />
        <Field form={form} name="slug" label="Slug" hint={creating ? "Lower-case letters, digits and hyphens; fixed once made (URLs and the command line use it)." : "Fixed: URLs and the command line use it."} disabled={!creating} />
        <TimeZoneField form={form} />
        <GenericUserField form={form} memberEmails={memberEmails} />
        <Field form={form} name="acknowledgeMessage" label="Acknowledgement message" hint="Posted when an imported issue is acknowledged and its row's acknowledge_message is blank. Empty: the CRM's “Issue Acknowledged”." />
      </div>
      <DefaultLocation form={form} boundaries={boundaries} tileUrl={tileUrl} tileAttribution={tileAttribution} />
      {failure ? (
        <p role="alert" className="rounded-md border border-red-200 bg-danger-soft px-4 py-3 text-sm text-danger">
          {failure}
        </p>
      ) : null}
      <div>
        <Button type="submit" disabled={busy}>
          {busy ? "Saving…" : creating ? "Create organization" : "Save settings"}
        </Button>
      </div>
    </form>
  );
}

function Field({ form, name, label, hint, disabled = false, children }: { form: Form; name: keyof OrganizationFormValues; label: string; hint?: string; disabled?: boolean; children?: (props: object) => ReactNode }) {
  const id = useId();
  const error = form.formState.errors[name]?.message;
  const props = { id, ...form.register(name), disabled, "aria-invalid": error ? true : undefined, "aria-describedby": `${id}-hint ${id}-error`, className: inputClass };
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children ? children(props) : <input type="text" {...props} />}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A text input with the IANA zones to choose from as you type (a datalist: searchable, keyboard-friendly). */
function TimeZoneField({ form }: { form: Form }) {
  const listId = useId();
  // Read in the browser only: the server's list could differ from the browser's and break hydration.
  const [zones, setZones] = useState<string[]>([]);
  useEffect(() => setZones(Intl.supportedValuesOf("timeZone")), []);
  return (
    <Field form={form} name="timezone" label="Time zone" hint="Times without an offset are read in it. Type to search, e.g. Chicago.">
      {(props) => (
        <>
          <input type="text" list={listId} autoComplete="off" {...props} />
          <datalist id={listId}>
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        </>
      )}
    </Field>
  );
}

function GenericUserField({ form, memberEmails }: { form: Form; memberEmails: string[] }) {
  const listId = useId();
  return (
    <Field form={form} name="genericUserEmail" label="Generic user" hint="Posts the system messages of imported issues. Empty: the organization's Wrenchbot.">
      {(props) => (
        <>
          <input type="email" list={listId} autoComplete="off" {...props} />
          <datalist id={listId}>
            {memberEmails.map((email) => (
              <option key={email} value={email} />
            ))}
          </datalist>
        </>
      )}
    </Field>
  );
}

function DefaultLocation({ form, boundaries, tileUrl, tileAttribution }: { form: Form; boundaries: GeoJsonObject[]; tileUrl: string; tileAttribution: string }) {
  const [lat, lng] = form.watch(["defaultLat", "defaultLng"]);
  const value = lat !== "" && lng !== "" && Number.isFinite(Number(lat)) && Number.isFinite(Number(lng)) ? { lat: Number(lat), lng: Number(lng) } : null;
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="text-sm font-medium">Default location</legend>
      <p className="text-xs text-muted-foreground">The point given to rows that have none (&quot;use default location&quot;), such as City Hall. Click the map to place it.</p>
      <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.5fr)]">
        <div className="flex flex-col gap-4">
          <Field form={form} name="defaultAddress" label="Address" />
          <div className="grid grid-cols-2 gap-3">
            <Field form={form} name="defaultLat" label="Latitude" />
            <Field form={form} name="defaultLng" label="Longitude" />
          </div>
        </div>
        <LocationPickerLazy
          value={value}
          onPick={(point) => {
            form.setValue("defaultLat", String(point.lat), { shouldDirty: true, shouldValidate: true });
            form.setValue("defaultLng", String(point.lng), { shouldDirty: true, shouldValidate: true });
          }}
          context={boundaries}
          tileUrl={tileUrl}
          tileAttribution={tileAttribution}
          label="Map to pick the default location"
          className="h-72"
        />
      </div>
    </fieldset>
  );
}
