import type { Metadata } from "next";
import Link from "next/link";
import { Building2 } from "lucide-react";
import { requirePageViewer } from "@/app/require-viewer";
import { listOrganizationsForViewer } from "@/lib/crm/organizations";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { buttonVariants } from "@/components/ui/button";

export const metadata: Metadata = { title: "Organizations" };
export const dynamic = "force-dynamic";

const number = new Intl.NumberFormat("en-US");

export default async function OrganizationsPage() {
  const viewer = await requirePageViewer();
  const organizations = await listOrganizationsForViewer(viewer);
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Organizations</h1>
          <p className="text-sm text-muted-foreground">Each import goes into one organization, whose request types, agencies and boundaries must be set up first.</p>
        </div>
        {viewer.isStaff ? (
          <Link href="/organizations/new" className={buttonVariants({ size: "sm" })}>
            New organization
          </Link>
        ) : null}
      </div>
      {organizations.length === 0 ? (
        <EmptyState icon={<Building2 className="size-10" />} title="No organizations yet">
          <p>
            Load one from a configuration file with <code className="rounded bg-muted px-1">npx bulk-import org apply city.json</code>.
          </p>
        </EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {organizations.map((organization) => (
            <li key={organization.id}>
              <Card className="h-full">
                <CardHeader>
                  <CardTitle>
                    <Link href={`/organizations/${organization.slug}`} className="text-primary hover:underline">{organization.name}</Link>
                  </CardTitle>
                  <CardDescription>{organization.slug} · {organization.timezone}</CardDescription>
                </CardHeader>
                <CardContent>
                  <dl className="grid grid-cols-2 gap-2 text-sm">
                    <dt className="text-muted-foreground">Request types</dt><dd className="text-right tabular-nums">{number.format(organization._count.requestTypes)}</dd>
                    <dt className="text-muted-foreground">Agencies</dt><dd className="text-right tabular-nums">{number.format(organization._count.agencies)}</dd>
                    <dt className="text-muted-foreground">Imports</dt><dd className="text-right tabular-nums">{number.format(organization._count.importJobs)}</dd>
                    <dt className="text-muted-foreground">Issues</dt><dd className="text-right tabular-nums">{number.format(organization._count.issues)}</dd>
                  </dl>
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
