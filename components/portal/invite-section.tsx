"use client";

import { useId, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type * as z from "zod";
import { Check, Copy, Send } from "lucide-react";
import { createInviteSchema, defaultInviteDays, type CreateInviteInput } from "@/lib/forms/invite-schema";
import type { ActionResult } from "@/lib/forms/action-result";
import type { InviteStatus } from "@/lib/auth/invite-status";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";

export type InviteActions = {
  createInvite: (input: CreateInviteInput) => Promise<ActionResult<{ path: string; email: string; expiresAt: string }>>;
  revokeInvite: (input: { inviteId: number }) => Promise<ActionResult>;
};

export type InviteRow = { id: number; email: string; status: InviteStatus; createdBy: string | null; when: string };

const inputClass = "h-10 rounded-md border border-border bg-white px-3 text-sm aria-[invalid=true]:border-danger";

/** The invite form; a new link is shown once, with a copy button (only its hash is kept). */
export function InviteForm({ organizationId, actions }: { organizationId: number; actions: InviteActions }) {
  const router = useRouter();
  const id = useId();
  const [created, setCreated] = useState<{ link: string; email: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<z.input<typeof createInviteSchema>, unknown, CreateInviteInput>({ resolver: zodResolver(createInviteSchema), defaultValues: { organizationId, email: "", expiresInDays: defaultInviteDays } });
  const errors = form.formState.errors;

  const onSubmit = form.handleSubmit(async (values) => {
    const result = await actions.createInvite(values);
    if (!result.ok) return setFailure(result.reason);
    setFailure(null);
    setCreated({ link: `${window.location.origin}${result.path}`, email: result.email });
    form.reset({ organizationId, email: "", expiresInDays: defaultInviteDays });
    router.refresh();
  });

  return (
    <div className="flex flex-col gap-4">
      <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-end gap-3" aria-label="Invite a customer contact">
        <div className="flex min-w-64 flex-1 flex-col gap-1.5">
          <label htmlFor={`${id}-email`} className="text-sm font-medium">Contact&apos;s e-mail</label>
          <input id={`${id}-email`} type="email" autoComplete="off" {...form.register("email")} aria-invalid={errors.email ? true : undefined} aria-describedby={errors.email ? `${id}-email-error` : undefined} className={inputClass} />
          {errors.email ? <p id={`${id}-email-error`} className="text-sm text-danger">{errors.email.message}</p> : null}
        </div>
        <div className="flex w-44 flex-col gap-1.5">
          <label htmlFor={`${id}-days`} className="text-sm font-medium">Link works for (days)</label>
          <input id={`${id}-days`} type="number" min={1} max={30} {...form.register("expiresInDays", { valueAsNumber: true })} aria-invalid={errors.expiresInDays ? true : undefined} aria-describedby={errors.expiresInDays ? `${id}-days-error` : undefined} className={inputClass} />
          {errors.expiresInDays ? <p id={`${id}-days-error`} className="text-sm text-danger">{errors.expiresInDays.message}</p> : null}
        </div>
        <Button type="submit" disabled={form.formState.isSubmitting}>
          <Send aria-hidden className="size-4" />
          {form.formState.isSubmitting ? "Creating…" : "Create invite link"}
        </Button>
      </form>
      {failure ? <p role="alert" className="rounded-md border border-red-200 bg-danger-soft px-3 py-2 text-sm text-danger">{failure}</p> : null}
      {created ? <NewLink link={created.link} email={created.email} /> : null}
    </div>
  );
}

/** The link, once: copy it now and send it to the contact. */
function NewLink({ link, email }: { link: string; email: string }) {
  const [copied, setCopied] = useState(false);
  const id = useId();
  return (
    <div role="status" className="flex flex-col gap-2 rounded-md border border-green-200 bg-success-soft px-4 py-3 text-sm">
      <label htmlFor={id} className="font-medium">Invite link for {email}: copy it now, it is shown only once.</label>
      <div className="flex gap-2">
        <input id={id} readOnly value={link} onFocus={(event) => event.target.select()} className={`${inputClass} flex-1 font-mono text-xs`} />
        <Button
          type="button"
          variant="secondary"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(link);
              setCopied(true);
            } catch {
              // No clipboard (an http page, a denied permission): select the link to copy by hand.
              (document.getElementById(id) as HTMLInputElement | null)?.select();
            }
          }}
        >
          {copied ? <Check aria-hidden className="size-4" /> : <Copy aria-hidden className="size-4" />}
          {copied ? "Copied" : "Copy link"}
        </Button>
      </div>
    </div>
  );
}

const statusTones = { pending: "info", used: "success", expired: "neutral", revoked: "warning" } as const;

/** Every invite of the organization with its status; a pending one can be revoked. */
export function InviteList({ invites, actions }: { invites: InviteRow[]; actions: InviteActions }) {
  if (invites.length === 0) return <p className="text-sm text-muted-foreground">No invites yet.</p>;
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Invites, newest first</caption>
      <thead className="border-b border-border text-xs uppercase tracking-wide text-muted-foreground">
        <tr>
          <th scope="col" className="py-2 pr-4">Contact</th>
          <th scope="col" className="py-2 pr-4">Status</th>
          <th scope="col" className="py-2 pr-4">When</th>
          <th scope="col" className="py-2 pr-4">Invited by</th>
          <th scope="col" className="py-2"><span className="sr-only">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        {invites.map((invite) => (
          <tr key={invite.id} className="border-b border-border last:border-0">
            <td className="py-2 pr-4">{invite.email}</td>
            <td className="py-2 pr-4"><Badge tone={statusTones[invite.status]}>{invite.status}</Badge></td>
            <td className="py-2 pr-4 text-muted-foreground">{invite.when}</td>
            <td className="py-2 pr-4 text-muted-foreground">{invite.createdBy ?? "—"}</td>
            <td className="py-2 text-right">{invite.status === "pending" ? <RevokeButton invite={invite} revoke={actions.revokeInvite} /> : null}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RevokeButton({ invite, revoke }: { invite: InviteRow; revoke: InviteActions["revokeInvite"] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      {failure ? <span role="alert" className="text-xs text-danger">{failure}</span> : null}
      <Button
        type="button"
        variant="secondary"
        size="sm"
        disabled={pending}
        aria-label={`Revoke the invite for ${invite.email}`}
        onClick={() =>
          startTransition(async () => {
            const result = await revoke({ inviteId: invite.id });
            setFailure(result.ok ? null : result.reason);
            router.refresh();
          })
        }
      >
        {pending ? "Revoking…" : "Revoke"}
      </Button>
    </span>
  );
}
