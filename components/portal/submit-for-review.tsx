"use client";

import { useId, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Send } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/forms/action-result";

const number = new Intl.NumberFormat("en-US");

type Props = { jobId: number; errorCount: number; submitted: boolean; submit: (input: { jobId: number }) => Promise<ActionResult<{ submittedAt: string }>> };

/** "Submit for review": the files go to the CSM, errors or not (the error count says what is left). */
export function SubmitForReview({ jobId, errorCount, submitted, submit }: Props) {
  const router = useRouter();
  const hint = useId();
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <section aria-labelledby={`${hint}-title`} className="flex flex-wrap items-center justify-between gap-4 rounded-lg border border-border bg-white px-5 py-4">
      <div className="flex max-w-xl flex-col gap-1">
        <h2 id={`${hint}-title`} className="font-semibold">Submit for review</h2>
        <p id={hint} className="text-sm text-muted-foreground">
          {errorCount === 0 ? "No errors left. " : `${number.format(errorCount)} ${errorCount === 1 ? "error is" : "errors are"} left; your contact sees them too. `}
          {submitted ? "You can fix more and submit again." : "When you are done fixing, send the files to your SeeClickFix contact."}
        </p>
        {failure ? <p role="alert" className="text-sm text-danger">{failure}</p> : null}
      </div>
      <Button
        disabled={pending}
        aria-describedby={hint}
        onClick={() =>
          startTransition(async () => {
            const result = await submit({ jobId });
            setFailure(result.ok ? null : result.reason);
            router.refresh();
          })
        }
      >
        <Send aria-hidden className="size-4" />
        {pending ? "Submitting…" : submitted ? "Submit again" : "Submit for review"}
      </Button>
    </section>
  );
}
