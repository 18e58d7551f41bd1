"use client";

import { useId, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Send } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/forms/action-result";

const number = new Intl.NumberFormat("en-US");

type Props = { jobId: number; errorCount: number; submitted: boolean; submit: (input: { jobId: number }) => Promise<ActionResult<{ submittedAt: string }>> };

/** "Submit for review", the review header's primary action: the files go to the CSM, errors or not. */
export function SubmitForReview({ jobId, errorCount, submitted, submit }: Props) {
  const router = useRouter();
  const hint = useId();
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const left = errorCount === 0 ? "No errors left." : `${number.format(errorCount)} ${errorCount === 1 ? "error is" : "errors are"} left; your contact sees them too.`;
  return (
    <div className="flex items-center gap-2">
      {failure ? <p role="alert" className="max-w-56 text-xs text-danger">{failure}</p> : null}
      <span id={hint} className="sr-only">{`${left} ${submitted ? "You can fix more and submit again." : "Send the files to your SeeClickFix contact when you are done fixing."}`}</span>
      <Button
        size="sm"
        disabled={pending}
        aria-describedby={hint}
        title={left}
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
    </div>
  );
}
