import type { RequestTypeFormValues } from "@/lib/forms/request-type-form-schema";
import { SettingsHeading } from "@/components/settings/settings-heading";
import { Card, CardContent } from "@/components/ui/card";
import { RequestTypeForm } from "@/components/settings/request-type-form";
import { saveRequestTypeAction } from "./actions";

type Props = {
  organization: { id: number; name: string; slug: string; agencies: { id: number; name: string }[] };
  requestTypeId: number | null;
  defaults: RequestTypeFormValues;
};

/** The add and edit pages of a request type: one layout, one form. */
export function RequestTypePage({ organization, requestTypeId, defaults }: Props) {
  return (
    <div className="flex flex-col gap-6">
      <SettingsHeading organization={organization} section="Request types" title={requestTypeId ? defaults.title : "New request type"} />
      <Card>
        <CardContent className="py-5">
          <RequestTypeForm
            save={saveRequestTypeAction}
            organizationId={organization.id}
            organizationSlug={organization.slug}
            requestTypeId={requestTypeId}
            defaults={defaults}
            agencies={organization.agencies}
            savedTitle={requestTypeId ? defaults.title : null}
          />
        </CardContent>
      </Card>
    </div>
  );
}
