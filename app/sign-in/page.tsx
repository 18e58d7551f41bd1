import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getViewer } from "@/lib/auth/viewer";
import { safeNextPath } from "@/lib/forms/sign-in-schema";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { signInAction } from "./actions";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const raw = (await searchParams).next;
  const next = safeNextPath(Array.isArray(raw) ? raw[0] : raw);
  // Already signed in: nothing to do here.
  if (await getViewer()) redirect(next);
  return (
    <div className="mx-auto flex max-w-sm flex-col gap-6 pt-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
        <p className="text-sm text-muted-foreground">Bulk import for the SeeClickFix 311 CRM. Staff, and customers invited to the portal by their SeeClickFix contact.</p>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Your account</CardTitle>
          <CardDescription>Use your e-mail address and the password you were given or chose.</CardDescription>
        </CardHeader>
        <CardContent>
          <SignInForm action={signInAction} next={next} />
        </CardContent>
      </Card>
    </div>
  );
}
