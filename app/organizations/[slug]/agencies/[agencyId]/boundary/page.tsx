import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { GeoJsonObject } from "geojson";
import { getEnv } from "@/lib/env";
import { decide } from "@/lib/auth/policy";
import { recordIdSchema } from "@/lib/forms/record-id";
import { getAgencyBoundary } from "@/lib/crm/agency-boundary";
import { requirePageViewer } from "@/app/require-viewer";
import { SettingsHeading } from "@/components/settings/settings-heading";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { BoundaryEditor } from "@/components/settings/boundary-editor";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string; agencyId: string }> };

export const metadata: Metadata = { title: "Agency boundary" };

export default async function AgencyBoundaryPage({ params }: Params) {
  const { slug, agencyId } = await params;
  const id = recordIdSchema.safeParse(agencyId);
  if (!id.success) notFound();
  const [viewer, found] = await Promise.all([requirePageViewer(), getAgencyBoundary(slug, id.data)]);
  if (!found || !decide(viewer, "configure", found.organization.id).ok) notFound();
  const { organization, agency } = found;
  const env = getEnv();
  return (
    <div className="flex flex-col gap-6">
      <SettingsHeading organization={organization} section="Agencies" title={`Boundary of ${agency.name}`} />
      <Card>
        <CardHeader>
          <CardTitle>{agency.boundary ? "Replace the boundary" : "Set a boundary"}</CardTitle>
          <CardDescription>
            Every imported point of this agency&apos;s request types must fall inside it. The file is checked here first: each fault is named and shown on the map, and nothing is saved until none is left.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <BoundaryEditor
            organizationId={organization.id}
            agencyId={agency.id}
            agencyName={agency.name}
            current={(agency.boundary ?? null) as GeoJsonObject | null}
            tileUrl={env.MAP_TILE_URL}
            tileAttribution={env.MAP_TILE_ATTRIBUTION}
          />
        </CardContent>
      </Card>
    </div>
  );
}
