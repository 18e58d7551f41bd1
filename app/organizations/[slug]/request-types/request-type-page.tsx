import Link from "next/link";
import type { RequestTypeFormValues } from "@/lib/forms/request-type-form-schema";
import { SettingsHeading } from "@/components/settings/settings-heading";
import { Card, CardContent } from "@/components/ui/card";
import { RequestTypeForm } from "@/components/settings/request-type-form";
import { saveRequestTypeAction } from "./actions";

type Props = {
  organization: { id: number; name: string; slug: string; agencies: { id: number; name: string }[] };
  requestTypeId: number | null;
  defaults: RequestTypeFormValues;
  /** The review it was opened from (safeBackPath), returned to once saved. */
  back?: string | null;
  /** The title as saved (an edit); the form warns when it changes. */
  savedTitle?: string | null;
};

/** The add and edit pages of a request type: one layout, one form. */
export function RequestTypePage({ organization, requestTypeId, defaults, back = null, savedTitle = requestTypeId ? defaults.title : null }: Props) {
  return (
    <div className="flex flex-col gap-6">
      <SettingsHeading organization={organization} section="Request types" title={requestTypeId ? defaults.title : "New request type"} />
      {back ? (
        <p className="-mt-3 text-sm text-muted-foreground">
          Once saved, you go back to <Link href={back} className="font-medium text-primary underline-offset-2 hover:underline">import #{back.split("/").pop()}</Link>, which is re-checked against your change.
        </p>
      ) : null}
      <Card>
        <CardContent className="py-5">
          <RequestTypeForm
            save={saveRequestTypeAction}
            organizationId={organization.id}
            organizationSlug={organization.slug}
            requestTypeId={requestTypeId}
            defaults={defaults}
            agencies={organization.agencies}
            savedTitle={savedTitle}
            afterSave={back}
          />
        </CardContent>
      </Card>
    </div>
  );
}
