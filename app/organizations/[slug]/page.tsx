import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { GeoJsonObject } from "geojson";
import { getEnv } from "@/lib/env";
import { canAccessOrganization, decide } from "@/lib/auth/policy";
import { requirePageViewer } from "@/app/require-viewer";
import { getOrganizationDetail } from "@/lib/crm/organizations";
import { wrenchbotEmail } from "@/lib/org/org-config-schema";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { BoundaryMapLazy } from "@/components/map/boundary-map-lazy";
import { OrgConfigTransfer } from "@/components/settings/org-config-transfer";
import { agencyColor } from "@/components/map/agency-colors";
import { formatWithZone } from "@/components/ui/date-time";
import { InviteForm, InviteList, type InviteActions } from "@/components/portal/invite-section";
import { listInvites, type InviteListItem } from "@/lib/auth/invites";
import { listSettingsAuditEvents, listSignInAuditEvents } from "@/lib/auth/audit-log";
import { AuditEventList } from "@/components/audit/audit-event-list";
import { RequestTypesTable } from "@/components/settings/request-types-table";
import { createInviteAction, revokeInviteAction } from "./actions";

export const dynamic = "force-dynamic";

// The "Customer portal" section reaches the server only through these (ADR 0011).
const inviteActions: InviteActions = { createInvite: createInviteAction, revokeInvite: revokeInviteAction };

type Params = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { slug } = await params;
  return { title: slug };
}

export default async function OrganizationPage({ params }: Params) {
  const { slug } = await params;
  const [viewer, organization] = await Promise.all([requirePageViewer(), getOrganizationDetail(slug)]);
  if (!organization || !canAccessOrganization(viewer, organization.id)) notFound();
  const canConfigure = decide(viewer, "configure", organization.id).ok;

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{organization.name}</h1>
          <p className="text-sm text-muted-foreground">
          {organization.slug} · {organization.timezone} · system messages posted by {organization.genericUser?.email ?? `${wrenchbotEmail(organization.slug)} (Wrenchbot)`}
          </p>
        </div>
        {canConfigure ? (
          <Link href={`/organizations/${organization.slug}/edit`} className={buttonVariants({ variant: "secondary", size: "sm" })}>
            Edit settings
          </Link>
        ) : null}
      </div>

      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <BoundariesCard organization={organization} />
        <AgenciesCard organization={organization} canConfigure={canConfigure} />
      </div>

      <CustomerPortalCard organization={organization} />
      <RequestTypesCard organization={organization} canConfigure={canConfigure} />
      <PeopleCard organization={organization} />
      {canConfigure ? <SettingsFileCard organization={organization} /> : null}
      <SettingsHistoryCard organization={organization} />
    </div>
  );
}

type Organization = NonNullable<Awaited<ReturnType<typeof getOrganizationDetail>>>;

function BoundariesCard({ organization }: { organization: Organization }) {
  const env = getEnv();
  const agencies = organization.agencies.map((agency, index) => ({ name: agency.name, color: agencyColor(index), boundary: (agency.boundary ?? null) as GeoJsonObject | null }));
  const defaultLocation =
    organization.defaultLat !== null && organization.defaultLng !== null
      ? [{ lat: organization.defaultLat, lng: organization.defaultLng, label: `Default location: ${organization.defaultAddress ?? ""}` }]
      : [];
  return (
    <Card>
      <CardHeader>
        <CardTitle>Agency boundaries</CardTitle>
        <CardDescription>Every imported point must fall inside the boundary of its request type&apos;s agency.</CardDescription>
      </CardHeader>
      <CardContent>
        <BoundaryMapLazy agencies={agencies} points={defaultLocation} tileUrl={env.MAP_TILE_URL} tileAttribution={env.MAP_TILE_ATTRIBUTION} label={`Map of ${organization.name} agency boundaries`} className="h-96" />
      </CardContent>
    </Card>
  );
}

function AgenciesCard({ organization, canConfigure }: { organization: Organization; canConfigure: boolean }) {
  return (
    <Card id="agencies" className="scroll-mt-20">
      <CardHeader>
        <CardTitle>Agencies</CardTitle>
      </CardHeader>
      <CardContent>
        <ul className="flex flex-col gap-3 text-sm">
          {organization.agencies.map((agency, index) => (
            <li key={agency.id} className="flex items-center justify-between gap-3">
              <span className="flex items-center gap-2">
                <span aria-hidden className="size-3 rounded-sm" style={{ background: agencyColor(index) }} />
                {agency.name}
              </span>
              <span className="flex items-center gap-3">
                {agency.boundary ? (
                  <span className="text-muted-foreground">{(agency.boundary as { type: string }).type === "MultiPolygon" ? "several areas" : "one area"}</span>
                ) : (
                  <Badge tone="warning">no boundary</Badge>
                )}
                {canConfigure ? (
                  <Link href={`/organizations/${organization.slug}/agencies/${agency.id}/boundary`} className="text-primary underline-offset-2 hover:underline" aria-label={`Edit the boundary of ${agency.name}`}>
                    Edit
                  </Link>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
        {organization.defaultAddress ? (
          <p className="mt-4 border-t border-border pt-3 text-sm text-muted-foreground">Default location for rows without one: {organization.defaultAddress}</p>
        ) : null}
        <p className="mt-2 text-sm text-muted-foreground">Acknowledgement message for rows without one: “{organization.acknowledgeMessage ?? "Issue Acknowledged"}”{organization.acknowledgeMessage ? "" : " (the CRM's default)"}</p>
      </CardContent>
    </Card>
  );
}

function SettingsFileCard({ organization }: { organization: Organization }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Settings file</CardTitle>
        <CardDescription>The whole organization as one JSON file: keep a copy, edit it, or apply one prepared elsewhere.</CardDescription>
      </CardHeader>
      <CardContent>
        <OrgConfigTransfer organizationId={organization.id} slug={organization.slug} />
      </CardContent>
    </Card>
  );
}

function RequestTypesCard({ organization, canConfigure }: { organization: Organization; canConfigure: boolean }) {
  return (
    <Card id="request-types" className="scroll-mt-20">
      <CardHeader>
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <CardTitle>Request types</CardTitle>
            <CardDescription>Rows are imported into these types, after the mapping file renames old ones.</CardDescription>
          </div>
          {canConfigure ? (
            <Link href={`/organizations/${organization.slug}/request-types/new`} className={buttonVariants({ variant: "secondary", size: "sm" })}>
              Add request type
            </Link>
          ) : null}
        </div>
      </CardHeader>
      <RequestTypesTable
        requestTypes={organization.requestTypes}
        label={`Request types of ${organization.name}`}
        {...(canConfigure ? { editHref: (id: number) => `/organizations/${organization.slug}/request-types/${id}` } : {})}
      />
    </Card>
  );
}

function PeopleCard({ organization }: { organization: Organization }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>People</CardTitle>
      </CardHeader>
      <CardContent>
        <ul className="grid gap-2 text-sm sm:grid-cols-2">
          {organization.memberships.map((membership) => (
            <li key={membership.userId} className="flex items-center justify-between gap-2">
              <span>{membership.user.name ? `${membership.user.name} · ` : ""}<span className="text-muted-foreground">{membership.user.email}</span></span>
              <Badge tone={membership.role === "admin" ? "info" : "neutral"}>{membership.role}</Badge>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}

/** Every settings change, newest first: who, when (in the organization's zone) and what changed (ADR 0018). */
async function SettingsHistoryCard({ organization }: { organization: Organization }) {
  const events = await listSettingsAuditEvents(organization.id);
  return (
    <Card aria-labelledby="settings-history-title">
      <CardHeader>
        <CardTitle id="settings-history-title">Settings history</CardTitle>
        <CardDescription>Changes to the organization, its agencies&apos; boundaries, request types and questions, settings files applied and column profiles saved.</CardDescription>
      </CardHeader>
      <CardContent>
        <AuditEventList events={events} timeZone={organization.timezone} label="Settings history" empty="No settings changes recorded yet." />
      </CardContent>
    </Card>
  );
}

/** When an invite was used, revoked, or expires (or expired), in the organization's zone. */
function inviteWhen(invite: InviteListItem, timeZone: string): string {
  if (invite.status === "used" && invite.usedAt) return `used ${formatWithZone(invite.usedAt, timeZone)}`;
  if (invite.status === "revoked" && invite.revokedAt) return `revoked ${formatWithZone(invite.revokedAt, timeZone)}`;
  if (!invite.expiresAt) return "—";
  return `${invite.status === "expired" ? "expired" : "expires"} ${formatWithZone(invite.expiresAt, timeZone)}`;
}

async function CustomerPortalCard({ organization }: { organization: Organization }) {
  const [invites, signIns] = await Promise.all([listInvites(organization.id), listSignInAuditEvents(organization.id)]);
  return (
    <Card aria-labelledby="customer-portal-title">
      <CardHeader>
        <CardTitle id="customer-portal-title">Customer portal</CardTitle>
        <CardDescription>
          Invite a contact at {organization.name} to upload their files, see and fix the problems, download the error report and submit the files for your review. They can never import.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-6">
        <InviteForm organizationId={organization.id} actions={inviteActions} />
        <InviteList invites={invites.map((invite) => ({ id: invite.id, email: invite.email, status: invite.status, createdBy: invite.createdBy, when: inviteWhen(invite, organization.timezone) }))} actions={inviteActions} />
        <section aria-labelledby="portal-sign-ins-title" className="flex flex-col gap-2">
          <h3 id="portal-sign-ins-title" className="text-sm font-semibold">Recent sign-ins</h3>
          <p className="text-xs text-muted-foreground">The last 20 sign-ins and wrong passwords of this organization&apos;s accounts.</p>
          <AuditEventList events={signIns} timeZone={organization.timezone} label="Recent sign-ins" empty="Nobody from this organization has signed in yet." />
        </section>
      </CardContent>
    </Card>
  );
}
