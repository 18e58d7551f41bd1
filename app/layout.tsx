import type { Metadata } from "next";
import Link from "next/link";
import { NavLink } from "@/components/shell/nav-link";
import { AccountMenu } from "@/components/shell/account-menu";
import { getViewer } from "@/lib/auth/viewer";
import type { Viewer } from "@/lib/auth/policy";
import { listOrganizationsForViewer } from "@/lib/crm/organizations";
import { signOutAction } from "./sign-in/actions";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Bulk import · SeeClickFix 311 CRM", template: "%s · Bulk import" },
  description: "Validate, repair and import a city's 311 service-request history into the SeeClickFix 311 CRM.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The header shows who is signed in and what they may use: the staff navigation, or a customer's
  // portal with its organization's name; the sign-in page shows neither.
  const viewer = await getViewer();
  const home = viewer && !viewer.isStaff ? "/portal" : "/imports";
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2">
          Skip to content
        </a>
        <header className="border-b border-border bg-white">
          <div className="mx-auto flex h-14 max-w-7xl items-center gap-6 px-6">
            <Link href={home} className="flex items-center gap-2 font-semibold">
              <span aria-hidden className="grid size-7 place-items-center rounded-md bg-primary text-xs font-bold text-white">311</span>
              Bulk import
            </Link>
            {viewer ? (
              <>
                {viewer.isStaff ? (
                  <nav aria-label="Main" className="flex items-center gap-1">
                    <NavLink href="/imports">Imports</NavLink>
                    <NavLink href="/organizations">Organizations</NavLink>
                  </nav>
                ) : (
                  <PortalNav viewer={viewer} />
                )}
                <AccountMenu name={viewer.name} email={viewer.email} role={viewer.role} signOut={signOutAction} />
              </>
            ) : null}
          </div>
        </header>
        <main id="main" className="mx-auto max-w-7xl px-6 py-8">
          {children}
        </main>
      </body>
    </html>
  );
}

/** A customer's header: their organization and the portal's places, nothing staff-only. */
async function PortalNav({ viewer }: { viewer: Viewer }) {
  const organizations = await listOrganizationsForViewer(viewer);
  return (
    <>
      <span className="rounded-md bg-muted px-2 py-1 text-sm font-medium" data-testid="portal-organization">
        {organizations.map((organization) => organization.name).join(", ") || "No organization"}
      </span>
      <nav aria-label="Main" className="flex items-center gap-1">
        <NavLink href="/portal" exact>Your imports</NavLink>
        <NavLink href="/portal/imports/new">Upload files</NavLink>
        <NavLink href="/portal/request-types">Request types</NavLink>
      </nav>
    </>
  );
}
