import { LogOut } from "lucide-react";
import { Button } from "@/components/ui/button";

const roleLabels = { admin: "Administrator", csm: "Customer success", customer: "Customer" } as const;

/** Who is signed in, and the way out. A plain form: signing out works before the page hydrates. */
export function AccountMenu({ name, email, role, signOut }: { name: string | null; email: string; role: keyof typeof roleLabels; signOut: () => Promise<void> }) {
  return (
    <div className="ml-auto flex items-center gap-3 text-sm">
      <span className="flex flex-col items-end leading-tight">
        <span className="font-medium" data-testid="signed-in-as">{name ?? email}</span>
        <span className="text-xs text-muted-foreground">
          {name ? `${email} · ` : ""}
          {roleLabels[role]}
        </span>
      </span>
      <form action={signOut}>
        <Button type="submit" variant="secondary" size="sm">
          <LogOut aria-hidden className="size-4" />
          Sign out
        </Button>
      </form>
    </div>
  );
}
