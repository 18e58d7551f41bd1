import Link from "next/link";

/** A settings page's heading under its organization: "City of Springfield / Agencies" and the title. */
export function SettingsHeading({ organization, section, title }: { organization: { name: string; slug: string }; section: string; title: string }) {
  return (
    <div>
      <p className="text-sm text-muted-foreground">
        <Link href={`/organizations/${organization.slug}`} className="underline-offset-2 hover:underline">
          {organization.name}
        </Link>{" "}
        / {section}
      </p>
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
    </div>
  );
}
