import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getEnv } from "@/lib/env";
import { requirePageViewer } from "@/app/require-viewer";
import { Card, CardContent } from "@/components/ui/card";
import { OrganizationForm } from "@/components/settings/organization-form";
import { saveOrganizationAction } from "@/app/organizations/actions";

export const metadata: Metadata = { title: "New organization" };
export const dynamic = "force-dynamic";

export default async function NewOrganizationPage() {
  const viewer = await requirePageViewer();
  if (!viewer.isStaff) notFound();
  const env = getEnv();
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">New organization</h1>
        <p className="text-sm text-muted-foreground">Then add its agencies and their boundaries, its request types and their questions, here or from a settings file.</p>
      </div>
      <Card>
        <CardContent className="py-5">
          <OrganizationForm
            save={saveOrganizationAction}
            defaults={{ name: "", slug: "", timezone: "America/New_York", genericUserEmail: "", defaultLat: "", defaultLng: "", defaultAddress: "", acknowledgeMessage: "" }}
            memberEmails={[]}
            boundaries={[]}
            tileUrl={env.MAP_TILE_URL}
            tileAttribution={env.MAP_TILE_ATTRIBUTION}
          />
        </CardContent>
      </Card>
    </div>
  );
}
