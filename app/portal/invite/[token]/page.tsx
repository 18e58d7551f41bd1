import type { Metadata } from "next";
import Link from "next/link";
import { checkInvite } from "@/lib/auth/invites";
import { inviteRefusals } from "@/lib/auth/invite-status";
import { minPasswordLength } from "@/lib/auth/accounts";
import { acceptInviteSchema } from "@/lib/forms/invite-schema";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { AcceptInviteForm } from "@/components/portal/accept-invite-form";
import { acceptInviteAction } from "./actions";

// The token is in the path: no Referer may carry it to another page or host.
export const metadata: Metadata = { title: "Your invitation", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

type Params = { params: Promise<{ token: string }> };

export default async function AcceptInvitePage({ params }: Params) {
  const token = (await params).token;
  const check = acceptInviteSchema.shape.token.safeParse(token).success ? await checkInvite(token) : ({ ok: false, reason: "unknown" } as const);
  return (
    <div className="mx-auto flex max-w-md flex-col gap-6 pt-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{check.ok ? `Preview your imports for ${check.organizationName}` : "This invite link cannot be used"}</h1>
        <p className="text-sm text-muted-foreground">
          {check.ok
            ? "Your SeeClickFix contact invited you to upload your service-request files, see what needs fixing before they are imported, and send them back for review."
            : inviteRefusals[check.reason]}
        </p>
      </div>
      {check.ok ? (
        <Card>
          <CardHeader>
            <CardTitle>{check.hasAccount ? "Sign in" : "Set your password"}</CardTitle>
            <CardDescription>This link works once.</CardDescription>
          </CardHeader>
          <CardContent>
            <AcceptInviteForm action={acceptInviteAction} token={token} email={check.email} hasAccount={check.hasAccount} minPasswordLength={minPasswordLength} />
          </CardContent>
        </Card>
      ) : (
        <p className="text-sm">
          Have an account already? <Link href="/sign-in" className="font-medium text-primary hover:underline">Sign in</Link>.
        </p>
      )}
    </div>
  );
}
