import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { GeoJsonObject } from "geojson";
import { getEnv } from "@/lib/env";
import { decide } from "@/lib/auth/policy";
import { getOrganizationSettings } from "@/lib/crm/organization-settings";
import { getAgencyBoundaries } from "@/lib/crm/agency-boundary";
import { requirePageViewer } from "@/app/require-viewer";
import { SettingsHeading } from "@/components/settings/settings-heading";
import { Card, CardContent } from "@/components/ui/card";
import { OrganizationForm } from "@/components/settings/organization-form";
import { saveOrganizationAction } from "@/app/organizations/actions";

export const metadata: Metadata = { title: "Organization settings" };
export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string }> };

export default async function EditOrganizationPage({ params }: Params) {
  const { slug } = await params;
  const [viewer, settings] = await Promise.all([requirePageViewer(), getOrganizationSettings(slug)]);
  if (!settings || !decide(viewer, "configure", settings.id).ok) notFound();
  const env = getEnv();
  const boundaries = (await getAgencyBoundaries(settings.id)) as GeoJsonObject[];
  return (
    <div className="flex flex-col gap-6">
      <SettingsHeading organization={{ name: settings.values.name, slug }} section="Settings" title={"Organization settings"} />
      <Card>
        <CardContent className="py-5">
          <OrganizationForm save={saveOrganizationAction} organizationId={settings.id} defaults={settings.values} memberEmails={settings.memberEmails} boundaries={boundaries} tileUrl={env.MAP_TILE_URL} tileAttribution={env.MAP_TILE_ATTRIBUTION} />
        </CardContent>
      </Card>
    </div>
  );
}
